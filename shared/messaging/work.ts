import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { Identifier } from '../model/ids.ts';

/** "These contests changed": the work queue's one message type, read by the aggregator. */
export const DirtyContests = z.strictObject({
  electionId: Identifier,
  contestIds: z.array(Identifier).min(1).max(100),
});
export type DirtyContests = z.infer<typeof DirtyContests>;

export async function sendDirtyContests(
  client: SQSClient,
  queueUrl: string,
  message: DirtyContests,
): Promise<void> {
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
}
