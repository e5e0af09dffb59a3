import type { Finding } from './finding.ts';

/** What a step answers when it may refuse: its value, or the refusal, never a thrown error. */
export type Result<T, E = Refusal> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/**
 * Why something asked of the domain is refused, in the domain's words. The HTTP adapter makes
 * each reason a status (MALFORMED 400, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409, BROKEN_RULES
 * 422) in one place; a command-line tool says the detail and the findings.
 */
export interface Refusal {
  readonly reason: RefusalReason;
  readonly detail: string;
  readonly findings: readonly Finding[];
  /** Facts a client acts on, e.g. the version to follow after a conflict. */
  readonly facts?: Readonly<Record<string, unknown>>;
}

export type RefusalReason = 'MALFORMED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BROKEN_RULES';

export function refusal(
  reason: RefusalReason,
  detail: string,
  findings: readonly Finding[],
  facts?: Record<string, unknown>,
): Refusal {
  return { reason, detail, findings, ...(facts ? { facts } : {}) };
}

/** A refusal with one finding that says the same as its detail. */
export function refusedFor(reason: RefusalReason, code: string, message: string, path = ''): Refusal {
  return refusal(reason, message, [{ code, path, message }]);
}

/** The value, for tools that stop at the first refusal: it is thrown with its findings in the message. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const findings = result.error.findings.map((f) => `${f.code} ${f.path}: ${f.message}`);
  throw new Error([result.error.detail, ...findings].join('\n  '));
}
