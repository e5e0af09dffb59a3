import type { CredentialIssued } from '../../shared/credentials/answers.ts';
import {
  CredentialRequest,
  DEFAULT_CREDENTIAL_DAYS,
  MAX_CREDENTIAL_DAYS,
} from '../../shared/credentials/request.ts';
import { issueCredential } from '../../shared/credentials/store.ts';
import { bodyOf, httpRoute, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { ownMode } from '../../shared/http/scope.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const credentialsTable = requiredEnv('CREDENTIALS_TABLE');
const DAY_MS = 24 * 3600 * 1000;

/**
 * POST /v1/credentials (ADMIN): issues a credential of the issuer's own mode; its token is in this
 * answer and nowhere else. A TEST ADMIN issues TEST credentials only, so drill staff can hold one.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const admin = requireRole(caller, 'ADMIN');
  const request = bodyOf(event, CredentialRequest, 'credential request');
  const mode = ownMode(admin, request.mode, 'credentials');
  const now = Date.now();
  const expiresAt = request.expiresAt
    ? Date.parse(request.expiresAt)
    : now + DEFAULT_CREDENTIAL_DAYS * DAY_MS;
  if (expiresAt <= now || expiresAt > now + MAX_CREDENTIAL_DAYS * DAY_MS) {
    throw problem(
      422,
      'INVALID_EXPIRY',
      `expiresAt must be in the future and within ${MAX_CREDENTIAL_DAYS} days.`,
      '/expiresAt',
    );
  }
  const { credentialId, token, credential } = await issueCredential(db, credentialsTable, {
    role: request.role,
    scope: request.scope,
    mode,
    label: request.label,
    expiresAt: new Date(expiresAt).toISOString(),
  });
  logger.info('credential issued', { credentialId, role: request.role, mode, issuedBy: admin.credentialId });
  const body: CredentialIssued = {
    credentialId,
    token,
    role: credential.role,
    scope: credential.scope,
    mode: credential.mode,
    expiresAt: credential.expiresAt,
  };
  return { status: 201, headers: { 'cache-control': 'no-store' }, body };
});
