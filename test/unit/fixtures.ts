import type { PlacedContest } from '../../shared/model/election-index.ts';

/** A one-seat NA unit of Hà Nội (region R2) with these candidates and expected polling areas. */
export function haNoiNaContest(
  candidates: PlacedContest['contest']['candidates'],
  expectedPollingAreaIds: string[],
): PlacedContest {
  return {
    contest: {
      id: 'NA-01-01',
      body: 'NATIONAL_ASSEMBLY',
      name: 'Đơn vị bầu cử số 1',
      provinceId: '01',
      seats: 1,
      candidates,
    },
    regionId: 'R2',
    provinceName: 'Hà Nội',
    expectedPollingAreaIds,
  };
}
