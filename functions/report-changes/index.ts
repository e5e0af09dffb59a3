import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/lambda/logger.ts';
import { combineWork, workOfReportItem } from '../../shared/messaging/report-changes.ts';
import type { DirtyWorkInput } from '../../shared/messaging/work.ts';
import { requiredEnv } from '../../shared/store/dynamo.ts';

const sqs = new SQSClient({});
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');

/**
 * Turns the reports table's stream into the aggregator's work: each newly stored report names
 * what it changes, and a batch's changes go out as few messages as possible. The change signal
 * is thus written with the report itself (the stream) and reaches counting even if the request
 * that stored it died; a batch whose messages could not all be sent is tried again by the stream.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const work: DirtyWorkInput[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const found = image ? workOfReportItem(unmarshall(image as Record<string, AttributeValue>)) : undefined;
    // The filter lets only counted reports through; anything else is logged, never retried.
    if (found) work.push(found);
    else logger.error('Stream record names no work', { eventID: record.eventID });
  }
  const messages = combineWork(work);
  try {
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages
        .slice(i, i + 10)
        .map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) }));
      const answer = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: workQueueUrl, Entries: entries }),
      );
      if (answer.Failed?.length) throw new Error(`${answer.Failed.length} work messages were not sent`);
    }
  } catch (error) {
    // Everything from the first record comes again: the aggregator does the same work twice at worst.
    logger.error('Work not sent; the batch comes again', { error });
    const first = event.Records[0]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
  logger.info('changes', { records: event.Records.length, messages: messages.length });
  return { batchItemFailures: [] };
}
