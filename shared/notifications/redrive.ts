import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { parseJob, sendJob, type WebhookJob } from './webhook-job.ts';

export interface RedriveResult {
  readonly moved: number;
  /** Left where they were: another subscriber's, or not a webhook job at all. */
  readonly kept: number;
  readonly unreadable: number;
}

/**
 * Moves webhook jobs from the dead-letter queue back to the webhook queue, starting again at the
 * first try (same event, same webhook-id, so receivers still drop what they already have). Each
 * job is queued before it is deleted from the dead letters: a crash in between repeats it, never loses it.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  webhookQueueUrl: string,
  options: { subscriptionId?: string; now?: () => number } = {},
): Promise<RedriveResult> {
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  const left: { Id: string; ReceiptHandle: string }[] = [];
  let moved = 0;
  let kept = 0;
  let unreadable = 0;
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 120,
      }),
    );
    const messages = (received.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (messages.length === 0) break;
    for (const message of messages) {
      seen.add(message.MessageId ?? '');
      const job = parseJob(message.Body ?? '');
      if (!job || (options.subscriptionId && job.subscriptionId !== options.subscriptionId)) {
        if (job) kept++;
        else unreadable++;
        left.push({ Id: String(left.length), ReceiptHandle: message.ReceiptHandle ?? '' });
        continue;
      }
      const { notBefore: _n, deadLetteredAt: _d, ...rest } = job;
      const again: WebhookJob = { ...rest, attempt: 1, firstQueuedAt: now() };
      await sendJob(sqs, webhookQueueUrl, again);
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      moved++;
    }
  }
  // What stays is visible again at once, for the next operator.
  for (let start = 0; start < left.length; start += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: deadLetterQueueUrl,
        Entries: left.slice(start, start + 10).map((e, i) => ({ ...e, Id: String(i), VisibilityTimeout: 0 })),
      }),
    );
  }
  return { moved, kept, unreadable };
}
