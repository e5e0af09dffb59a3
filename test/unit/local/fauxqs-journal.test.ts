import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// fauxqs's own store, the one its server runs, and the journal that makes it durable.
const { SqsQueue, SqsStore } = await import('../../../node_modules/fauxqs/dist/sqs/sqsStore.js');
const { journalQueues } = await import('../../../infra/local/fauxqs-journal.mjs');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A store as the emulator process makes it, journaled into `file`. Each call stands for a fresh
 * process: the class's methods are wrapped afresh, so the wrappers of the last one are undone first.
 */
const originals = {
  enqueue: SqsQueue.prototype.enqueue,
  deleteMessage: SqsQueue.prototype.deleteMessage,
  purge: SqsQueue.prototype.purge,
};
function processWith(file: string) {
  Object.assign(SqsQueue.prototype, originals);
  const store = new SqsStore();
  journalQueues(SqsQueue, store, file);
  const queue = (name: string) =>
    store.getQueueByName(name) ??
    store.createQueue(name, `http://q/${name}`, `arn:aws:sqs:r:0:${name}`, { VisibilityTimeout: '30' }, {});
  return { store, queue };
}

const message = (id: string) => ({
  messageId: id,
  body: `body ${id}`,
  md5OfBody: '',
  messageAttributes: {},
  md5OfMessageAttributes: '',
  sentTimestamp: Date.now(),
  approximateReceiveCount: 0,
});

const bodies = (queue: { inspectMessages(): { ready: { body: string }[] } }) =>
  queue.inspectMessages().ready.map((m) => m.body);

function journalFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return path.join(dir, 'sqs-journal.ndjson');
}

describe('the local queues’ journal', () => {
  it('gives a restarted emulator every message not deleted, received ones visible again', () => {
    const file = journalFile();
    const first = processWith(file);
    const work = first.queue('work');
    for (const id of ['a', 'b', 'c', 'd']) work.enqueue(message(id));
    const received = work.dequeue(2);
    expect(received).toHaveLength(2);
    // a is received and deleted; b is received and never deleted (the process dies with it in flight).
    work.deleteMessage(String(received[0]?.ReceiptHandle));

    const second = processWith(file);
    expect(bodies(second.queue('work'))).toEqual(['body b', 'body c', 'body d']);
    // What was put back is not journaled twice: a third start finds the same.
    const third = processWith(file);
    expect(bodies(third.queue('work'))).toEqual(['body b', 'body c', 'body d']);
  });

  it('keeps a message moved to a dead-letter queue only there, and forgets a purged queue', () => {
    const file = journalFile();
    const first = processWith(file);
    const dlq = first.queue('dlq');
    const source = first.queue('source');
    source.enqueue(message('m'));
    // The emulator's move to a dead-letter queue puts the same message (same id) there.
    dlq.enqueue(message('m'));
    first.queue('purged').enqueue(message('p'));
    first.queue('purged').purge();

    const second = processWith(file);
    expect(bodies(second.queue('source'))).toEqual([]);
    expect(bodies(second.queue('dlq'))).toEqual(['body m']);
    expect(bodies(second.queue('purged'))).toEqual([]);
  });

  it('reads past a last line cut short by the kill', () => {
    const file = journalFile();
    writeFileSync(file, `${JSON.stringify({ op: 'put', queue: 'work', message: message('x') })}\n`);
    appendFileSync(file, '{"op":"put","queue":"work","mess');
    expect(bodies(processWith(file).queue('work'))).toEqual(['body x']);
  });
});
