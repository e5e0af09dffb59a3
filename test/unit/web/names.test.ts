import { describe, expect, it } from 'vitest';
import type { NationResults, ProvinceResults } from '../../../web/src/api.ts';
import { breadcrumbs, Names } from '../../../web/src/names.ts';

const nation = {
  level: 'NATION',
  regions: [{ regionId: 'R4', name: 'Duyên hải Nam Trung Bộ và Tây Nguyên' }],
} as unknown as NationResults;
const province = {
  level: 'PROVINCE',
  provinceId: '48',
  regionId: 'R4',
  name: 'Đà Nẵng',
  contests: [{ contestId: 'NA-48-01', name: 'Đơn vị bầu cử số 1' }, { contestId: 'NA-48-02' }],
} as unknown as ProvinceResults;

describe('breadcrumbs', () => {
  const names = new Names();
  names.learn(nation);
  names.learn(province);

  it('walks nation › region › province › unit, the page itself not a link', () => {
    expect(breadcrumbs({ kind: 'contest', contestId: 'NA-48-01' }, names, { role: 'COUNCIL' })).toEqual([
      { label: 'Quốc gia', view: { kind: 'nation' } },
      { label: 'Duyên hải Nam Trung Bộ và Tây Nguyên', view: { kind: 'region', regionId: 'R4' } },
      { label: 'Đà Nẵng', view: { kind: 'province', provinceId: '48' } },
      { label: 'Đơn vị bầu cử số 1' },
    ]);
  });

  it('names the region but links nowhere a committee may not read', () => {
    expect(
      breadcrumbs({ kind: 'province', provinceId: '48' }, names, {
        role: 'PROVINCIAL_COMMITTEE',
        provinceId: '48',
      }),
    ).toEqual([
      { label: 'Quốc gia', view: { kind: 'nation' } },
      { label: 'Duyên hải Nam Trung Bộ và Tây Nguyên' },
      { label: 'Đà Nẵng' },
    ]);
  });

  it('stands in the id where the API gave no name', () => {
    const trail = breadcrumbs({ kind: 'contest', contestId: 'NA-48-02' }, names, { role: 'COUNCIL' });
    expect(trail.at(-1)).toEqual({ label: 'NA-48-02' });
    expect(
      breadcrumbs({ kind: 'province', provinceId: '99' }, new Names(), { role: 'COUNCIL' }).at(-1),
    ).toEqual({
      label: 'Tỉnh 99',
    });
  });
});

describe('learning names', () => {
  it('learns from results answers and ignores any other answer', () => {
    const names = new Names();
    names.learn({ level: 'NATION', series: [] });
    names.learn({ items: [], nextCursor: 'x' });
    names.learn(null);
    names.learn({
      level: 'REGION',
      regionId: 'R4',
      name: 'Tây Nguyên',
      provinces: [{ provinceId: '66', name: 'Đắk Lắk' }],
    });
    names.learn({ contestId: 'NA-66-01', provinceId: '66', name: 'Đơn vị bầu cử số 1' });
    expect(names.region('R4')).toBe('Tây Nguyên');
    expect(names.province('66')).toBe('Đắk Lắk');
    expect(names.regionOf('66')).toBe('R4');
    expect(names.contest('NA-66-01')).toBe('Đơn vị bầu cử số 1');
    expect(names.provinceOf('NA-66-01')).toBe('66');
  });
});
