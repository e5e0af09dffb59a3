import { type Caller, mayReadResults } from '../model/access.ts';
import { placeStoredElection } from '../model/election-index.ts';
import type { ElectionId, ProvinceId } from '../model/ids.ts';
import { err, ok, type Result, refusedFor } from '../model/result.ts';
import { readElectionDefinition } from '../store/elections.ts';
import { readProvinceAggregates } from '../store/province-aggregates.ts';
import { readContestPartition } from '../store/tallies.ts';
import { electionResultsReport, type PollingAreaCounts } from '../tabulation/cdf.ts';
import { type ContestResult, contestResult } from '../tabulation/contest-result.ts';
import { EMPTY_TOTALS } from '../tabulation/contest-totals.ts';
import { latestVersions } from '../tabulation/latest-versions.ts';
import { publishedResult } from '../tabulation/stored-result.ts';
import type { ResultsStore } from './area-results.ts';

/**
 * The published results as a NIST SP 1500-100 v2 document: the nation per contest, or one province
 * with each polling area's counts (the latest version of each area's minutes).
 */
export async function cdfExport(
  store: ResultsStore,
  electionId: ElectionId,
  who: Caller,
  provinceId: ProvinceId | undefined,
  now: Date,
): Promise<Result<Record<string, unknown>>> {
  const definition = await readElectionDefinition(store.db, store.reportsTable, electionId);
  if (!definition) return err(refusedFor('NOT_FOUND', 'ELECTION_NOT_FOUND', `No election "${electionId}".`));
  const province =
    provinceId === undefined ? undefined : definition.provinces.find((p) => p.id === provinceId);
  if (provinceId !== undefined && !province)
    return err(refusedFor('NOT_FOUND', 'AREA_NOT_FOUND', `No province "${provinceId}".`));
  if (!mayReadResults(who, province ? { provinceId: province.id, regionId: province.regionId } : 'NATION'))
    return err(refusedFor('FORBIDDEN', 'OUT_OF_SCOPE', 'This credential may not read these results.'));
  const { contests } = placeStoredElection(definition);
  const results: ContestResult[] = [];
  const pollingAreas: PollingAreaCounts[] = [];
  for (const p of definition.provinces) {
    if (province && p.id !== province.id) continue;
    const stored = await readProvinceAggregates(store.db, store.aggregatesTable, electionId, p.id);
    const byId = new Map(stored.contests.map((c) => [c.contestId, c]));
    for (const placed of contests.values()) {
      if (placed.contest.provinceId !== p.id) continue;
      const aggregate = byId.get(placed.contest.id);
      results.push(
        aggregate
          ? publishedResult(aggregate.result, placed)
          : contestResult(placed.contest, placed.expectedPollingAreaIds.length, EMPTY_TOTALS),
      );
      if (!province) continue;
      const { tallies } = await readContestPartition(
        store.db,
        store.reportsTable,
        electionId,
        placed.contest.id,
      );
      for (const t of latestVersions(tallies)) pollingAreas.push(t);
    }
  }
  return ok(
    electionResultsReport({
      definition,
      results,
      ...(province ? { province: { provinceId: province.id, pollingAreas } } : {}),
      generatedAt: now,
    }),
  );
}
