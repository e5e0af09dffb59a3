import type { CallerAnswer } from '../../shared/credentials/answers.ts';
import { httpRoute } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * GET /v1/me: the bearer's credential as the authorizer found it — role, mode, scope and expiry —
 * read from the request context, so that it costs no table read and needs no permission.
 */
export const handler = httpRoute(async ({ caller }) => {
  if (!caller) throw problem(401, 'UNAUTHENTICATED', 'A valid bearer token is required.');
  // Only an authorizer answer cached by the version before this one lacks it, for one cache TTL.
  if (!caller.expiresAt) throw new Error('The authorizer context names no expiry');
  const provinceId = text(caller.scope.provinceId);
  const regionId = text(caller.scope.regionId);
  const pollingAreaIds = Array.isArray(caller.scope.pollingAreaIds)
    ? caller.scope.pollingAreaIds.filter((id): id is string => typeof id === 'string')
    : undefined;
  const body: CallerAnswer = {
    credentialId: caller.credentialId,
    role: caller.role,
    mode: caller.mode,
    ...(provinceId ? { provinceId } : {}),
    ...(regionId ? { regionId } : {}),
    ...(pollingAreaIds ? { pollingAreaIds } : {}),
    expiresAt: caller.expiresAt,
  };
  // Private to this bearer: no shared cache may keep it.
  return { status: 200, body, headers: { 'cache-control': 'private, no-store' } };
});
