import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ElectionId, ProvinceId } from '../model/ids.ts';
import type { TurnoutPoint } from '../tabulation/summary.ts';
import { getAll } from './batch.ts';
import { keys } from './keys.ts';

/** One slot's turnout point of each of these provinces (those that have one). */
export async function readSlotAcrossProvinces(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
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

export async function writeTurnoutAggregate(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
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
  electionId: ElectionId,
  provinceId: ProvinceId,
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
