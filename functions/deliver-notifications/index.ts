import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { audienceOfQueue } from '../../config/notifications.ts';
import type { ElectionEvent } from '../../shared/events/envelope.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { deliverToAudience } from '../../shared/notifications/deliver.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';

const deps = {
  db: documentClient(),
  sqs: new SQSClient({}),
  inboxTable: requiredEnv('NOTIFICATIONS_TABLE'),
  webhookQueueUrl: requiredEnv('WEBHOOK_QUEUE_URL'),
  now: () => Date.now(),
};

/**
 * An audience queue's consumer: the events of a batch go into that audience's inbox, once each,
 * and on to its webhook subscribers. The audience is the one the queue was made for.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const groups = new Map<
    string,
    { audience: string; electionId: string; records: SQSRecord[]; events: ElectionEvent[] }
  >();
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const audience = audienceOfQueue(record.eventSourceARN);
    const parsed = parseEvent(record.body);
    if (!audience || !parsed) {
      // Not lost: after five tries it waits on the audience's dead-letter queue for an operator.
      logger.error('Event message not understood', {
        messageId: record.messageId,
        queue: record.eventSourceARN,
      });
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const key = `${audience}\u001f${parsed.electionId}`;
    const group = groups.get(key) ?? { audience, electionId: parsed.electionId, records: [], events: [] };
    group.records.push(record);
    group.events.push(parsed);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    try {
      const done = await deliverToAudience(deps, group.electionId, group.audience, group.events);
      logger.info('delivered', { audience: group.audience, electionId: group.electionId, ...done });
    } catch (error) {
      logger.error('Delivery failed; the batch comes back', {
        audience: group.audience,
        error: String(error),
      });
      failures.push(...group.records.map((r) => ({ itemIdentifier: r.messageId })));
    }
  }
  logger.info('batch', { messages: event.Records.length, consumedCapacity: takeConsumedCapacity() });
  return { batchItemFailures: failures };
});

function parseEvent(body: string): ElectionEvent | undefined {
  try {
    const event = JSON.parse(body) as Partial<ElectionEvent>;
    return typeof event.eventId === 'string' && typeof event.electionId === 'string'
      ? (event as ElectionEvent)
      : undefined;
  } catch {
    return undefined;
  }
}
