import { revokeCredential } from '../../shared/credentials/store.ts';
import { identifierParameter } from '../../shared/http/election-access.ts';
import { httpRoute, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const credentialsTable = requiredEnv('CREDENTIALS_TABLE');

/**
 * DELETE /v1/credentials/{credentialId} (ADMIN): the token stops working once cached answers expire
 * (≤ 60 s). Another mode's credential is not found (404), as if it did not exist: a TEST ADMIN
 * learns nothing about, and cannot revoke, the live night's credentials.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const credentialId = identifierParameter(event, 'credentialId');
  if (!(await revokeCredential(db, credentialsTable, credentialId, new Date(), admin.mode))) {
    throw problem(404, 'CREDENTIAL_NOT_FOUND', `No credential "${credentialId}".`);
  }
  logger.info('credential revoked', { credentialId, revokedBy: admin.credentialId });
  return { status: 204 };
});
