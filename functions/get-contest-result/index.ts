import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { withEtag } from '../../shared/http/handler.ts';
import { answerOf } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import { resultsStoreFromEnv } from '../../shared/results/area-results.ts';
import { contestResults } from '../../shared/results/contest-results.ts';

const store = resultsStoreFromEnv();

/** GET …/results/contests/{contestId}: the published result, with ETag and 304. */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(store.db, store.reportsTable, id),
  async ({ event, who, election }) => {
    const contestId = identifierParameter(event, 'contestId');
    return withEtag(event, answerOf(await contestResults(store, election, who, contestId)));
  },
);
