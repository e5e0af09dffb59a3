import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { withEtag } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { cachedContest, cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { mayReadResults } from '../../shared/model/access.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import { publishedResult, readContestAggregate } from '../../shared/store/aggregates.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { notReportedOf } from '../../shared/store/not-reported.ts';
import type { ContestResultAnswer } from '../../shared/tabulation/answers.ts';
import { contestResult } from '../../shared/tabulation/contest-result.ts';
import { EMPTY_TOTALS } from '../../shared/tabulation/contest-totals.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const aggregatesTable = requiredEnv('AGGREGATES_TABLE');

/** GET …/results/contests/{contestId}: the published result, with ETag and 304. */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId, election }) => {
    const contestId = identifierParameter(event, 'contestId');
    const placed = await cachedContest(db, reportsTable, electionId, contestId);
    if (!placed)
      throw problem(404, 'CONTEST_NOT_FOUND', `No contest "${contestId}" in election "${electionId}".`);
    const aggregate = await readContestAggregate(
      db,
      aggregatesTable,
      electionId,
      placed.contest.provinceId,
      contestId,
    );
    if (!mayReadResults(who, { provinceId: placed.contest.provinceId, regionId: placed.regionId })) {
      throw problem(
        403,
        'OUT_OF_SCOPE',
        `This credential may not read results of province ${placed.contest.provinceId}.`,
      );
    }
    const result = aggregate
      ? publishedResult(aggregate.result, placed)
      : contestResult(placed.contest, placed.expectedPollingAreaIds.length, EMPTY_TOTALS);
    const body: ContestResultAnswer = {
      electionId,
      ...result,
      // The definition's name, also for a result stored before results kept it.
      name: placed.contest.name,
      notReported: await notReportedOf(db, reportsTable, electionId, placed, aggregate),
      ...(aggregate?.unitResultCheck ? { unitResultCheck: aggregate.unitResultCheck } : {}),
      mode: election.mode,
      asOf: aggregate?.asOf ?? null,
    };
    return withEtag(event, body);
  },
);
