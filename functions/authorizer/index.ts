import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import { authorizationVerdict, policyFor } from '../../shared/credentials/authorization.ts';
import { credentialForToken } from '../../shared/credentials/store.ts';
import { bearerToken } from '../../shared/credentials/token.ts';
import type { AuthorizerContext } from '../../shared/http/auth.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';

const db = documentClient();
const credentialsTable = requiredEnv('CREDENTIALS_TABLE');
/** How long API Gateway keeps this function's answer; a credential must outlive it to be allowed. */
const cacheTtlSeconds = Number(process.env.AUTHORIZER_CACHE_SECONDS ?? '0');

interface SimpleAuthorizerResult {
  isAuthorized: boolean;
  context: AuthorizerContext | Record<string, never>;
}

/**
 * Bearer token → credential. Behind a REST API (an event with a methodArn) an unknown, revoked or
 * expired token — or one that expires within the cache TTL — is denied here, so no route function
 * runs for a stranger and the gateway answers the ACCESS_DENIED problem document. Behind an HTTP
 * API (simple responses) an unknown token is let through with an empty context and the route
 * answers 401, because that API cannot shape its own refusals.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEvent | APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewayAuthorizerResult | SimpleAuthorizerResult> {
  const headers = (event.headers ?? {}) as Record<string, string | undefined>;
  const header =
    headers.authorization ??
    headers.Authorization ??
    Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const token = bearerToken(header);
  const now = new Date();
  const credential = token ? await credentialForToken(db, credentialsTable, token, now) : undefined;
  const verdict = authorizationVerdict(credential, now, cacheTtlSeconds);
  logger.info('authorize', {
    credentialId: credential?.credentialId,
    allow: verdict.allow,
    ...(verdict.allow ? {} : { reason: verdict.reason }),
    consumedCapacity: takeConsumedCapacity(),
  });
  if ('methodArn' in event) {
    return verdict.allow
      ? {
          principalId: verdict.context.credentialId,
          policyDocument: policyFor(event.methodArn, 'Allow'),
          context: { ...verdict.context },
        }
      : { principalId: 'anonymous', policyDocument: policyFor(event.methodArn, 'Deny') };
  }
  return { isAuthorized: true, context: verdict.allow ? verdict.context : {} };
}
