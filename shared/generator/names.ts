import type { Rng } from './prng.ts';

/** Family names with their approximate share of the population (per cent). */
const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2.1],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.8],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.7],
  ['Trương', 0.7],
  ['Mai', 0.4],
  ['Đào', 0.4],
  ['Lương', 0.3],
  ['Tạ', 0.2],
  ['Cao', 0.3],
  ['Hà', 0.3],
  ['Lâm', 0.3],
  ['Tô', 0.2],
  ['Thái', 0.2],
  ['Chu', 0.2],
  ['Lò', 0.15],
  ['Vi', 0.1],
];

const MALE_MIDDLE = [
  'Văn',
  'Văn',
  'Văn',
  'Hữu',
  'Đức',
  'Minh',
  'Quang',
  'Công',
  'Quốc',
  'Thanh',
  'Xuân',
  'Ngọc',
  'Duy',
  'Trọng',
  'Anh',
  'Hoàng',
  'Tiến',
  'Mạnh',
  'Đình',
  'Bá',
];
const FEMALE_MIDDLE = [
  'Thị',
  'Thị',
  'Thị',
  'Thị',
  'Thu',
  'Ngọc',
  'Thanh',
  'Minh',
  'Kim',
  'Thúy',
  'Hồng',
  'Bích',
  'Phương',
  'Mỹ',
  'Diệu',
  'Hoài',
];
/** Second middle names after "Thị" ("Nguyễn Thị Thanh Hương"). */
const FEMALE_SECOND_MIDDLE = [
  'Thanh',
  'Thu',
  'Ngọc',
  'Minh',
  'Kim',
  'Hồng',
  'Bích',
  'Phương',
  'Thúy',
  'Mai',
  'Lan',
];
const MALE_GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đức',
  'Hải',
  'Hiếu',
  'Hùng',
  'Huy',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phong',
  'Phúc',
  'Quang',
  'Sơn',
  'Tài',
  'Thắng',
  'Thành',
  'Tuấn',
  'Việt',
  'Vinh',
  'Trung',
  'Tùng',
  'Khoa',
  'Lâm',
  'Hậu',
  'Hoàng',
  'Kiên',
  'Lợi',
  'Nghĩa',
  'Tâm',
  'Thịnh',
  'Toàn',
  'Trí',
  'Vũ',
  'Bảo',
  'Chiến',
  'Công',
  'Đạt',
  'Định',
  'Giang',
  'Hưng',
  'Lực',
  'Phương',
  'Quân',
  'Thái',
  'Thọ',
  'Tiến',
];
const FEMALE_GIVEN = [
  'Anh',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hương',
  'Huyền',
  'Lan',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phương',
  'Quyên',
  'Thảo',
  'Thu',
  'Thủy',
  'Trang',
  'Tuyết',
  'Vân',
  'Yến',
  'Châu',
  'Diệp',
  'Duyên',
  'Hậu',
  'Hòa',
  'Hồng',
  'Liên',
  'Ly',
  'Nhàn',
  'Nhi',
  'Quỳnh',
  'Tâm',
  'Thanh',
  'Thúy',
  'Trâm',
  'Uyên',
  'Xuân',
  'Khánh',
  'Ngọc',
  'Bích',
  'Hải',
  'Lụa',
];

const FAMILY_TOTAL = FAMILY_NAMES.reduce((sum, [, share]) => sum + share, 0);

function familyName(rng: Rng): string {
  let r = rng.next() * FAMILY_TOTAL;
  for (const [name, share] of FAMILY_NAMES) {
    r -= share;
    if (r < 0) return name;
  }
  return 'Nguyễn';
}

/** A plausible Vietnamese full name: family name, one or two middle names, given name. */
export function personName(rng: Rng): string {
  const family = familyName(rng);
  if (rng.chance(0.42)) {
    const middle = rng.pick(FEMALE_MIDDLE);
    let given = rng.pick(FEMALE_GIVEN);
    while (given === middle || given === family) given = rng.pick(FEMALE_GIVEN);
    if (middle === 'Thị' && rng.chance(0.3)) {
      let second = rng.pick(FEMALE_SECOND_MIDDLE);
      while (second === given) second = rng.pick(FEMALE_SECOND_MIDDLE);
      return `${family} ${middle} ${second} ${given}`;
    }
    return `${family} ${middle} ${given}`;
  }
  const middle = rng.pick(MALE_MIDDLE);
  let given = rng.pick(MALE_GIVEN);
  while (given === middle || given === family) given = rng.pick(MALE_GIVEN);
  return `${family} ${middle} ${given}`;
}

const DAY_MS = 86_400_000;
const BIRTH_FIRST_DAY = Date.UTC(1960, 0, 1) / DAY_MS;
const BIRTH_LAST_DAY = Date.UTC(2000, 11, 31) / DAY_MS;

/** A birth date between 1960-01-01 and 2000-12-31, as YYYY-MM-DD. */
export function birthDate(rng: Rng): string {
  const day = rng.int(BIRTH_FIRST_DAY, BIRTH_LAST_DAY);
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const PLACE_FIRST = [
  'An',
  'Bình',
  'Hòa',
  'Phú',
  'Tân',
  'Thạnh',
  'Long',
  'Mỹ',
  'Phước',
  'Vĩnh',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Hưng',
  'Thuận',
  'Xuân',
  'Trung',
  'Quang',
  'Thanh',
  'Hải',
  'Sơn',
  'Đức',
  'Hiệp',
  'Minh',
  'Ngọc',
  'Kim',
  'Lộc',
  'Thái',
  'Hồng',
  'Cẩm',
  'Gia',
  'Tam',
  'Yên',
  'Định',
  'Hà',
  'Lạc',
  'Thới',
  'Phong',
  'Tiên',
  'Quỳnh',
  'Diễn',
  'Nghĩa',
];
const PLACE_SECOND = [
  'An',
  'Bình',
  'Hòa',
  'Phú',
  'Lợi',
  'Thành',
  'Lộc',
  'Hưng',
  'Thịnh',
  'Phước',
  'Mỹ',
  'Long',
  'Trung',
  'Đông',
  'Tây',
  'Sơn',
  'Hải',
  'Lâm',
  'Xuân',
  'Quý',
  'Khánh',
  'Thuận',
  'Định',
  'Tiến',
  'Hiệp',
  'Nghĩa',
  'Hậu',
  'Thạnh',
  'Lạc',
  'Phong',
  'Điền',
  'Giang',
  'Cường',
  'Tân',
  'Vinh',
  'Châu',
  'Linh',
  'Yên',
  'Thắng',
  'Kiều',
];

/** Every two-syllable place name the generator can make, in a fixed order. */
const PLACE_NAMES: readonly string[] = PLACE_FIRST.flatMap((first) =>
  PLACE_SECOND.filter((second) => second !== first).map((second) => `${first} ${second}`),
);

/**
 * `count` distinct place names for one province: the known ones first (in their order), then
 * generated two-syllable names, none repeating a name in `taken`.
 */
export function placeNames(
  rng: Rng,
  count: number,
  known: readonly string[],
  taken: ReadonlySet<string>,
): string[] {
  const names: string[] = [];
  const used = new Set(taken);
  for (const name of known) {
    if (names.length >= count) return names;
    if (used.has(name)) continue;
    used.add(name);
    names.push(name);
  }
  const pool = rng.shuffle([...PLACE_NAMES]);
  for (const name of pool) {
    if (names.length >= count) break;
    if (used.has(name)) continue;
    used.add(name);
    names.push(name);
  }
  if (names.length < count) throw new RangeError(`cannot make ${count} distinct place names`);
  return names;
}
