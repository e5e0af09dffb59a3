import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContestId, ElectionId, PollingAreaId, ProvinceId } from '../model/ids.ts';
import type { UnitResultReport } from '../model/report.ts';
import type { TurnoutReading } from '../tabulation/turnout.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** Every turnout reading of a province in one slot, read consistently. */
export async function readTurnoutSlot(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
  slot: string,
): Promise<TurnoutReading[]> {
  const readings: TurnoutReading[] = [];
  const items = queryAll(db, {
    TableName: reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.turnoutPartition(electionId, provinceId, slot) },
    ProjectionExpression: 'pollingAreaId, asOf, registeredVoters, votersVoted',
    ConsistentRead: true,
  });
  for await (const item of items) readings.push(item as unknown as TurnoutReading);
  return readings;
}

/**
 * A polling area's latest turnout reading in a slot: before `before` (an ISO instant) when given,
 * else the latest of the slot.
 */
export async function readLatestTurnoutReading(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  at: {
    electionId: ElectionId;
    provinceId: ProvinceId;
    slot: string;
    pollingAreaId: PollingAreaId;
    before?: string;
  },
): Promise<{ asOf: string; votersVoted: number } | undefined> {
  const prefix = keys.turnoutReadingPrefix(at.pollingAreaId);
  const items = queryAll(db, {
    TableName: reportsTable,
    KeyConditionExpression:
      at.before === undefined
        ? 'pk = :pk AND begins_with(sk, :from)'
        : 'pk = :pk AND sk BETWEEN :from AND :before',
    ExpressionAttributeValues: {
      ':pk': keys.turnoutPartition(at.electionId, at.provinceId, at.slot),
      ':from': prefix,
      ...(at.before === undefined ? {} : { ':before': `${prefix}${at.before}` }),
    },
    ScanIndexForward: false,
    Limit: 1,
    ProjectionExpression: 'asOf, votersVoted',
  });
  for await (const item of items) return item as { asOf: string; votersVoted: number };
  return undefined;
}

/** A province's incidents counted by severity. */
export async function countIncidentsBySeverity(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const items = queryAll(db, {
    TableName: reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.incidentPartition(electionId, provinceId) },
    ProjectionExpression: 'severity',
  });
  for await (const item of items) counts[String(item.severity)] = (counts[String(item.severity)] ?? 0) + 1;
  return counts;
}

/** The board's latest unit result minutes for a contest, if one was filed. */
export async function readLatestUnitResult(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: ElectionId,
  contestId: ContestId,
): Promise<UnitResultReport | undefined> {
  const items = queryAll(db, {
    TableName: reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.unitResultPartition(electionId, contestId) },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  });
  for await (const item of items) return item as unknown as UnitResultReport;
  return undefined;
}
