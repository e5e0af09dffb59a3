import { electionRoute } from '../../shared/http/election-access.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { IDENTIFIER_PATTERN } from '../../shared/model/id-pattern.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import { resultsStoreFromEnv } from '../../shared/results/area-results.ts';
import { cdfExport } from '../../shared/results/cdf-export.ts';

const store = resultsStoreFromEnv();

/**
 * GET …/export/cdf[?provinceId=]: the results as open data (NIST SP 1500-100 v2 JSON), the nation
 * per contest or a province with each polling area's counts.
 */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(store.db, store.reportsTable, id),
  async ({ event, who, electionId }) => {
    const provinceId = event.queryStringParameters?.provinceId;
    if (provinceId !== undefined && !IDENTIFIER_PATTERN.test(provinceId))
      throw problem(400, 'INVALID_QUERY_PARAMETER', 'provinceId is an identifier.', '/provinceId');
    return { status: 200, body: answerOf(await cdfExport(store, electionId, who, provinceId, new Date())) };
  },
);
