import type { PlacedContest } from '../model/election-index.ts';
import type { TallyFigures } from '../model/report.ts';
import { type ContestResult, contestResult } from './contest-result.ts';
import { sumTallies } from './contest-totals.ts';
import { latestVersions } from './latest-versions.ts';

type VersionedTally = TallyFigures & { pollingAreaId: string; version: number };

/**
 * A contest's result from scratch: the latest version of each expected polling area's tally,
 * summed. Recomputing the same versions always gives the same result, whatever came before.
 */
export function recomputeContest(placed: PlacedContest, tallies: readonly VersionedTally[]): ContestResult {
  return recomputeContestWithVersions(placed, tallies).result;
}

/** The result and, per polling area, which version of its tally the result counts. */
export function recomputeContestWithVersions(
  placed: PlacedContest,
  tallies: readonly VersionedTally[],
): { result: ContestResult; countedVersions: Record<string, number> } {
  const expected = new Set(placed.expectedPollingAreaIds);
  const counted = latestVersions(tallies.filter((t) => expected.has(t.pollingAreaId)));
  return {
    result: contestResult(placed.contest, expected.size, sumTallies(counted)),
    countedVersions: Object.fromEntries(counted.map((t) => [t.pollingAreaId, t.version])),
  };
}
