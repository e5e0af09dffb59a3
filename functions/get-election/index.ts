import { gzipSync } from 'node:zlib';
import { electionRoute } from '../../shared/http/election-access.ts';
import { headerOf } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { ROLES } from '../../shared/model/roles.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionDefinition, readElectionMeta } from '../../shared/store/elections.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
/** Lambda answers at most 6 MB; a whole country's definition is larger, but compresses well. */
const PLAIN_LIMIT = 5 * 1024 * 1024;
const COMPRESS_ABOVE = 64 * 1024;

/**
 * The gzip-encoded definition of the last election versions asked for, by election and definition
 * hash: a whole country takes a second of CPU to compress, and dashboards ask for it all evening.
 * A replaced definition has another hash, so a stale body is never served.
 */
const encoded = new Map<string, string>();
const ENCODED_KEPT = 4;

function gzipOnce(key: string, text: string): string {
  logger.info('definition gzip', { key, cached: false });
  const body = gzipSync(text).toString('base64');
  if (encoded.size >= ENCODED_KEPT) encoded.delete(encoded.keys().next().value as string);
  encoded.set(key, body);
  return body;
}

/** GET /v1/elections/{electionId}: the definition as loaded, gzip-encoded when large and accepted. */
export const handler = electionRoute(
  ROLES,
  (id) => readElectionMeta(db, reportsTable, id),
  async ({ event, electionId, election: meta }) => {
    const acceptsGzip = /\bgzip\b/.test(headerOf(event, 'accept-encoding') ?? '');
    const key = `${electionId}\u0000${meta.definitionHash}`;
    const gzipHeaders = {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      vary: 'accept-encoding',
      etag: `"${meta.definitionHash.slice(0, 27)}-gzip"`,
    };
    const cached = acceptsGzip ? encoded.get(key) : undefined;
    if (cached !== undefined) {
      logger.info('definition gzip', { key, cached: true });
      return { status: 200, rawBody: cached, headers: gzipHeaders };
    }
    const def = await readElectionDefinition(db, reportsTable, electionId);
    if (!def) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
    const text = JSON.stringify(def);
    if (acceptsGzip && text.length > COMPRESS_ABOVE) {
      return { status: 200, rawBody: gzipOnce(key, text), headers: gzipHeaders };
    }
    if (text.length > PLAIN_LIMIT) {
      throw problem(
        406,
        'TOO_LARGE_UNCOMPRESSED',
        'This definition is too large to send uncompressed; ask with Accept-Encoding: gzip.',
      );
    }
    return { status: 200, body: def };
  },
);
