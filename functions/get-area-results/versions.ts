import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpAnswer, withEtag } from '../../shared/http/handler.ts';
import { answerOf, problem } from '../../shared/http/problem.ts';
import type { Caller } from '../../shared/model/access.ts';
import { IDENTIFIER_PATTERN } from '../../shared/model/id-pattern.ts';
import type { VersionsStore } from '../../shared/results/publish.ts';
import { publishedVersion, publishedVersions } from '../../shared/results/versions.ts';
import type { ElectionMeta } from '../../shared/store/elections.ts';

/**
 * A version never changes: a browser keeps it for a year; the edge (whose cache key holds the
 * bearer's token) for a minute only, so a revoked token stops reading within the contract's 60 s.
 */
const IMMUTABLE = 'public, max-age=31536000, s-maxage=60, immutable';

/** GET …/results/versions and …/results/versions/{version}[?provinceId=]: the published results. */
export async function answerVersions(
  store: Pick<VersionsStore, 'db' | 'logTable'>,
  event: APIGatewayProxyEventV2,
  who: Caller,
  election: ElectionMeta,
): Promise<HttpAnswer> {
  const number = event.pathParameters?.version;
  if (number === undefined) return withEtag(event, answerOf(await publishedVersions(store, election, who)));
  if (!/^[1-9]\d{0,8}$/.test(number))
    throw problem(400, 'INVALID_PATH_PARAMETER', 'version is a whole number from 1.', '/version');
  const provinceId = event.queryStringParameters?.provinceId;
  if (provinceId !== undefined && !IDENTIFIER_PATTERN.test(provinceId))
    throw problem(400, 'INVALID_QUERY_PARAMETER', 'provinceId is an identifier.', '/provinceId');
  const body = answerOf(await publishedVersion(store, election, who, Number(number), provinceId));
  const answer = withEtag(event, body);
  return { ...answer, headers: { ...answer.headers, 'cache-control': IMMUTABLE } };
}
