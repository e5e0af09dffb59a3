import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { SIGNATURE_ALGORITHM } from '../../shared/log/checkpoint.ts';
import { mayReadResults } from '../../shared/model/access.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { logConsistency, logEntries, logHead, reportInclusion } from '../../shared/transparency/proofs.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const store = { db, logTable: requiredEnv('LOG_TABLE') };

/** A query parameter that must be a whole number, when given. */
function countParameter(query: Record<string, string | undefined>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value))
    throw problem(400, 'INVALID_QUERY_PARAMETER', `${name} must be a whole number.`, `/${name}`);
  return Number(value);
}

/**
 * GET …/log/checkpoint, …/log/key, …/log/proof/{submissionId}, …/log/consistency and …/log/entries:
 * the election's transparency log, for every role that may read its results.
 */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId }) => {
    if (!mayReadResults(who, 'NATION'))
      throw problem(403, 'OUT_OF_SCOPE', 'This credential may not read this election’s log.');
    const query = event.queryStringParameters ?? {};
    const route = event.routeKey;
    if (route.endsWith('/log/checkpoint')) {
      const head = answerOf(await logHead(store, electionId));
      return {
        status: 200,
        rawBody: Buffer.from(head.checkpoint).toString('base64'),
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' },
      };
    }
    if (route.endsWith('/log/key')) {
      const head = answerOf(await logHead(store, electionId));
      return {
        status: 200,
        body: {
          keyName: head.keyName,
          algorithm: SIGNATURE_ALGORITHM,
          publicKey: head.publicKey.toString('base64'),
        },
      };
    }
    if (route.includes('/log/proof/')) {
      const submissionId = identifierParameter(event, 'submissionId');
      const treeSize = countParameter(query, 'treeSize');
      return {
        status: 200,
        body: answerOf(await reportInclusion(store, electionId, submissionId, treeSize)),
      };
    }
    if (route.endsWith('/log/consistency')) {
      const first = countParameter(query, 'first');
      const second = countParameter(query, 'second');
      if (first === undefined || second === undefined)
        throw problem(400, 'INVALID_QUERY_PARAMETER', 'Give first and second, two sizes of the log.');
      return { status: 200, body: answerOf(await logConsistency(store, electionId, first, second)) };
    }
    const start = countParameter(query, 'start') ?? 0;
    const end = countParameter(query, 'end');
    return { status: 200, body: answerOf(await logEntries(store, electionId, start, end)) };
  },
);
