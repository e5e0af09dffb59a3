import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { credentialForToken } from '../../shared/credentials/store.ts';
import { bearerToken } from '../../shared/credentials/token.ts';
import type { AuthorizerContext } from '../../shared/http/auth.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';

const db = documentClient();
const credentialsTable = requiredEnv('CREDENTIALS_TABLE');

interface SimpleAuthorizerResult {
  isAuthorized: boolean;
  context: AuthorizerContext | Record<string, never>;
}

/**
 * HTTP API authorizer (simple responses). An unknown token is let through with an empty context,
 * so that the route answers 401 as a problem document; every route refuses a caller without a
 * credential (httpRoute's requireRole), and API Gateway answers 401 itself when the header is absent.
 */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<SimpleAuthorizerResult> {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const token = bearerToken(header);
  const credential = token ? await credentialForToken(db, credentialsTable, token, new Date()) : undefined;
  logger.info('authorize', {
    credentialId: credential?.credentialId,
    consumedCapacity: takeConsumedCapacity(),
  });
  if (!credential) return { isAuthorized: true, context: {} };
  return {
    isAuthorized: true,
    context: {
      credentialId: credential.credentialId,
      role: credential.role,
      scope: JSON.stringify(credential.scope),
      mode: credential.mode,
    },
  };
}
