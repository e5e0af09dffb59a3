import { describe, expect, it } from 'vitest';
import {
  homeView,
  inboxAudience,
  mayReadProvince,
  mayReadRegion,
  type Viewer,
  viewerOf,
} from '../../../web/src/roles.ts';

const committee: Viewer = { role: 'PROVINCIAL_COMMITTEE', provinceId: '48' };
const conference: Viewer = { role: 'REGIONAL_CONFERENCE', regionId: 'R4' };

describe('each role at its own level', () => {
  it('opens a committee at its province, a conference at its region, the others at the nation', () => {
    expect(homeView(committee)).toEqual({ kind: 'province', provinceId: '48' });
    expect(homeView(conference)).toEqual({ kind: 'region', regionId: 'R4' });
    for (const role of ['COUNCIL', 'OBSERVER', 'ADMIN', 'UNKNOWN'] as const) {
      expect(homeView({ role })).toEqual({ kind: 'nation' });
    }
  });

  it('offers a committee its own province only, and no region', () => {
    expect(mayReadProvince(committee, '48', 'R4')).toBe(true);
    expect(mayReadProvince(committee, '56', 'R4')).toBe(false);
    expect(mayReadRegion(committee, 'R4')).toBe(false);
  });

  it('offers a conference its region and the provinces in it', () => {
    expect(mayReadRegion(conference, 'R4')).toBe(true);
    expect(mayReadRegion(conference, 'R2')).toBe(false);
    expect(mayReadProvince(conference, '56', 'R4')).toBe(true);
    expect(mayReadProvince(conference, '01', 'R2')).toBe(false);
    expect(mayReadProvince(conference, '56', undefined)).toBe(false);
  });

  it('offers the council and observers everything, and a reporter no results', () => {
    expect(mayReadRegion({ role: 'OBSERVER' }, 'R1')).toBe(true);
    expect(mayReadProvince({ role: 'COUNCIL' }, '01', 'R2')).toBe(true);
    expect(mayReadProvince({ role: 'REPORTER' }, '01', 'R2')).toBe(false);
  });

  it('follows the role’s own inbox; observers have none', () => {
    expect(inboxAudience(committee)).toEqual({ audience: 'PROVINCE:48' });
    expect(inboxAudience(conference)).toEqual({ audience: 'REGION:R4' });
    expect(inboxAudience({ role: 'COUNCIL' })).toEqual({ audience: 'COUNCIL' });
    expect(inboxAudience({ role: 'ADMIN' })).toEqual({ audience: 'COUNCIL' });
    expect(inboxAudience({ role: 'OBSERVER' })).toBeUndefined();
    expect(inboxAudience({ role: 'UNKNOWN' })).toEqual({ audience: undefined });
  });

  it('reads GET /v1/me', () => {
    expect(
      viewerOf({
        credentialId: 'cred-1',
        role: 'PROVINCIAL_COMMITTEE',
        mode: 'TEST',
        provinceId: '48',
        expiresAt: 'x',
      }),
    ).toEqual({ role: 'PROVINCIAL_COMMITTEE', mode: 'TEST', provinceId: '48' });
  });
});
