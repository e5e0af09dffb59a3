import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlacedContest, PlacedPollingArea } from '../model/election-index.ts';
import { notReportedPollingAreas, notReportingIndexes, reportingMap } from '../tabulation/reporting-map.ts';
import { getAll } from './batch.ts';
import type { ContestAggregate } from './contest-aggregates.ts';
import { keys } from './keys.ts';
import { readContestPartition } from './tallies.ts';

/**
 * The polling areas of a contest that have not reported, complete and sorted by id, from what a
 * result read already holds: the contest's definition (ids and names) and its result item (the
 * reporting map). Only items written before the map and the names were kept cost a read more —
 * the contest's tallies, or the missing names — until the next sweep or reload rewrites them.
 */
export async function notReportedOf(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: string,
  placed: PlacedContest,
  aggregate: ContestAggregate | undefined,
): Promise<{ pollingAreaId: string; name: string }[]> {
  const expected = placed.expectedPollingAreaIds;
  const reporting = aggregate?.result.pollingAreas.reporting ?? 0;
  let missing: number[];
  if (reporting === 0) missing = expected.map((_, i) => i);
  else if (reporting >= expected.length) missing = [];
  else if (aggregate?.reporting !== undefined) missing = notReportingIndexes(expected, aggregate.reporting);
  else {
    const { tallies } = await readContestPartition(db, reportsTable, electionId, placed.contest.id);
    const map = reportingMap(expected, new Set(tallies.map((t) => t.pollingAreaId)));
    missing = notReportingIndexes(expected, map);
  }
  let names: readonly (string | undefined)[] | undefined = placed.expectedPollingAreaNames;
  if (!names && missing.length > 0) {
    const items = (await getAll(
      db,
      reportsTable,
      missing.map((i) => keys.pollingAreaDefinition(electionId, expected[i] ?? '')),
    )) as unknown as PlacedPollingArea[];
    const byId = new Map(items.map((item) => [item.pollingArea.id, item.pollingArea.name]));
    names = expected.map((id) => byId.get(id));
  }
  return notReportedPollingAreas(expected, names ?? [], missing);
}
