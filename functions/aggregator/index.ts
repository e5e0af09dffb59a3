import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { completionFact, contestCompleteEvent } from '../../shared/events/contest-events.ts';
import { attributesOf } from '../../shared/events/envelope.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { audiencesFromEnv, publishEvent } from '../../shared/messaging/events-topic.ts';
import { DirtyContests } from '../../shared/messaging/work.ts';
import { markCompletionAnnounced, writeContestAggregate } from '../../shared/store/aggregates.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { type ElectionMeta, readElectionMeta } from '../../shared/store/elections.ts';
import { readContestPartition } from '../../shared/store/tallies.ts';
import { recomputeContestWithVersions } from '../../shared/tabulation/recompute.ts';

const db = documentClient();
const sns = new SNSClient({});
const reportsTable = requiredEnv('REPORTS_TABLE');
const aggregatesTable = requiredEnv('AGGREGATES_TABLE');
const topicArn = requiredEnv('EVENTS_TOPIC_ARN');
const audiences = audiencesFromEnv();

/**
 * Recomputes each contest named in the batch once, however many messages name it, and reports
 * as failed only the messages whose contests could not be recomputed.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const contestsOfMessage = new Map<string, string[]>();
  const failures: string[] = [];
  for (const record of event.Records) {
    const parsed = DirtyContests.safeParse(safeJson(record.body));
    if (!parsed.success) {
      // A message that can never be read is not retried; it is logged for an operator.
      logger.error('Unreadable work message dropped', { messageId: record.messageId });
      continue;
    }
    contestsOfMessage.set(
      record.messageId,
      parsed.data.contestIds.map((contestId) => `${parsed.data.electionId}\u001f${contestId}`),
    );
  }
  const unique = new Set([...contestsOfMessage.values()].flat());
  const failed = new Set<string>();
  const metas = new Map<string, Promise<ElectionMeta | undefined>>();
  for (const key of unique) {
    const [electionId = '', contestId = ''] = key.split('\u001f');
    try {
      if (!metas.has(electionId)) metas.set(electionId, readElectionMeta(db, reportsTable, electionId));
      await recomputeAndAnnounce(electionId, contestId, await metas.get(electionId));
    } catch (error) {
      logger.error('Recompute failed', { electionId, contestId, error: error as Error });
      failed.add(key);
    }
  }
  for (const [messageId, keys] of contestsOfMessage) {
    if (keys.some((key) => failed.has(key))) failures.push(messageId);
  }
  logger.info('batch', {
    messages: event.Records.length,
    contests: unique.size,
    failedContests: failed.size,
  });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
});

async function recomputeAndAnnounce(electionId: string, contestId: string, meta: ElectionMeta | undefined) {
  const { placed, tallies } = await readContestPartition(db, reportsTable, electionId, contestId);
  if (!placed || !meta) {
    logger.warn('Work for a contest that is not defined', { electionId, contestId });
    return;
  }
  const { result, countedVersions } = recomputeContestWithVersions(placed, tallies);
  const { stored } = await writeContestAggregate(db, aggregatesTable, {
    electionId,
    contestId,
    regionId: placed.regionId,
    result,
    asOf: new Date().toISOString(),
    sourceItems: tallies.length,
    countedVersions,
  });
  if (stored.result.status !== 'COMPLETE') return;
  const fact = completionFact(stored.result);
  if (stored.announcedCompletion === fact) return;
  const contestEvent = contestCompleteEvent(electionId, meta.mode, placed, stored.result, stored.asOf);
  await publishEvent(
    sns,
    topicArn,
    audiences,
    contestEvent,
    attributesOf(contestEvent, 'CONTEST', placed.contest.body),
  );
  await markCompletionAnnounced(db, aggregatesTable, electionId, contestId, fact);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
