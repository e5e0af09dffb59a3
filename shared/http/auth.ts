import { isRole, type Role } from '../model/roles.ts';
import type { ElectionMode } from '../model/vocabulary.ts';

/** Who is calling, as the authorizer established it. */
export interface Caller {
  readonly credentialId: string;
  readonly role: Role;
  readonly scope: Readonly<Record<string, unknown>>;
  readonly mode: ElectionMode;
  /** When the credential stops working; absent only in an authorizer answer cached by an older version. */
  readonly expiresAt?: string;
}

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
