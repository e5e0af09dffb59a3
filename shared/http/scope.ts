import type { Caller } from '../model/access.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import { problem } from './problem.ts';

/** A credential works for elections of its own mode only: test data never mixes with live. */
export function requireMode(caller: Caller, mode: ElectionMode): void {
  if (caller.mode !== mode) {
    throw problem(
      403,
      'MODE_MISMATCH',
      `A ${caller.mode} credential cannot be used with a ${mode} election.`,
    );
  }
}

/**
 * The mode a caller may create things in — credentials, elections, subscriptions — is its own: a
 * TEST credential, ADMIN included, can never reach into the live night, and a LIVE one never
 * mixes drill data into it. Nothing requested means the caller's mode; anything else is 403.
 */
export function ownMode(caller: Caller, requested: ElectionMode | undefined, what: string): ElectionMode {
  if (requested !== undefined && requested !== caller.mode) {
    throw problem(
      403,
      'MODE_MISMATCH',
      `A ${caller.mode} credential cannot create ${requested} ${what}.`,
      '/mode',
    );
  }
  return caller.mode;
}

export function outOfScope(what: string) {
  return problem(403, 'OUT_OF_SCOPE', `This credential's role or scope does not cover ${what}.`);
}
