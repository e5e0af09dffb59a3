import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import { sleep } from '../concurrency/sleep.ts';
import type { ReportType } from '../model/report.ts';
import { keys, SUBMISSION_SHARDS } from './keys.ts';

/**
 * The claim on a submissionId: what was sent (its hash), when it was received, by whom, the
 * warnings answered, and where the report itself is stored.
 */
export interface SubmissionRecord {
  readonly electionId: string;
  readonly submissionId: string;
  readonly type: ReportType;
  readonly contentHash: string;
  readonly receivedAt: string;
  readonly submittedBy: string;
  readonly warnings: readonly Warning[];
  readonly target: { readonly pk: string; readonly sk: string };
  readonly provinceId?: string;
  readonly pollingAreaId?: string;
  readonly contestId?: string;
  readonly version?: number;
}

export async function readSubmission(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  submissionId: string,
): Promise<SubmissionRecord | undefined> {
  const answer = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.submission(electionId, submissionId),
      ConsistentRead: true,
    }),
  );
  return answer.Item as SubmissionRecord | undefined;
}

/** What one atomic write of a claim and its report found. */
export type ClaimAndStore =
  | { readonly outcome: 'STORED' }
  /** The submissionId was claimed before: nothing was written. */
  | { readonly outcome: 'CLAIMED'; readonly existing: SubmissionRecord }
  /** The report's key (a tally version) holds another report: nothing was written. */
  | { readonly outcome: 'TAKEN'; readonly existing: Record<string, unknown> };

/** How often a transaction that collided with a concurrent one on the same items is tried again. */
const CONFLICT_RETRIES = 5;

/**
 * Writes the claim on the submissionId and the report item in one transaction, each on condition
 * that its key is free: either both are stored or neither is, so a claim never outlives a crash
 * without its report. A cancelled write answers what held the key.
 */
export async function claimAndStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  record: SubmissionRecord,
  item: Record<string, unknown> & { pk: string; sk: string },
): Promise<ClaimAndStore> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: claimItem(record),
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: item,
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
      return { outcome: 'STORED' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [claim, report] = error.CancellationReasons ?? [];
      if (claim?.Code === 'ConditionalCheckFailed') {
        const existing = claim.Item
          ? (unmarshall(claim.Item) as SubmissionRecord)
          : await readSubmission(client, tableName, record.electionId, record.submissionId);
        if (existing) return { outcome: 'CLAIMED', existing };
      } else if (report?.Code === 'ConditionalCheckFailed') {
        const existing = report.Item
          ? unmarshall(report.Item)
          : await readItem(client, tableName, { pk: item.pk, sk: item.sk });
        if (existing) return { outcome: 'TAKEN', existing };
      }
      const collided = [claim, report].some((r) => r?.Code === 'TransactionConflict');
      if (!collided || attempt >= CONFLICT_RETRIES) throw error;
      await sleep(10 * 2 ** attempt + Math.random() * 20);
    }
  }
}

function claimItem(record: SubmissionRecord) {
  return { ...keys.submission(record.electionId, record.submissionId), kind: 'SUBMISSION', ...record };
}

/** Gives up a claim whose report was refused, so that a refused request leaves nothing stored. */
export async function releaseSubmission(
  client: DynamoDBDocumentClient,
  tableName: string,
  record: Pick<SubmissionRecord, 'electionId' | 'submissionId' | 'contentHash'>,
): Promise<void> {
  await client
    .send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.submission(record.electionId, record.submissionId),
        ConditionExpression: 'contentHash = :hash',
        ExpressionAttributeValues: { ':hash': record.contentHash },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
}

/** Whether any report was ever accepted for the election: one short query per shard. */
export async function anySubmission(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<boolean> {
  const shards = Array.from({ length: SUBMISSION_SHARDS }, (_, shard) =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.submissionPartition(electionId, shard) },
        Limit: 1,
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
    ),
  );
  return (await Promise.all(shards)).some((page) => (page.Items?.length ?? 0) > 0);
}

/** Stores a report item once; answers the item already there if the key is taken. */
export async function putOnce(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown> & { pk: string; sk: string },
): Promise<{ stored: true } | { stored: false; existing: Record<string, unknown> }> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { stored: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (error.Item) return { stored: false, existing: unmarshall(error.Item) };
    const existing = await client.send(
      new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    );
    if (!existing.Item) throw error;
    return { stored: false, existing: existing.Item };
  }
}

export async function readItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
): Promise<Record<string, unknown> | undefined> {
  const answer = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return answer.Item;
}
