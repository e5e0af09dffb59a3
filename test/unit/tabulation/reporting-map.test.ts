import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexElection } from '../../../shared/model/election-index.ts';
import { recomputeContest } from '../../../shared/tabulation/recompute.ts';
import {
  notReportedPollingAreas,
  notReportingIndexes,
  reportingMap,
} from '../../../shared/tabulation/reporting-map.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `01-001-${String(i + 1).padStart(3, '0')}`);

describe('reportingMap', () => {
  it('gives back exactly the expected polling areas that did not report, for any set and size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.array(fc.nat(700)), (size, picks) => {
        const expected = ids(size);
        const reporting = new Set(picks.map((i) => expected[i]).filter((id): id is string => !!id));
        const map = reportingMap(expected, reporting);
        const missing = notReportingIndexes(expected, map).map((i) => expected[i]);
        expect(missing).toEqual(expected.filter((id) => !reporting.has(id)));
      }),
    );
  });

  it('ignores polling areas the contest does not expect, and stays small', () => {
    const expected = ids(400);
    const map = reportingMap(expected, new Set(['elsewhere', ...expected.slice(0, 399)]));
    expect(notReportingIndexes(expected, map)).toEqual([399]);
    expect(map.length).toBeLessThanOrEqual(68);
  });

  it('reads every polling area as missing from an empty map (a definition replaced before any tally)', () => {
    expect(notReportingIndexes(ids(3), reportingMap([], new Set()))).toEqual([0, 1, 2]);
  });
});

describe('notReportedPollingAreas', () => {
  it('names each missing polling area and sorts them by id, whatever the definition’s order', () => {
    const expected = ['79-001-02', '01-001-10', '01-001-02'];
    const names = ['Khu vực bỏ phiếu số 2', 'Khu vực bỏ phiếu số 10', 'Khu vực bỏ phiếu số 2'];
    expect(notReportedPollingAreas(expected, names, [0, 1, 2])).toEqual([
      { pollingAreaId: '01-001-02', name: 'Khu vực bỏ phiếu số 2' },
      { pollingAreaId: '01-001-10', name: 'Khu vực bỏ phiếu số 10' },
      { pollingAreaId: '79-001-02', name: 'Khu vực bỏ phiếu số 2' },
    ]);
    expect(notReportedPollingAreas(expected, names, [])).toEqual([]);
  });
});

describe('a placed contest', () => {
  const indexed = indexElection({
    id: 'e',
    name: 'Bầu cử',
    pollingDay: '2026-03-15',
    timeZone: 'Asia/Ho_Chi_Minh',
    mode: 'LIVE',
    regions: [{ id: 'R2', name: 'Vùng 2' }],
    provinces: [{ id: '01', name: 'Hà Nội', regionId: 'R2' }],
    communes: [{ id: '01-001', name: 'Phường Ba Đình', provinceId: '01' }],
    contests: [
      {
        id: 'NA-01-01',
        body: 'NATIONAL_ASSEMBLY',
        name: 'Đơn vị bầu cử số 1',
        provinceId: '01',
        seats: 1,
        candidates: [
          { id: 'a', name: 'Nguyễn Văn An', birthDate: '1968-02-01' },
          { id: 'b', name: 'Trần Thị Bình', birthDate: '1975-06-12' },
        ],
      },
    ],
    pollingAreas: ['01-001-02', '01-001-01'].map((id, i) => ({
      id,
      name: `Khu vực bỏ phiếu số ${2 - i}`,
      communeId: '01-001',
      registeredVoters: 100,
      contestIds: ['NA-01-01'],
    })),
  });
  if (!indexed.ok) throw new Error('fixture does not index');
  const placed = indexed.index.contests.get('NA-01-01');

  it('keeps its polling areas’ names index for index with their ids', () => {
    expect(placed?.expectedPollingAreaIds).toEqual(['01-001-02', '01-001-01']);
    expect(placed?.expectedPollingAreaNames).toEqual(['Khu vực bỏ phiếu số 2', 'Khu vực bỏ phiếu số 1']);
  });

  it('gives its result the contest’s name', () => {
    if (!placed) throw new Error('no contest');
    expect(recomputeContest(placed, []).name).toBe('Đơn vị bầu cử số 1');
  });
});
