import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PlacedContest } from '../model/election-index.ts';
import type { TallyReport } from '../model/report.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** A tally version as stored: the report, who sent it and when. Never changed once written. */
export interface StoredTally extends TallyReport {
  readonly electionId: string;
  readonly receivedAt: string;
  readonly submittedBy: string;
  readonly contentHash: string;
}

export async function latestTallyVersion(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  contestId: string,
  pollingAreaId: string,
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

export type PutTallyAnswer = { stored: true } | { stored: false; existing: StoredTally };

/** Stores a version only if no tally holds that version yet: the version race is decided here. */
export async function putTallyVersion(
  client: DynamoDBDocumentClient,
  tableName: string,
  tally: StoredTally,
): Promise<PutTallyAnswer> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.tallyVersion(tally.electionId, tally.contestId, tally.pollingAreaId, tally.version),
          kind: 'TALLY',
          ...tally,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { stored: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException && error.Item) {
      return { stored: false, existing: unmarshall(error.Item) as StoredTally };
    }
    throw error;
  }
}

export interface ContestPartition {
  readonly placed: PlacedContest | undefined;
  readonly tallies: StoredTally[];
}

/** Reads a contest's definition and every tally version stored for it, consistently. */
export async function readContestPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  contestId: string,
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
