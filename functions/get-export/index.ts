import { electionRoute } from '../../shared/http/election-access.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { buildExport } from '../../shared/transparency/export.ts';

const store = {
  db: documentClient(),
  reportsTable: requiredEnv('REPORTS_TABLE'),
  aggregatesTable: requiredEnv('AGGREGATES_TABLE'),
  logTable: requiredEnv('LOG_TABLE'),
};

/** What a function may answer, well under Lambda's 6 MB; a larger export is `npm run export`'s. */
const MAX_EXPORT_BYTES = 5 * 1024 * 1024;

/**
 * GET …/export: the election's public export (definition, transparency log, published results) for
 * ADMIN and OBSERVER, checked by `npm run verify`. 413 EXPORT_TOO_LARGE past 5 MB.
 */
export const handler = electionRoute(
  ['ADMIN', 'OBSERVER'],
  (id) => cachedElectionMeta(store.db, store.reportsTable, id),
  async ({ electionId }) => {
    const body = answerOf(await buildExport(store, electionId));
    if (Buffer.byteLength(JSON.stringify(body)) > MAX_EXPORT_BYTES)
      throw problem(
        413,
        'EXPORT_TOO_LARGE',
        'This election’s export is larger than an API answer may be; an operator writes it with npm run export.',
      );
    return { status: 200, body };
  },
);
