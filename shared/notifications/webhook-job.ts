import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { ElectionEvent } from '../events/envelope.ts';
import { Identifier } from '../model/ids.ts';

/** One delivery of one event to one subscriber: the webhook queue's message, also on its dead-letter queue. */
export const WebhookJob = z.strictObject({
  subscriptionId: Identifier,
  audience: z.string().min(1).max(64),
  /** 1 for the first try; a redrive starts again at 1. */
  attempt: z.int().min(1),
  /** When the next try is due (epoch ms): SQS delays 15 minutes at most, longer waits take hops. */
  notBefore: z.number().optional(),
  firstQueuedAt: z.number(),
  lastError: z.string().optional(),
  deadLetteredAt: z.string().optional(),
  event: z.looseObject({ eventId: z.string().min(1), electionId: z.string().min(1), type: z.string() }),
});
export type WebhookJob = Omit<z.infer<typeof WebhookJob>, 'event'> & { event: ElectionEvent };

/** A queued job, or undefined for a message that is not one. */
export function parseJob(body: string): WebhookJob | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = WebhookJob.safeParse(json);
  return parsed.success ? (parsed.data as unknown as WebhookJob) : undefined;
}

export async function sendJob(sqs: SQSClient, queueUrl: string, job: WebhookJob, delaySeconds = 0) {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(job),
      ...(delaySeconds > 0 ? { DelaySeconds: Math.min(900, Math.ceil(delaySeconds)) } : {}),
    }),
  );
}

/** Queues jobs ten to a request; throws if any could not be queued, so the caller's batch is retried. */
export async function sendJobs(sqs: SQSClient, queueUrl: string, jobs: readonly WebhookJob[]) {
  for (let start = 0; start < jobs.length; start += 10) {
    const chunk = jobs.slice(start, start + 10);
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((job, i) => ({ Id: String(i), MessageBody: JSON.stringify(job) })),
      }),
    );
    if (sent.Failed?.length) throw new Error(`${sent.Failed.length} webhook jobs could not be queued`);
  }
}
