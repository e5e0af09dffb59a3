// A write-ahead journal for fauxqs's queues, which keep everything in memory: every message put on
// a queue and every message deleted from one is appended to a file under the cloud's --data-dir,
// so that a local cloud killed without warning (SIGKILL, a power cut) starts again with every
// message it had not deleted — as SQS, which is durable, would. A message received but not yet
// deleted comes back visible, as it would once its visibility timeout lapsed. On start the
// journal is replayed and rewritten with what is still pending; it is compacted the same way when
// it grows past its bound. Appends are synchronous: once a SendMessage is answered, its message
// is in the file (the page cache survives the process).
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

const COMPACT_BYTES = 128 * 1024 * 1024;

/** Makes the store's queues durable in `file`; messages of queues not yet created wait for them. */
export function journalQueues(SqsQueue, store, file) {
  const pending = replay(file);
  const waiting = new Map();
  for (const { queue, message } of pending.values()) {
    const list = waiting.get(queue) ?? [];
    list.push(message);
    waiting.set(queue, list);
  }
  writeSnapshot(file, [...pending.values()]);
  let fd = openSync(file, 'a');
  let written = 0;
  const append = (record) => {
    const line = `${JSON.stringify(record)}\n`;
    writeSync(fd, line);
    written += line.length;
    if (written > COMPACT_BYTES) {
      closeSync(fd);
      writeSnapshot(file, liveMessages(store));
      fd = openSync(file, 'a');
      written = 0;
    }
  };

  const enqueue = SqsQueue.prototype.enqueue;
  SqsQueue.prototype.enqueue = function journaledEnqueue(message) {
    append({ op: 'put', queue: this.name, message });
    return enqueue.call(this, message);
  };
  const deleteMessage = SqsQueue.prototype.deleteMessage;
  SqsQueue.prototype.deleteMessage = function journaledDelete(receiptHandle) {
    const entry = this.inflightMessages.get(receiptHandle);
    if (entry) append({ op: 'del', id: entry.message.messageId });
    return deleteMessage.call(this, receiptHandle);
  };
  const purge = SqsQueue.prototype.purge;
  SqsQueue.prototype.purge = function journaledPurge() {
    append({ op: 'purge', queue: this.name });
    return purge.call(this);
  };
  const createQueue = store.createQueue.bind(store);
  store.createQueue = (name, ...rest) => {
    const queue = createQueue(name, ...rest);
    // Put back, unjournaled (they are in the journal already), what the queue held before.
    for (const message of waiting.get(name) ?? []) enqueue.call(queue, { ...message, delayUntil: undefined });
    waiting.delete(name);
    return queue;
  };
}

/** The messages still pending in a journal, by id, in the order they were put; the last put wins. */
function replay(file) {
  const pending = new Map();
  if (!existsSync(file)) return pending;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a line cut short by the kill: its request was never answered
    }
    if (record.op === 'put') {
      // A move to a dead-letter queue puts the same message again: it is then only there.
      pending.delete(record.message.messageId);
      pending.set(record.message.messageId, { queue: record.queue, message: record.message });
    } else if (record.op === 'del') pending.delete(record.id);
    else if (record.op === 'purge')
      for (const [id, held] of pending) if (held.queue === record.queue) pending.delete(id);
  }
  return pending;
}

function liveMessages(store) {
  const live = [];
  for (const queue of store.queues.values()) {
    const { ready, delayed, inflight } = queue.inspectMessages();
    for (const message of [...ready, ...delayed, ...inflight.map((e) => e.message)])
      live.push({ queue: queue.name, message });
  }
  return live;
}

/** Replaces the journal, atomically, with one put per pending message. */
function writeSnapshot(file, held) {
  const next = `${file}.next`;
  const fd = openSync(next, 'w');
  for (const { queue, message } of held) writeSync(fd, `${JSON.stringify({ op: 'put', queue, message })}\n`);
  closeSync(fd);
  renameSync(next, file);
}
