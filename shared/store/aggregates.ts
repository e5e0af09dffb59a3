import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PlacedContest } from '../model/election-index.ts';
import type { CandidateResult, ContestResult } from '../tabulation/contest-result.ts';
import type { AreaSummary, TurnoutPoint } from '../tabulation/summary.ts';
import { getAll } from './batch.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** A result as stored: without candidate names, which the definition holds (items stay under 1 KB). */
export type StoredResult = Omit<ContestResult, 'candidates'> & {
  candidates: Omit<CandidateResult, 'name'>[];
};

export interface UnitResultCheck {
  readonly submissionId: string;
  readonly differences: { path: string; filed: unknown; computed: unknown }[];
}

export interface ContestAggregate {
  readonly electionId: string;
  readonly contestId: string;
  readonly provinceId: string;
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

export function storedResult(result: ContestResult): StoredResult {
  return { ...result, candidates: result.candidates.map(({ name: _name, ...rest }) => rest) };
}

/** The published result: names put back from the definition. */
export function publishedResult(stored: StoredResult, placed: PlacedContest): ContestResult {
  const names = new Map(placed.contest.candidates.map((c) => [c.id, c.name]));
  return {
    ...stored,
    // In the contract's order: id, name, votes, share, rank.
    candidates: stored.candidates.map((c) => ({
      candidateId: c.candidateId,
      name: names.get(c.candidateId) ?? c.candidateId,
      votes: c.votes,
      percentOfValid: c.percentOfValid,
      rank: c.rank,
    })),
  };
}

function contestFromItem(item: Record<string, unknown>): ContestAggregate {
  const { resultJson, ...rest } = item;
  return {
    ...(rest as Omit<ContestAggregate, 'result'>),
    result: JSON.parse(String(resultJson)) as StoredResult,
  };
}

export async function readContestAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceId: string,
  contestId: string,
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
export async function markContestAnnounced(
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

/**
 * Facts about provinces, regions and the nation already announced (milestones, completions): one
 * item per area in one partition, so one query reads them all and no item takes many writes.
 */
export async function readAnnouncements(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<Set<string>> {
  const facts = new Set<string>();
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.announcementsPartition(electionId) },
    ConsistentRead: true,
  });
  for await (const item of items) for (const fact of (item.announced as Set<string>) ?? []) facts.add(fact);
  return facts;
}

/** Marks facts announced, each in the item of the area it is about. */
export async function markAnnouncements(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  facts: readonly { readonly area: string; readonly fact: string }[],
): Promise<void> {
  const byArea = new Map<string, string[]>();
  for (const { area, fact } of facts) byArea.set(area, [...(byArea.get(area) ?? []), fact]);
  await Promise.all(
    [...byArea].map(([area, list]) =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.announcements(electionId, area),
          UpdateExpression: 'ADD announced :facts',
          ExpressionAttributeValues: { ':facts': new Set(list) },
        }),
      ),
    ),
  );
}

/** One slot's turnout point of each of these provinces (those that have one). */
export async function readSlotAcrossProvinces(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceIds: readonly string[],
  slot: string,
): Promise<Map<string, TurnoutPoint>> {
  const items = await getAll(
    client,
    tableName,
    provinceIds.map((p) => keys.turnoutAggregate(electionId, p, slot)),
  );
  const points = new Map<string, TurnoutPoint>();
  for (const item of items) points.set(String(item.provinceId), item.point as TurnoutPoint);
  return points;
}

/** Everything aggregated for one province: its contests' results and its turnout slots. */
export async function readProvinceAggregates(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceId: string,
): Promise<{ contests: ContestAggregate[]; turnout: Record<string, TurnoutPoint> }> {
  const contests: ContestAggregate[] = [];
  const turnout: Record<string, TurnoutPoint> = {};
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.provinceAggregates(electionId, provinceId) },
    ConsistentRead: true,
  });
  for await (const item of items) {
    if (item.kind === 'CONTEST_RESULT') contests.push(contestFromItem(item));
    else if (item.kind === 'TURNOUT_SLOT') turnout[String(item.slot)] = item.point as TurnoutPoint;
  }
  return { contests, turnout };
}

export async function writeTurnoutAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceId: string,
  slot: string,
  point: TurnoutPoint,
  writtenAt: number,
): Promise<void> {
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.turnoutAggregate(electionId, provinceId, slot),
        kind: 'TURNOUT_SLOT',
        electionId,
        provinceId,
        slot,
        point,
        writtenAt,
      },
    }),
  );
}

export async function readTurnoutAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceId: string,
  slot: string,
): Promise<{ point: TurnoutPoint; writtenAt: number } | undefined> {
  const answer = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.turnoutAggregate(electionId, provinceId, slot),
      ConsistentRead: true,
    }),
  );
  return answer.Item
    ? { point: answer.Item.point as TurnoutPoint, writtenAt: Number(answer.Item.writtenAt ?? 0) }
    : undefined;
}

export interface ProvinceSummary {
  readonly electionId: string;
  readonly provinceId: string;
  readonly summary: AreaSummary;
  readonly asOf: string;
  /** When it was last written: summaries take at most one write a second. */
  readonly writtenAt: number;
}

export async function readProvinceSummary(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceId: string,
): Promise<ProvinceSummary | undefined> {
  const answer = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.provinceSummary(electionId, provinceId),
      ConsistentRead: true,
    }),
  );
  return answer.Item ? summaryFromItem(answer.Item) : undefined;
}

export async function writeProvinceSummary(
  client: DynamoDBDocumentClient,
  tableName: string,
  summary: ProvinceSummary,
): Promise<void> {
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.provinceSummary(summary.electionId, summary.provinceId),
        kind: 'PROVINCE_SUMMARY',
        electionId: summary.electionId,
        provinceId: summary.provinceId,
        summaryJson: JSON.stringify(summary.summary),
        asOf: summary.asOf,
        writtenAt: summary.writtenAt,
      },
    }),
  );
}

/** The summaries of several provinces in as few requests as DynamoDB allows (100 keys each). */
export async function readProvinceSummaries(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  provinceIds: readonly string[],
): Promise<Map<string, ProvinceSummary>> {
  const items = await getAll(
    client,
    tableName,
    provinceIds.map((p) => keys.provinceSummary(electionId, p)),
  );
  const found = new Map<string, ProvinceSummary>();
  for (const item of items) {
    const summary = summaryFromItem(item);
    found.set(summary.provinceId, summary);
  }
  return found;
}

function summaryFromItem(item: Record<string, unknown>): ProvinceSummary {
  return {
    electionId: String(item.electionId),
    provinceId: String(item.provinceId),
    summary: JSON.parse(String(item.summaryJson)) as AreaSummary,
    asOf: String(item.asOf),
    writtenAt: Number(item.writtenAt),
  };
}
