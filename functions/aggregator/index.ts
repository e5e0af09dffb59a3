import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { defaultAudiences } from '../../config/notifications.ts';
import { aggregateBatch, InjectedFault, workKey } from '../../shared/aggregation/aggregate-batch.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { DirtyWork } from '../../shared/messaging/work.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';

/**
 * A crash in the middle of the first batch that holds two contests of an election whose id starts
 * with this prefix, once per execution environment. Set only by the local cloud's tests.
 */
const faultPrefix = process.env.FAULT_CRASH_ELECTION_PREFIX;
const crashedFor = new Set<string>();

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
  ...(faultPrefix
    ? {
        beforeContest: (electionId: string, _contestId: string, position: number) => {
          if (!electionId.startsWith(faultPrefix) || position < 1 || crashedFor.has(electionId)) return;
          crashedFor.add(electionId);
          logger.warn('Crashing mid-batch, as configured', { electionId });
          throw new InjectedFault(`fault injected for ${electionId}`);
        },
      }
    : {}),
};

/**
 * Recomputes what the batch names, once per contest, slot or province however many messages
 * name it, and reports as failed only the messages whose work could not be done.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const started = Date.now();
  const parsed: { record: SQSRecord; work: DirtyWork }[] = [];
  for (const record of event.Records) {
    const work = DirtyWork.safeParse(safeJson(record.body));
    // A message that can never be read is not retried; it is logged for an operator.
    if (work.success) parsed.push({ record, work: work.data });
    else logger.error('Unreadable work message dropped', { messageId: record.messageId });
  }
  const { failed } = await aggregateBatch(
    deps,
    parsed.map((p) => p.work),
  );
  const failures = parsed
    .filter(({ work }) =>
      [
        ...work.contestIds.map((c) => workKey(work.electionId, 'contest', c)),
        ...work.turnoutSlots.map((s) => workKey(work.electionId, 'slot', `${s.provinceId}\u001f${s.slot}`)),
        ...work.provinceIds.map((p) => workKey(work.electionId, 'province', p)),
      ].some((key) => failed.has(key)),
    )
    .map(({ record }) => ({ itemIdentifier: record.messageId }));
  logger.info('batch', {
    messages: event.Records.length,
    failedMessages: failures.length,
    durationMs: Date.now() - started,
    consumedCapacity: takeConsumedCapacity(),
  });
  return { batchItemFailures: failures };
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
