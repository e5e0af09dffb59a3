import { beforeAll, describe, expect, it } from 'vitest';
import { generateElection } from '../../../shared/generator/generate.ts';
import { type Body, type Contest, ElectionDefinition } from '../../../shared/model/election.ts';

const GROUPING: Record<string, [string, string][]> = {
  R1: [
    ['20', 'Lạng Sơn'],
    ['04', 'Cao Bằng'],
    ['19', 'Thái Nguyên'],
    ['08', 'Tuyên Quang'],
    ['25', 'Phú Thọ'],
    ['15', 'Lào Cai'],
    ['12', 'Lai Châu'],
    ['11', 'Điện Biên'],
    ['14', 'Sơn La'],
  ],
  R2: [
    ['01', 'Hà Nội'],
    ['31', 'Hải Phòng'],
    ['37', 'Ninh Bình'],
    ['33', 'Hưng Yên'],
    ['24', 'Bắc Ninh'],
    ['22', 'Quảng Ninh'],
  ],
  R3: [
    ['38', 'Thanh Hóa'],
    ['40', 'Nghệ An'],
    ['42', 'Hà Tĩnh'],
    ['44', 'Quảng Trị'],
    ['46', 'Huế'],
  ],
  R4: [
    ['48', 'Đà Nẵng'],
    ['51', 'Quảng Ngãi'],
    ['52', 'Gia Lai'],
    ['66', 'Đắk Lắk'],
    ['56', 'Khánh Hòa'],
    ['68', 'Lâm Đồng'],
  ],
  R5: [
    ['79', 'TP. Hồ Chí Minh'],
    ['75', 'Đồng Nai'],
    ['80', 'Tây Ninh'],
  ],
  R6: [
    ['92', 'Cần Thơ'],
    ['86', 'Vĩnh Long'],
    ['82', 'Đồng Tháp'],
    ['91', 'An Giang'],
    ['96', 'Cà Mau'],
  ],
};

const FIXED_NA: Record<string, [units: number, seats: number, candidates: number]> = {
  '01': [11, 32, 54],
  '79': [13, 38, 64],
  '31': [7, 19, 33],
  '48': [5, 14, 24],
  '92': [6, 18, 30],
};

const MAX_SEATS: Record<Body, number> = { NATIONAL_ASSEMBLY: 3, PROVINCIAL_COUNCIL: 5, COMMUNE_COUNCIL: 5 };
const DIACRITICS = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('generateElection at scale 1 (the March 2026 election)', () => {
  let def: ElectionDefinition;
  let byBody: Record<Body, Contest[]>;
  let contestById: Map<string, Contest>;

  beforeAll(() => {
    def = generateElection({ scale: 1, seed: 2026 });
    byBody = { NATIONAL_ASSEMBLY: [], PROVINCIAL_COUNCIL: [], COMMUNE_COUNCIL: [] };
    for (const c of def.contests) byBody[c.body].push(c);
    contestById = new Map(def.contests.map((c) => [c.id, c]));
  }, 30_000);

  it('passes the schema, with the election’s identity', () => {
    expect(() => ElectionDefinition.parse(def)).not.toThrow();
    expect(def).toMatchObject({
      id: 'vn-2026',
      name: 'Bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026–2031',
      pollingDay: '2026-03-15',
      timeZone: 'Asia/Ho_Chi_Minh',
      mode: 'LIVE',
    });
  });

  it('has 6 regions and 34 provinces grouped as officially', () => {
    expect(def.regions.map((r) => r.id)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
    expect(def.provinces).toHaveLength(34);
    const actual: Record<string, [string, string][]> = {};
    for (const p of def.provinces) actual[p.regionId] = [...(actual[p.regionId] ?? []), [p.id, p.name]];
    expect(actual).toEqual(GROUPING);
  });

  it('has 3,321 communes, every province some, with the special zones', () => {
    expect(def.communes).toHaveLength(3321);
    const provinces = new Set(def.communes.map((c) => c.provinceId));
    expect(provinces.size).toBe(34);
    expect(def.communes.filter((c) => !/^(Phường|Xã|Đặc khu) /.test(c.name))).toEqual([]);
    expect(def.communes.find((c) => c.name === 'Đặc khu Hoàng Sa')?.provinceId).toBe('48');
    expect(def.communes.find((c) => c.name === 'Đặc khu Trường Sa')?.provinceId).toBe('56');
  });

  it('has every id unique within its kind', () => {
    const unique = (ids: string[]) => expect(new Set(ids).size).toBe(ids.length);
    unique(def.provinces.map((p) => p.id));
    unique(def.communes.map((c) => c.id));
    unique(def.contests.map((c) => c.id));
    unique(def.pollingAreas.map((a) => a.id));
    unique(def.contests.flatMap((c) => c.candidates.map((x) => x.id)));
  });

  it('has the National Assembly’s 182 units, 500 seats and 864 candidates', () => {
    const na = byBody.NATIONAL_ASSEMBLY;
    expect(na).toHaveLength(182);
    expect(sum(na.map((c) => c.seats))).toBe(500);
    expect(sum(na.map((c) => c.candidates.length))).toBe(864);
    for (const [provinceId, figures] of Object.entries(FIXED_NA)) {
      const units = na.filter((c) => c.provinceId === provinceId);
      expect([
        units.length,
        sum(units.map((c) => c.seats)),
        sum(units.map((c) => c.candidates.length)),
      ]).toEqual(figures);
    }
    for (const p of def.provinces) expect(na.some((c) => c.provinceId === p.id)).toBe(true);
  });

  it('keeps seats within the law and lists enough candidates', () => {
    const bad = def.contests.filter(
      (c) =>
        c.seats < 1 ||
        c.seats > MAX_SEATS[c.body] ||
        c.candidates.length < c.seats + (c.body === 'NATIONAL_ASSEMBLY' ? 2 : 1) ||
        (c.communeId !== undefined) !== (c.body === 'COMMUNE_COUNCIL'),
    );
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it('gives TP. Hồ Chí Minh’s council 125 seats in 42 units', () => {
    const hcm = byBody.PROVINCIAL_COUNCIL.filter((c) => c.provinceId === '79');
    expect(hcm).toHaveLength(42);
    expect(sum(hcm.map((c) => c.seats))).toBe(125);
    for (const p of def.provinces)
      expect(byBody.PROVINCIAL_COUNCIL.some((c) => c.provinceId === p.id)).toBe(true);
  });

  it('has 72,195 polling areas of 300–4,000 voters, about 76.5 million in all', () => {
    expect(def.pollingAreas).toHaveLength(72195);
    const voters = def.pollingAreas.map((a) => a.registeredVoters);
    expect(Math.min(...voters)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...voters)).toBeLessThanOrEqual(4000);
    expect(Math.abs(sum(voters) - 76_516_637)).toBeLessThanOrEqual(76_516_637 * 0.005);
  });

  it('puts each polling area in one unit of each body, of its own province and commune', () => {
    const communeProvince = new Map(def.communes.map((c) => [c.id, c.provinceId]));
    const covered = new Set<string>();
    const problems: string[] = [];
    for (const area of def.pollingAreas) {
      const provinceId = communeProvince.get(area.communeId);
      const contests = area.contestIds.map((id) => contestById.get(id));
      const bodies = contests.map((c) => c?.body).sort();
      if (
        area.contestIds.length !== 3 ||
        bodies.join() !== 'COMMUNE_COUNCIL,NATIONAL_ASSEMBLY,PROVINCIAL_COUNCIL'
      ) {
        problems.push(`${area.id}: ${area.contestIds.join()}`);
      }
      for (const c of contests) {
        if (!c || c.provinceId !== provinceId) problems.push(`${area.id}: contest outside its province`);
        else if (c.body === 'COMMUNE_COUNCIL' && c.communeId !== area.communeId) {
          problems.push(`${area.id}: commune contest ${c.id} of another commune`);
        }
        if (c) covered.add(c.id);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(def.contests.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('gives every commune at least one polling area and one council unit', () => {
    const withArea = new Set(def.pollingAreas.map((a) => a.communeId));
    const withUnit = new Set(byBody.COMMUNE_COUNCIL.map((c) => c.communeId));
    expect(def.communes.filter((c) => !withArea.has(c.id) || !withUnit.has(c.id))).toEqual([]);
  });

  it('uses Vietnamese names with diacritics and birth dates from 1960 to 2000', () => {
    expect(def.provinces.filter((p) => DIACRITICS.test(p.name)).length).toBeGreaterThan(25);
    expect(def.communes.every((c) => DIACRITICS.test(c.name))).toBe(true);
    const candidates = def.contests.flatMap((c) => c.candidates);
    expect(candidates.filter((c) => DIACRITICS.test(c.name)).length / candidates.length).toBeGreaterThan(0.9);
    const bad = candidates.filter(
      (c) => c.name.split(' ').length < 3 || c.birthDate < '1960-01-01' || c.birthDate > '2000-12-31',
    );
    expect(bad).toEqual([]);
  });
});

describe('generateElection at small scales', () => {
  it('keeps all 34 provinces and about 1,500 polling areas at scale 0.02', () => {
    const def = generateElection({ scale: 0.02, seed: 1 });
    expect(() => ElectionDefinition.parse(def)).not.toThrow();
    expect(def.id).toBe('vn-2026-s0.02');
    expect(def.provinces).toHaveLength(34);
    expect(new Set(def.communes.map((c) => c.provinceId)).size).toBe(34);
    expect(def.pollingAreas.length).toBeGreaterThanOrEqual(1450);
    expect(def.pollingAreas.length).toBeLessThanOrEqual(1600);
    for (const p of def.provinces) {
      expect(def.contests.some((c) => c.body === 'NATIONAL_ASSEMBLY' && c.provinceId === p.id)).toBe(true);
      expect(def.contests.some((c) => c.body === 'PROVINCIAL_COUNCIL' && c.provinceId === p.id)).toBe(true);
    }
    for (const c of def.contests) expect(c.seats).toBeLessThanOrEqual(MAX_SEATS[c.body]);
    const covered = new Set(def.pollingAreas.flatMap((a) => a.contestIds));
    expect(def.contests.every((c) => covered.has(c.id))).toBe(true);
  });

  it('stays valid at a tiny scale', () => {
    const def = generateElection({ scale: 0.0001, seed: 5, id: 'tiny', mode: 'TEST' });
    expect(() => ElectionDefinition.parse(def)).not.toThrow();
    expect(def).toMatchObject({ id: 'tiny', mode: 'TEST' });
    expect(def.provinces).toHaveLength(34);
    expect(def.pollingAreas.every((a) => a.registeredVoters >= 300 && a.registeredVoters <= 4000)).toBe(true);
  });

  it('is deterministic by seed', () => {
    const a = JSON.stringify(generateElection({ scale: 0.01, seed: 42 }));
    const b = JSON.stringify(generateElection({ scale: 0.01, seed: 42 }));
    const c = generateElection({ scale: 0.01, seed: 43 });
    expect(a).toBe(b);
    expect(JSON.stringify(c)).not.toBe(a);
    const first = JSON.parse(a) as ElectionDefinition;
    expect(c.contests.map((x) => x.candidates[0]?.name)).not.toEqual(
      first.contests.map((x) => x.candidates[0]?.name),
    );
    expect(c.pollingAreas.map((x) => x.registeredVoters)).not.toEqual(
      first.pollingAreas.map((x) => x.registeredVoters),
    );
  });

  it('refuses a scale outside (0, 1] and a seed that is not an integer', () => {
    expect(() => generateElection({ scale: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateElection({ scale: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateElection({ scale: 0.5, seed: 1.5 })).toThrow(RangeError);
    expect(() => generateElection({ scale: 0.5, seed: 1, id: 'not valid' })).toThrow(RangeError);
  });
});
