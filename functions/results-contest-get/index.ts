import { createHash } from 'node:crypto';
import { headerOf, httpRoute, pathParameter, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { readContestAggregate } from '../../shared/store/aggregates.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readPlacedContest } from '../../shared/store/elections.ts';
import { contestResult } from '../../shared/tabulation/contest-result.ts';
import { EMPTY_TOTALS } from '../../shared/tabulation/contest-totals.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const aggregatesTable = requiredEnv('AGGREGATES_TABLE');

/** GET …/results/contests/{contestId}: the published result, with ETag and 304. */
export const handler = httpRoute(async ({ event, caller }) => {
  requireRole(caller, 'ADMIN', 'COUNCIL', 'PROVINCIAL_COMMITTEE', 'REGIONAL_CONFERENCE', 'OBSERVER');
  const electionId = pathParameter(event, 'electionId');
  const contestId = pathParameter(event, 'contestId');
  const aggregate = await readContestAggregate(db, aggregatesTable, electionId, contestId);
  let body: Record<string, unknown>;
  if (aggregate) {
    body = { electionId, ...aggregate.result, asOf: aggregate.asOf };
  } else {
    const contest = await readPlacedContest(db, reportsTable, electionId, contestId);
    if (!contest)
      throw problem(404, 'CONTEST_NOT_FOUND', `No contest "${contestId}" in election "${electionId}".`);
    const empty = contestResult(contest.contest, contest.expectedPollingAreaIds.length, EMPTY_TOTALS);
    body = { electionId, ...empty, asOf: null };
  }
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  if (headerOf(event, 'if-none-match') === etag) return { status: 304, headers };
  return { status: 200, body, headers };
});
