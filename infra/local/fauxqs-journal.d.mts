/** See fauxqs-journal.mjs: makes an emulator store's queues durable in a journal file. */
export function journalQueues(SqsQueue: unknown, store: unknown, file: string): void;
