import type { Me, Role } from './api.ts';
import type { View } from './route.ts';

/**
 * What each role may read, as the contract's table of roles says, so that the page offers only
 * those links; the API still decides every read, and the page says so when it refuses one.
 */

export interface Viewer {
  /** UNKNOWN when the API has no GET /v1/me: the page then offers everything and lets the API judge. */
  readonly role: Role | 'UNKNOWN';
  readonly mode?: Me['mode'];
  readonly provinceId?: string;
  readonly regionId?: string;
  /** A reporter's polling areas. */
  readonly pollingAreaIds?: readonly string[];
}

export const ROLE_LABEL: Record<Viewer['role'], string> = {
  ADMIN: 'Quản trị hệ thống',
  COUNCIL: 'Hội đồng bầu cử quốc gia',
  PROVINCIAL_COMMITTEE: 'Ủy ban bầu cử tỉnh, thành phố',
  REGIONAL_CONFERENCE: 'Hội nghị khu vực',
  REPORTER: 'Người báo cáo',
  OBSERVER: 'Quan sát viên',
  UNKNOWN: 'Người xem',
};

export function viewerOf(me: Me): Viewer {
  return {
    role: me.role,
    mode: me.mode,
    ...(me.provinceId ? { provinceId: me.provinceId } : {}),
    ...(me.regionId ? { regionId: me.regionId } : {}),
    ...(me.pollingAreaIds ? { pollingAreaIds: me.pollingAreaIds } : {}),
  };
}

/** Who sends reports from the page: reporters, provincial committees, the council (a board's minutes), ADMIN. */
export function sendsReports(v: Viewer): boolean {
  return (
    v.role === 'REPORTER' || v.role === 'PROVINCIAL_COMMITTEE' || v.role === 'COUNCIL' || v.role === 'ADMIN'
  );
}

const READS_EVERYTHING = new Set<Viewer['role']>(['ADMIN', 'COUNCIL', 'OBSERVER', 'UNKNOWN']);

export function readsResults(v: Viewer): boolean {
  return v.role !== 'REPORTER';
}

export function mayReadRegion(v: Viewer, regionId: string): boolean {
  return READS_EVERYTHING.has(v.role) || (v.role === 'REGIONAL_CONFERENCE' && v.regionId === regionId);
}

/** A province's results, and its contests'. Its region must be known to judge a conference. */
export function mayReadProvince(v: Viewer, provinceId: string, regionId: string | undefined): boolean {
  if (READS_EVERYTHING.has(v.role)) return true;
  if (v.role === 'PROVINCIAL_COMMITTEE') return v.provinceId === provinceId;
  if (v.role === 'REGIONAL_CONFERENCE') return regionId !== undefined && v.regionId === regionId;
  return false;
}

/** Where the page opens: a committee at its province, a conference at its region, the rest at the nation. */
export function homeView(v: Viewer): View {
  if (v.role === 'PROVINCIAL_COMMITTEE' && v.provinceId)
    return { kind: 'province', provinceId: v.provinceId };
  if (v.role === 'REGIONAL_CONFERENCE' && v.regionId) return { kind: 'region', regionId: v.regionId };
  return { kind: 'nation' };
}

/**
 * The inbox the viewer follows: its own audience; an ADMIN the council's. Observers have none.
 * For an unknown role the API picks the caller's own.
 */
export function inboxAudience(v: Viewer): { readonly audience: string | undefined } | undefined {
  switch (v.role) {
    case 'COUNCIL':
    case 'ADMIN':
      return { audience: 'COUNCIL' };
    case 'REGIONAL_CONFERENCE':
      return v.regionId ? { audience: `REGION:${v.regionId}` } : undefined;
    case 'PROVINCIAL_COMMITTEE':
      return v.provinceId ? { audience: `PROVINCE:${v.provinceId}` } : undefined;
    case 'UNKNOWN':
      return { audience: undefined };
    default:
      return undefined;
  }
}
