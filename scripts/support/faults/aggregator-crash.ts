import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The drill's aggregator crash: when the drill leaves a file named `aggregator-crash` in
 * DRILL_FAULT_DIR, the next batch of two or more messages is half done — its first message
 * processed — and then the function dies, so the whole batch comes back with part of it done.
 * Whoever removes the file crashes: one crash per file. Logged for the drill to count.
 */
export function wrap(handler: Handler): Handler {
  const flag = path.join(process.env.DRILL_FAULT_DIR ?? '', 'aggregator-crash');
  return async (event, context) => {
    const [first] = event.Records;
    if (!first || event.Records.length < 2 || !existsSync(flag)) return handler(event, context);
    try {
      rmSync(flag);
    } catch {
      return handler(event, context);
    }
    await handler({ Records: [first] }, context);
    console.log(JSON.stringify({ fault: 'AGGREGATOR_CRASH_MID_BATCH', after: first.messageId }));
    throw new Error('fault injected mid-batch');
  };
}
