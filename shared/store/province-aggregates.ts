import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ElectionId, ProvinceId } from '../model/ids.ts';
import type { AreaSummary, TurnoutPoint } from '../tabulation/summary.ts';
import { getAll } from './batch.ts';
import { type ContestAggregate, contestFromItem } from './contest-aggregates.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** Everything aggregated for one province: its contests' results and its turnout slots. */
export async function readProvinceAggregates(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
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

export interface ProvinceSummary {
  readonly electionId: ElectionId;
  readonly provinceId: ProvinceId;
  readonly summary: AreaSummary;
  readonly asOf: string;
  /** When it was last written: summaries take at most one write a second. */
  readonly writtenAt: number;
}

export async function readProvinceSummary(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
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
  electionId: ElectionId,
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
