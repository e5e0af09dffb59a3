import type { AuthorizerContext } from '../http/auth.ts';
import type { Credential } from './store.ts';

export type Verdict =
  | { readonly allow: true; readonly context: AuthorizerContext }
  | { readonly allow: false; readonly reason: 'UNKNOWN' | 'REVOKED' | 'EXPIRED' | 'EXPIRES_WITHIN_CACHE' };

/**
 * Whether a credential may call the API now. API Gateway keeps the answer for the authorizer's cache
 * TTL, so a credential whose expiry falls inside that window is refused already: a cached allow
 * never outlives the credential (it stops working up to one TTL before `expiresAt`, never after).
 * A revoked credential is refused at the next lookup, so at most one TTL after its revocation.
 */
export function authorizationVerdict(
  credential: Credential | undefined,
  now: Date,
  cacheTtlSeconds: number,
): Verdict {
  if (!credential) return { allow: false, reason: 'UNKNOWN' };
  if (credential.revokedAt) return { allow: false, reason: 'REVOKED' };
  const remainingMs = Date.parse(credential.expiresAt) - now.getTime();
  if (!(remainingMs > 0)) return { allow: false, reason: 'EXPIRED' };
  if (remainingMs <= cacheTtlSeconds * 1000) return { allow: false, reason: 'EXPIRES_WITHIN_CACHE' };
  return {
    allow: true,
    context: {
      credentialId: credential.credentialId,
      role: credential.role,
      scope: JSON.stringify(credential.scope),
      mode: credential.mode,
      expiresAt: credential.expiresAt,
    },
  };
}

/**
 * The IAM policy a REST API authorizer answers. It names every method of the stage, not only the one
 * asked about: the cached policy is applied to the caller's next request to any route.
 */
export function policyFor(methodArn: string, effect: 'Allow' | 'Deny') {
  // arn:aws:execute-api:region:account:apiId/stage/METHOD/path
  const [prefix = '', apiId = '*', stage = '*'] = /^(arn:[^:]+:execute-api:[^:]+:[^:]+:)([^/]+)\/([^/]+)/
    .exec(methodArn)
    ?.slice(1) ?? ['arn:aws:execute-api:*:*:', '*', '*'];
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: `${prefix}${apiId}/${stage}/*/*` }],
  };
}
