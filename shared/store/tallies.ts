import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import type { PlacedContest } from '../model/election-index.ts';
import type { ContestId, ElectionId, PollingAreaId } from '../model/ids.ts';
import type { TallyReport } from '../model/report.ts';
import { latestVersions } from '../tabulation/latest-versions.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** A tally version as stored: the report, who sent it, when, and what was said about it. Never changed. */
export interface StoredTally extends TallyReport {
  readonly electionId: ElectionId;
  readonly receivedAt: string;
  readonly submittedBy: string;
  readonly contentHash: string;
  /** The hash of the counting figures alone, to find identical minutes. */
  readonly figuresHash: string;
  readonly warnings: readonly Warning[];
}

export function tallyItem(tally: StoredTally): Record<string, unknown> & { pk: string; sk: string } {
  return {
    ...keys.tallyVersion(tally.electionId, tally.contestId, tally.pollingAreaId, tally.version),
    kind: 'TALLY',
    ...tally,
  };
}

export async function latestTallyVersion(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
  pollingAreaId: PollingAreaId,
): Promise<StoredTally | undefined> {
  const answer = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.contestPartition(electionId, contestId),
        ':prefix': keys.tallyVersionPrefix(pollingAreaId),
      },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return answer.Items?.[0] as StoredTally | undefined;
}

/** One stored version of a polling area's tally. */
export async function readTallyVersion(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
  pollingAreaId: PollingAreaId,
  version: number,
): Promise<StoredTally | undefined> {
  const answer = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.tallyVersion(electionId, contestId, pollingAreaId, version),
      ConsistentRead: true,
    }),
  );
  return answer.Item as StoredTally | undefined;
}

/** How many tally versions a contest holds: the count a complete recompute reads. */
export async function countTallyVersions(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.contestPartition(electionId, contestId), ':prefix': 'PA#' },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** Every version of one polling area's tally for one contest, oldest first. */
export async function listTallyVersions(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
  pollingAreaId: PollingAreaId,
): Promise<StoredTally[]> {
  const versions: StoredTally[] = [];
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.contestPartition(electionId, contestId),
      ':prefix': keys.tallyVersionPrefix(pollingAreaId),
    },
    ConsistentRead: true,
  });
  for await (const item of items) versions.push(item as unknown as StoredTally);
  return versions;
}

/** The figures hash of each polling area's current tally in a contest (a light read: keys and hashes only). */
export async function currentFiguresOfContest(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
): Promise<{ pollingAreaId: PollingAreaId; version: number; figuresHash: string }[]> {
  const found: { pollingAreaId: PollingAreaId; version: number; figuresHash: string }[] = [];
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.contestPartition(electionId, contestId), ':prefix': 'PA#' },
    ProjectionExpression: 'pollingAreaId, version, figuresHash',
    ConsistentRead: true,
  });
  for await (const item of items)
    found.push(item as unknown as { pollingAreaId: PollingAreaId; version: number; figuresHash: string });
  return latestVersions(found);
}

export interface ContestPartition {
  readonly placed: PlacedContest | undefined;
  readonly tallies: StoredTally[];
}

/** Reads a contest's definition and every tally version stored for it, consistently. */
export async function readContestPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  contestId: ContestId,
): Promise<ContestPartition> {
  let placed: PlacedContest | undefined;
  const tallies: StoredTally[] = [];
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.contestPartition(electionId, contestId) },
    ConsistentRead: true,
  });
  for await (const item of items) {
    if (item.kind === 'CONTEST') placed = item as unknown as PlacedContest;
    else if (item.kind === 'TALLY') tallies.push(item as unknown as StoredTally);
  }
  return { placed, tallies };
}
