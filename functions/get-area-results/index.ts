import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { withEtag } from '../../shared/http/handler.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { IDENTIFIER_PATTERN } from '../../shared/model/id-pattern.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import {
  nationResults,
  provinceResults,
  readResultsView,
  regionResults,
  resultsStoreFromEnv,
  turnoutSeries,
} from '../../shared/results/area-results.ts';
import { requiredEnv } from '../../shared/store/dynamo.ts';
import { answerVersions } from './versions.ts';

const store = { ...resultsStoreFromEnv(), logTable: requiredEnv('LOG_TABLE') };

/**
 * GET …/results, …/results/regions/{regionId}, …/results/provinces/{provinceId} and …/turnout,
 * each answered from the election's province summaries, and the published versions of them;
 * ETag and 304 on every answer.
 */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(store.db, store.reportsTable, id),
  async ({ event, who, election }) => {
    if (event.routeKey.includes('/results/versions')) return answerVersions(store, event, who, election);
    const view = await readResultsView(store, election);
    if (event.routeKey.endsWith('/turnout')) {
      const { regionId, provinceId } = event.queryStringParameters ?? {};
      if (
        (regionId && !IDENTIFIER_PATTERN.test(regionId)) ||
        (provinceId && !IDENTIFIER_PATTERN.test(provinceId))
      ) {
        throw problem(400, 'INVALID_QUERY_PARAMETER', 'regionId and provinceId are identifiers.');
      }
      if (regionId && provinceId)
        throw problem(400, 'INVALID_QUERY_PARAMETER', 'Give regionId or provinceId, not both.');
      return withEtag(event, answerOf(turnoutSeries(view, who, { regionId, provinceId })));
    }
    const { regionId, provinceId } = event.pathParameters ?? {};
    if (provinceId !== undefined) {
      const id = identifierParameter(event, 'provinceId');
      return withEtag(event, answerOf(await provinceResults(store, view, who, id)));
    }
    if (regionId !== undefined)
      return withEtag(event, answerOf(regionResults(view, who, identifierParameter(event, 'regionId'))));
    return withEtag(event, answerOf(nationResults(view, who)));
  },
);
