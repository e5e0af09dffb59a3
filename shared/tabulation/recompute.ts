import type { PlacedContest } from '../model/election-index.ts';
import type { PollingAreaId } from '../model/ids.ts';
import type { TallyFigures } from '../model/report.ts';
import { type ContestResult, contestResult } from './contest-result.ts';
import { sumTallies } from './contest-totals.ts';
import { latestVersions } from './latest-versions.ts';

type VersionedTally = TallyFigures & { pollingAreaId: PollingAreaId; version: number };

/**
 * A contest's result from scratch: the latest version of each expected polling area's tally,
 * summed. Recomputing the same versions always gives the same result, whatever came before.
 */
export function recomputeContest(placed: PlacedContest, tallies: readonly VersionedTally[]): ContestResult {
  const expected = new Set(placed.expectedPollingAreaIds);
  const counted = latestVersions(tallies.filter((t) => expected.has(t.pollingAreaId)));
  return contestResult(placed.contest, expected.size, sumTallies(counted));
}
