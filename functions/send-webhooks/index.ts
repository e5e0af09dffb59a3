import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/lambda/logger.ts';
import { sendWebhook } from '../../shared/notifications/send-webhook.ts';
import { parseJob } from '../../shared/notifications/webhook-job.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { destinationPolicyFromEnv } from '../../shared/webhooks/destination.ts';
import { retryPolicyFromEnv } from '../../shared/webhooks/retry.ts';

const deps = {
  db: documentClient(),
  sqs: new SQSClient({}),
  subscriptionsTable: requiredEnv('SUBSCRIPTIONS_TABLE'),
  webhookQueueUrl: requiredEnv('WEBHOOK_QUEUE_URL'),
  deadLetterQueueUrl: requiredEnv('WEBHOOK_DEAD_LETTER_QUEUE_URL'),
  policy: retryPolicyFromEnv(),
  timeoutMs: Number(process.env.WEBHOOK_TIMEOUT_MS ?? 5_000),
  destinations: destinationPolicyFromEnv(),
  now: () => Date.now(),
};

/** Tries every job of the batch at once; a job that could not be handed on comes back from SQS. */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const outcomes: Record<string, number> = {};
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      const job = parseJob(record.body);
      if (!job) {
        logger.error('Webhook job not understood', { messageId: record.messageId });
        failures.push({ itemIdentifier: record.messageId });
        return;
      }
      try {
        const outcome = await sendWebhook(deps, job);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        logger.error('Webhook job not handed on; it comes back', {
          subscriptionId: job.subscriptionId,
          eventId: job.event.eventId,
          error: String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  logger.info('batch', { messages: event.Records.length, ...outcomes, failed: failures.length });
  return { batchItemFailures: failures };
});
