import { cachedContest } from '../ingest/definitions.ts';
import { type Caller, mayReadResults } from '../model/access.ts';
import { err, ok, type Result, refusedFor } from '../model/result.ts';
import { readContestAggregate } from '../store/contest-aggregates.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { notReportedOf } from '../store/not-reported.ts';
import type { ContestResultAnswer } from '../tabulation/answers.ts';
import { contestResult } from '../tabulation/contest-result.ts';
import { EMPTY_TOTALS } from '../tabulation/contest-totals.ts';
import { publishedResult } from '../tabulation/stored-result.ts';
import type { ResultsStore } from './area-results.ts';

/** A contest's published result, or before any tally what it is with nothing counted. */
export async function contestResults(
  store: ResultsStore,
  election: ElectionMeta,
  who: Caller,
  contestId: string,
): Promise<Result<ContestResultAnswer>> {
  const { db, reportsTable, aggregatesTable } = store;
  const { electionId } = election;
  const placed = await cachedContest(db, reportsTable, electionId, contestId);
  if (!placed)
    return err(
      refusedFor('NOT_FOUND', 'CONTEST_NOT_FOUND', `No contest "${contestId}" in election "${electionId}".`),
    );
  const provinceId = placed.contest.provinceId;
  if (!mayReadResults(who, { provinceId, regionId: placed.regionId }))
    return err(
      refusedFor(
        'FORBIDDEN',
        'OUT_OF_SCOPE',
        `This credential may not read results of province ${provinceId}.`,
      ),
    );
  const aggregate = await readContestAggregate(db, aggregatesTable, electionId, provinceId, contestId);
  const result = aggregate
    ? publishedResult(aggregate.result, placed)
    : contestResult(placed.contest, placed.expectedPollingAreaIds.length, EMPTY_TOTALS);
  return ok({
    electionId,
    ...result,
    // The definition's name, also for a result stored before results kept it.
    name: placed.contest.name,
    notReported: await notReportedOf(db, reportsTable, electionId, placed, aggregate),
    ...(aggregate?.unitResultCheck ? { unitResultCheck: aggregate.unitResultCheck } : {}),
    mode: election.mode,
    asOf: aggregate?.asOf ?? null,
  });
}
