import type { Caller } from '../model/access.ts';
import { isRole } from '../model/roles.ts';

/** What the authorizer hands to every route, flattened to strings as API Gateway requires. */
export interface AuthorizerContext {
  readonly credentialId: string;
  readonly role: string;
  readonly scope: string;
  readonly mode: string;
  readonly expiresAt: string;
}

export function callerFromContext(context: Partial<AuthorizerContext> | undefined): Caller | undefined {
  if (!context?.credentialId || !context.role) return undefined;
  if (!isRole(context.role)) return undefined;
  return {
    credentialId: context.credentialId,
    role: context.role,
    scope: context.scope ? (JSON.parse(context.scope) as Record<string, unknown>) : {},
    mode: context.mode === 'TEST' ? 'TEST' : 'LIVE',
    ...(context.expiresAt ? { expiresAt: context.expiresAt } : {}),
  };
}
