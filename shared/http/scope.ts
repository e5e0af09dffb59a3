import type { ReportType } from '../model/report.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import type { Caller } from './auth.ts';
import { problem } from './problem.ts';

/** Where a report or a read lands: the province always, the polling area and region when known. */
export interface Place {
  readonly provinceId: string;
  readonly regionId: string;
  readonly pollingAreaId?: string;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/** The contract's table of roles: who may submit which report for which place. */
export function maySubmit(caller: Caller, type: ReportType, place: Place): boolean {
  switch (caller.role) {
    case 'ADMIN':
      return true;
    case 'PROVINCIAL_COMMITTEE':
      return caller.scope.provinceId === place.provinceId;
    case 'REPORTER':
      return (
        type !== 'unitResult' &&
        place.pollingAreaId !== undefined &&
        stringList(caller.scope.pollingAreaIds).includes(place.pollingAreaId)
      );
    case 'COUNCIL':
      return type === 'unitResult';
    case 'REGIONAL_CONFERENCE':
    case 'OBSERVER':
      return false;
  }
}

/** Who may read results of a place: the council, observers and admins everything; the others their own. */
export function mayReadResults(caller: Caller, place: Place | 'NATION'): boolean {
  switch (caller.role) {
    case 'ADMIN':
    case 'COUNCIL':
    case 'OBSERVER':
      return true;
    case 'PROVINCIAL_COMMITTEE':
      return place === 'NATION' || caller.scope.provinceId === place.provinceId;
    case 'REGIONAL_CONFERENCE':
      return place === 'NATION' || caller.scope.regionId === place.regionId;
    case 'REPORTER':
      return false;
  }
}

/** Who may read a stored report: those who read its place's results, its province, and its own sender. */
export function mayReadReport(caller: Caller, place: Place, submittedBy: string): boolean {
  if (caller.credentialId === submittedBy) return true;
  return caller.role !== 'REPORTER' && mayReadResults(caller, place);
}

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
 * Whether a record kept with a mode belongs to the caller's mode. Records written before modes were
 * stored on them (subscriptions, credentials) count as LIVE: the live night is the one to protect,
 * and a drill has nothing to lose by re-creating what it needs.
 */
export function sameMode(caller: Caller, mode: ElectionMode | undefined): boolean {
  return caller.mode === (mode ?? 'LIVE');
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

/**
 * Credential ids of senders are shown to ADMIN and to the sender itself only: to anyone else they
 * map who reports for which polling area, which is nobody else's business.
 */
export function maySeeSender(caller: Caller, submittedBy: string): boolean {
  return caller.role === 'ADMIN' || caller.credentialId === submittedBy;
}

export function outOfScope(what: string) {
  return problem(403, 'OUT_OF_SCOPE', `This credential's role or scope does not cover ${what}.`);
}
