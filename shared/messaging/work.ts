import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { Identifier } from '../model/ids.ts';

/** "These changed": the work queue's one message type, read by the aggregator. */
export const DirtyWork = z.strictObject({
  electionId: Identifier,
  contestIds: z.array(Identifier).max(100).default([]),
  provinceIds: z.array(Identifier).max(100).default([]),
  turnoutSlots: z
    .array(z.strictObject({ provinceId: Identifier, slot: z.string().regex(/^\d{2}$/) }))
    .max(100)
    .default([]),
});
export type DirtyWork = z.infer<typeof DirtyWork>;
export type DirtyWorkInput = z.input<typeof DirtyWork>;

export function isEmptyWork(work: DirtyWorkInput): boolean {
  return !work.contestIds?.length && !work.provinceIds?.length && !work.turnoutSlots?.length;
}

export async function sendWork(
  client: SQSClient,
  queueUrl: string,
  work: DirtyWorkInput,
  delaySeconds = 0,
): Promise<void> {
  await client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(work),
      ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
    }),
  );
}

/** The work each message of a batch names, and the messages that name none that can be read. */
export function readWorkMessages<R extends { readonly body: string }>(records: readonly R[]) {
  const readable: { record: R; work: DirtyWork }[] = [];
  const unreadable: R[] = [];
  for (const record of records) {
    const work = DirtyWork.safeParse(safeJson(record.body));
    if (work.success) readable.push({ record, work: work.data });
    else unreadable.push(record);
  }
  return { readable, unreadable };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
