import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../shared/model/election.ts';
import { indexElection } from '../../../shared/model/election-index.ts';

const base: ElectionDefinition = {
  id: 'e',
  name: 'E',
  pollingDay: '2026-03-15',
  timeZone: 'Asia/Ho_Chi_Minh',
  mode: 'LIVE',
  regions: [{ id: 'R2', name: 'Đồng bằng sông Hồng' }],
  provinces: [{ id: '01', name: 'Hà Nội', regionId: 'R2' }],
  communes: [{ id: '01-001', name: 'Ba Đình', provinceId: '01' }],
  contests: [
    {
      id: 'NA-1',
      body: 'NATIONAL_ASSEMBLY',
      name: 'Đơn vị 1',
      provinceId: '01',
      seats: 1,
      candidates: [{ id: 'x', name: 'X', birthDate: '1970-01-01' }],
    },
  ],
  pollingAreas: [
    { id: 'pa1', name: 'KV 1', communeId: '01-001', registeredVoters: 10, contestIds: ['NA-1'] },
    { id: 'pa2', name: 'KV 2', communeId: '01-001', registeredVoters: 10, contestIds: ['NA-1'] },
  ],
};

describe('indexElection', () => {
  it('places contests and polling areas in their province and region', () => {
    const indexed = indexElection(base);
    expect(indexed.ok).toBe(true);
    if (!indexed.ok) return;
    expect(indexed.index.contests.get('NA-1')).toMatchObject({
      regionId: 'R2',
      provinceName: 'Hà Nội',
      expectedPollingAreaIds: ['pa1', 'pa2'],
    });
    expect(indexed.index.pollingAreas.get('pa2')).toMatchObject({ provinceId: '01', regionId: 'R2' });
  });

  it('lists every reference that points nowhere, with its path', () => {
    const broken: ElectionDefinition = {
      ...base,
      provinces: [{ id: '01', name: 'Hà Nội', regionId: 'R9' }],
      pollingAreas: [
        { id: 'pa1', name: 'KV 1', communeId: 'nowhere', registeredVoters: 10, contestIds: ['NA-1'] },
        { id: 'pa2', name: 'KV 2', communeId: '01-001', registeredVoters: 10, contestIds: ['NA-9'] },
      ],
    };
    const indexed = indexElection(broken);
    expect(indexed.ok).toBe(false);
    if (indexed.ok) return;
    expect(indexed.problems.map((p) => p.path)).toEqual([
      '/provinces/0/regionId',
      '/pollingAreas/0/communeId',
      '/pollingAreas/1/contestIds/0',
    ]);
    expect(new Set(indexed.problems.map((p) => p.code))).toEqual(new Set(['UNKNOWN_REFERENCE']));
  });
});
