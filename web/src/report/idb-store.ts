import { memoryStore, type OutboxItem, type OutboxStore } from './outbox.ts';

/**
 * The outbox in IndexedDB: it survives closing the tab, a reload and a dead battery's restart.
 * Every put is its own transaction, finished before the promise resolves, so an item said stored
 * is on disk. Where IndexedDB is refused (some private windows), the outbox lives in memory and
 * the page says so.
 */
const DATABASE = 'election-night-outbox';
const STORE = 'items';

export async function openOutbox(): Promise<{ store: OutboxStore; durable: boolean }> {
  try {
    const db = await openDatabase();
    return { store: databaseStore(db), durable: true };
  } catch {
    return { store: memoryStore(), durable: false };
  }
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('no IndexedDB'));
      return;
    }
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function databaseStore(db: IDBDatabase): OutboxStore {
  return {
    all: () =>
      new Promise((resolve, reject) => {
        const request = db.transaction(STORE, 'readonly').objectStore(STORE).getAll();
        request.onsuccess = () => resolve(request.result as OutboxItem[]);
        request.onerror = () => reject(request.error);
      }),
    put: (item) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
        tx.objectStore(STORE).put(item);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  };
}
