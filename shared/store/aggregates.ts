import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContestResult } from '../tabulation/contest-result.ts';
import { keys } from './keys.ts';

export interface ContestAggregate {
  readonly electionId: string;
  readonly contestId: string;
  readonly regionId: string;
  readonly result: ContestResult;
  readonly asOf: string;
  /** How many tally versions the result was computed from; versions are only ever added. */
  readonly sourceItems: number;
  /** Per polling area, the tally version the result counts. */
  readonly countedVersions: Readonly<Record<string, number>>;
  /** The completion fact last announced, so an event lost between write and publish is sent again. */
  readonly announcedCompletion?: string;
}

export async function readContestAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  contestId: string,
): Promise<ContestAggregate | undefined> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.contestAggregate(electionId, contestId) }),
  );
  return answer.Item ? fromItem(answer.Item) : undefined;
}

/** Results are stored as JSON text: the published document keeps its field order and its ETag. */
function fromItem(item: Record<string, unknown>): ContestAggregate {
  const { resultJson, ...rest } = item;
  return {
    ...(rest as Omit<ContestAggregate, 'result'>),
    result: JSON.parse(String(resultJson)) as ContestResult,
  };
}

/**
 * Writes a recomputed result unless a result from more tally versions is already stored: a
 * superset of versions always has more items, so a slow recompute can never overwrite a newer one.
 * Answers the stored aggregate, ours or the newer one.
 */
export async function writeContestAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  aggregate: Omit<ContestAggregate, 'announcedCompletion'>,
): Promise<{ written: boolean; stored: ContestAggregate }> {
  try {
    const answer = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.contestAggregate(aggregate.electionId, aggregate.contestId),
        UpdateExpression:
          'SET kind = :kind, electionId = :e, contestId = :c, regionId = :r, resultJson = :result, asOf = :asOf, sourceItems = :n, countedVersions = :counted',
        ConditionExpression: 'attribute_not_exists(pk) OR sourceItems <= :n',
        ExpressionAttributeValues: {
          ':kind': 'CONTEST_RESULT',
          ':e': aggregate.electionId,
          ':c': aggregate.contestId,
          ':r': aggregate.regionId,
          ':result': JSON.stringify(aggregate.result),
          ':asOf': aggregate.asOf,
          ':n': aggregate.sourceItems,
          ':counted': aggregate.countedVersions,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { written: true, stored: fromItem(answer.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = await readContestAggregate(client, tableName, aggregate.electionId, aggregate.contestId);
    if (!stored) throw error;
    return { written: false, stored };
  }
}

export async function markCompletionAnnounced(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  contestId: string,
  fact: string,
): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.contestAggregate(electionId, contestId),
      UpdateExpression: 'SET announcedCompletion = :fact',
      ExpressionAttributeValues: { ':fact': fact },
    }),
  );
}
