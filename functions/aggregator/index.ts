import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { defaultAudiences } from '../../config/notifications.ts';
import { aggregateBatch, failedMessageIds } from '../../shared/aggregation/aggregate-batch.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { readWorkMessages } from '../../shared/messaging/work.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';

const deps = {
  db: documentClient(),
  sns: new SNSClient({}),
  sqs: new SQSClient({}),
  reportsTable: requiredEnv('REPORTS_TABLE'),
  aggregatesTable: requiredEnv('AGGREGATES_TABLE'),
  topicArn: requiredEnv('EVENTS_TOPIC_ARN'),
  workQueueUrl: requiredEnv('WORK_QUEUE_URL'),
  audiences: defaultAudiences(),
  now: () => new Date(),
};

/**
 * Recomputes what the batch names, once per contest, slot or province however many messages
 * name it, and reports as failed only the messages whose work could not be done.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const started = Date.now();
  const { readable, unreadable } = readWorkMessages(event.Records);
  // Failed, not dropped: after its tries it waits on the work queue's dead-letter queue for an operator.
  for (const record of unreadable)
    logger.error('Work message not understood', { messageId: record.messageId });
  const { failed, requeued } = await aggregateBatch(
    deps,
    readable.map((p) => p.work),
  );
  const failures = failedMessageIds(readable, unreadable, failed).map((id) => ({ itemIdentifier: id }));
  logger.info('batch', {
    messages: event.Records.length,
    failedMessages: failures.length,
    // Work that must wait a moment, sent back as one delayed message per election.
    requeuedMessages: requeued,
    durationMs: Date.now() - started,
    consumedCapacity: takeConsumedCapacity(),
  });
  return { batchItemFailures: failures };
});
