import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContestId, ElectionId, ProvinceId } from '../model/ids.ts';
import type { StoredResult } from '../tabulation/stored-result.ts';
import { keys } from './keys.ts';

export interface UnitResultCheck {
  readonly submissionId: string;
  readonly differences: { path: string; filed: unknown; computed: unknown }[];
}

export interface ContestAggregate {
  readonly electionId: ElectionId;
  readonly contestId: ContestId;
  readonly provinceId: ProvinceId;
  readonly regionId: string;
  readonly result: StoredResult;
  readonly asOf: string;
  /** How many tally versions the result was computed from; versions are only ever added. */
  readonly sourceItems: number;
  /**
   * Which expected polling areas have a tally (shared/tabulation/reporting-map.ts), written with
   * the result; absent in items written before it was kept, until their next recompute.
   */
  readonly reporting?: string;
  readonly unitResultCheck?: UnitResultCheck;
  /** Ids of the events already published about this contest; one lost before its mark is sent again. */
  readonly announced?: ReadonlySet<string>;
}

export function contestFromItem(item: Record<string, unknown>): ContestAggregate {
  const { resultJson, ...rest } = item;
  return {
    ...(rest as Omit<ContestAggregate, 'result'>),
    result: JSON.parse(String(resultJson)) as StoredResult,
  };
}

export async function readContestAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
  contestId: ContestId,
): Promise<ContestAggregate | undefined> {
  const answer = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.contestAggregate(electionId, provinceId, contestId),
      ConsistentRead: true,
    }),
  );
  return answer.Item ? contestFromItem(answer.Item) : undefined;
}

/**
 * Writes a recomputed result unless a result from more tally versions is already stored: a
 * superset of versions always has more items, so a slow recompute never overwrites a newer one.
 */
export async function writeContestAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  aggregate: Omit<ContestAggregate, 'announced'>,
): Promise<{ written: boolean; stored: ContestAggregate }> {
  const values: Record<string, unknown> = {
    ':kind': 'CONTEST_RESULT',
    ':e': aggregate.electionId,
    ':c': aggregate.contestId,
    ':p': aggregate.provinceId,
    ':r': aggregate.regionId,
    ':result': JSON.stringify(aggregate.result),
    ':asOf': aggregate.asOf,
    ':n': aggregate.sourceItems,
  };
  const sets = [
    'kind = :kind',
    'electionId = :e',
    'contestId = :c',
    'provinceId = :p',
    'regionId = :r',
    'resultJson = :result',
    'asOf = :asOf',
    'sourceItems = :n',
  ];
  if (aggregate.reporting !== undefined) {
    sets.push('reporting = :reporting');
    values[':reporting'] = aggregate.reporting;
  }
  if (aggregate.unitResultCheck) {
    sets.push('unitResultCheck = :check');
    values[':check'] = aggregate.unitResultCheck;
  }
  try {
    const answer = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.contestAggregate(aggregate.electionId, aggregate.provinceId, aggregate.contestId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(pk) OR sourceItems <= :n',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { written: true, stored: contestFromItem(answer.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = await readContestAggregate(
      client,
      tableName,
      aggregate.electionId,
      aggregate.provinceId,
      aggregate.contestId,
    );
    if (!stored) throw error;
    return { written: false, stored };
  }
}

/** Marks events as published about a contest (after publishing: a crash in between sends them again). */
export async function markContestEventsPublished(
  client: DynamoDBDocumentClient,
  tableName: string,
  aggregate: Pick<ContestAggregate, 'electionId' | 'provinceId' | 'contestId'>,
  eventIds: readonly string[],
): Promise<void> {
  if (eventIds.length === 0) return;
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.contestAggregate(aggregate.electionId, aggregate.provinceId, aggregate.contestId),
      UpdateExpression: 'ADD announced :ids',
      ExpressionAttributeValues: { ':ids': new Set(eventIds) },
    }),
  );
}
