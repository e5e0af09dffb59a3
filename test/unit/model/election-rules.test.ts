import { describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../shared/model/election.ts';
import {
  minimumCandidates,
  seatsWithinLegalMaximum,
  validateElection,
} from '../../../shared/model/election-rules.ts';

const candidates = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    name: `Ứng cử viên ${i + 1}`,
    birthDate: '1970-01-01',
  }));

const base: ElectionDefinition = {
  id: 'e',
  name: 'E',
  pollingDay: '2026-03-15',
  timeZone: 'Asia/Ho_Chi_Minh',
  mode: 'LIVE',
  regions: [{ id: 'R2', name: 'Đồng bằng sông Hồng' }],
  provinces: [
    { id: '01', name: 'Hà Nội', regionId: 'R2' },
    { id: '31', name: 'Hải Phòng', regionId: 'R2' },
  ],
  communes: [
    { id: '01-001', name: 'Ba Đình', provinceId: '01' },
    { id: '01-002', name: 'Hoàn Kiếm', provinceId: '01' },
  ],
  contests: [
    {
      id: 'NA',
      body: 'NATIONAL_ASSEMBLY',
      name: 'ĐV 1',
      provinceId: '01',
      seats: 3,
      candidates: candidates('NA', 5),
    },
    {
      id: 'PC',
      body: 'PROVINCIAL_COUNCIL',
      name: 'ĐV 1',
      provinceId: '01',
      seats: 5,
      candidates: candidates('PC', 6),
    },
    {
      id: 'CC',
      body: 'COMMUNE_COUNCIL',
      name: 'ĐV 1',
      provinceId: '01',
      communeId: '01-001',
      seats: 2,
      candidates: candidates('CC', 3),
    },
  ],
  pollingAreas: [
    { id: 'pa', name: 'KV 1', communeId: '01-001', registeredVoters: 900, contestIds: ['NA', 'PC', 'CC'] },
  ],
};

const codes = (def: ElectionDefinition) => {
  const result = validateElection(def);
  return result.ok ? [] : result.problems.map((p) => p.code);
};

describe('Art. 10 and the candidate lists', () => {
  it('allows at most 3 seats for an NA unit and 5 for a council unit', () => {
    expect(seatsWithinLegalMaximum({ body: 'NATIONAL_ASSEMBLY', seats: 3 })).toBe(true);
    expect(seatsWithinLegalMaximum({ body: 'NATIONAL_ASSEMBLY', seats: 4 })).toBe(false);
    expect(seatsWithinLegalMaximum({ body: 'COMMUNE_COUNCIL', seats: 5 })).toBe(true);
    expect(seatsWithinLegalMaximum({ body: 'PROVINCIAL_COUNCIL', seats: 6 })).toBe(false);
  });
  it('needs seats + 2 candidates for the NA and more candidates than seats for a council', () => {
    expect(minimumCandidates({ body: 'NATIONAL_ASSEMBLY', seats: 3 })).toBe(5);
    expect(minimumCandidates({ body: 'COMMUNE_COUNCIL', seats: 3 })).toBe(4);
  });
});

describe('validateElection', () => {
  it('accepts a consistent definition', () => {
    expect(codes(base)).toEqual([]);
  });
  it('finds duplicate ids of every kind, candidates included', () => {
    const def = {
      ...base,
      communes: [...base.communes, { id: '01-001', name: 'x', provinceId: '01' }],
      contests: [...base.contests, { ...base.contests[0], id: 'NA2' } as (typeof base.contests)[0]],
    };
    expect(codes(def)).toEqual(expect.arrayContaining(['DUPLICATE_ID']));
    expect(validateElection(def).ok).toBe(false);
  });
  it('finds seats above the maximum and too few candidates', () => {
    const def = {
      ...base,
      contests: [
        { ...base.contests[0], seats: 4 },
        { ...base.contests[1], candidates: candidates('PC', 5) },
        base.contests[2],
      ],
    } as ElectionDefinition;
    expect(codes(def)).toEqual(expect.arrayContaining(['SEATS_ABOVE_LEGAL_MAXIMUM', 'TOO_FEW_CANDIDATES']));
  });
  it('finds a polling area voting twice in one body, or in a contest outside its province or commune', () => {
    const twice = {
      ...base,
      contests: [
        ...base.contests,
        { ...base.contests[0], id: 'NA2', candidates: candidates('NB', 5) },
      ] as ElectionDefinition['contests'],
      pollingAreas: [{ ...base.pollingAreas[0], contestIds: ['NA', 'NA2', 'PC', 'CC'] }],
    } as ElectionDefinition;
    expect(codes(twice)).toContain('CONTESTS_PER_BODY');
    const away = {
      ...base,
      contests: [
        ...base.contests,
        {
          id: 'HP',
          body: 'NATIONAL_ASSEMBLY',
          name: 'ĐV',
          provinceId: '31',
          seats: 1,
          candidates: candidates('HP', 3),
        },
      ] as ElectionDefinition['contests'],
      pollingAreas: [
        { ...base.pollingAreas[0], contestIds: ['HP', 'PC', 'CC'] },
        { ...base.pollingAreas[0], id: 'pb', communeId: '01-002', contestIds: ['NA', 'PC', 'CC'] },
      ],
    } as ElectionDefinition;
    expect(codes(away).filter((c) => c === 'CONTEST_OUTSIDE_POLLING_AREA')).toHaveLength(2);
  });
  it('finds contests nobody votes in, and commune contests without their commune', () => {
    const def = {
      ...base,
      contests: [
        ...base.contests,
        {
          id: 'CC2',
          body: 'COMMUNE_COUNCIL',
          name: 'ĐV 2',
          provinceId: '01',
          seats: 2,
          candidates: candidates('CD', 3),
        },
      ],
    } as ElectionDefinition;
    expect(codes(def)).toEqual(expect.arrayContaining(['COMMUNE_REQUIRED']));
    const unused = {
      ...base,
      contests: [...base.contests, { ...base.contests[0], id: 'NA3', candidates: candidates('NC', 5) }],
    } as ElectionDefinition;
    expect(codes(unused)).toEqual(['CONTEST_WITHOUT_POLLING_AREAS']);
  });
});
