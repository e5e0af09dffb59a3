import type { PollingAreaId, ProvinceId } from './ids.ts';
import type { ReportType } from './report.ts';
import type { Role } from './roles.ts';
import type { ElectionMode } from './vocabulary.ts';

/** Who is calling, as the authorizer established it. */
export interface Caller {
  readonly credentialId: string;
  readonly role: Role;
  readonly scope: Readonly<Record<string, unknown>>;
  readonly mode: ElectionMode;
  /** When the credential stops working; absent only in an authorizer answer cached by an older version. */
  readonly expiresAt?: string;
}

/** Where a report or a read lands: the province always, the polling area and region when known. */
export interface Place {
  readonly provinceId: ProvinceId;
  readonly regionId: string;
  readonly pollingAreaId?: PollingAreaId;
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

/**
 * Whether a record kept with a mode belongs to the caller's mode. Records written before modes were
 * stored on them (subscriptions, credentials) count as LIVE: the live night is the one to protect,
 * and a drill has nothing to lose by re-creating what it needs.
 */
export function sameMode(caller: Caller, mode: ElectionMode | undefined): boolean {
  return caller.mode === (mode ?? 'LIVE');
}

/**
 * Credential ids of senders are shown to ADMIN and to the sender itself only: to anyone else they
 * map who reports for which polling area, which is nobody else's business.
 */
export function maySeeSender(caller: Caller, submittedBy: string): boolean {
  return caller.role === 'ADMIN' || caller.credentialId === submittedBy;
}
