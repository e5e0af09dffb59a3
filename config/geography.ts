/**
 * The country as of the 2025 reorganisation: 6 regions, 34 provinces (official two-digit codes)
 * and 3,321 commune-level units, with the figures the generator scales from.
 */

export interface RegionData {
  readonly id: string;
  readonly name: string;
}

export interface SpecialZone {
  readonly name: string;
  /** Its share of the province's polling areas relative to an ordinary commune (0: the minimum, one). */
  readonly pollingWeight: number;
}

export interface ProvinceData {
  readonly id: string;
  readonly name: string;
  readonly regionId: string;
  /** Population in thousands (approximate, after the 2025 mergers). */
  readonly population: number;
  /** Commune-level units (wards, communes and special zones) at scale 1. */
  readonly communes: number;
  /** How many of them are wards (phường). */
  readonly wards: number;
  /** Special zones (đặc khu), listed last among the province's communes. */
  readonly specialZones: readonly SpecialZone[];
  /** Relative size of a polling area: larger in the big cities, smaller in the mountains. */
  readonly pollingAreaSize: number;
  /** Fixed National Assembly figures, for the provinces whose figures are published. */
  readonly nationalAssembly?: { readonly units: number; readonly seats: number };
  /** Fixed provincial People's Council figures, where they are published. */
  readonly provincialCouncil?: { readonly units?: number; readonly seats: number };
  /** Well-known ward names used before generated ones. */
  readonly knownWards?: readonly string[];
}

export const REGIONS: readonly RegionData[] = [
  { id: 'R1', name: 'Trung du và miền núi phía Bắc' },
  { id: 'R2', name: 'Đồng bằng sông Hồng' },
  { id: 'R3', name: 'Bắc Trung Bộ' },
  { id: 'R4', name: 'Duyên hải Nam Trung Bộ và Tây Nguyên' },
  { id: 'R5', name: 'Đông Nam Bộ' },
  { id: 'R6', name: 'Đồng bằng sông Cửu Long' },
];

const zone = (name: string, pollingWeight: number): SpecialZone => ({ name, pollingWeight });

export const PROVINCES: readonly ProvinceData[] = [
  // R1 Trung du và miền núi phía Bắc
  p('20', 'Lạng Sơn', 'R1', 882, 65, 4, 0.7),
  p('04', 'Cao Bằng', 'R1', 573, 56, 3, 0.65),
  p('19', 'Thái Nguyên', 'R1', 1800, 92, 15, 0.9),
  p('08', 'Tuyên Quang', 'R1', 1866, 124, 7, 0.7),
  p('25', 'Phú Thọ', 'R1', 4023, 148, 15, 0.95),
  p('15', 'Lào Cai', 'R1', 1779, 99, 10, 0.7),
  p('12', 'Lai Châu', 'R1', 512, 38, 2, 0.6),
  p('11', 'Điện Biên', 'R1', 650, 45, 3, 0.6),
  p('14', 'Sơn La', 'R1', 1300, 75, 8, 0.65),
  // R2 Đồng bằng sông Hồng
  {
    ...p('01', 'Hà Nội', 'R2', 8718, 126, 51, 1.4),
    nationalAssembly: { units: 11, seats: 32 },
    provincialCouncil: { seats: 95 },
    knownWards: [
      'Ba Đình',
      'Hoàn Kiếm',
      'Cửa Nam',
      'Ngọc Hà',
      'Giảng Võ',
      'Hai Bà Trưng',
      'Vĩnh Tuy',
      'Bạch Mai',
      'Đống Đa',
      'Kim Liên',
      'Văn Miếu - Quốc Tử Giám',
      'Láng',
      'Ô Chợ Dừa',
      'Hồng Hà',
      'Lĩnh Nam',
      'Hoàng Mai',
      'Tây Hồ',
      'Cầu Giấy',
      'Nghĩa Đô',
      'Yên Hòa',
      'Thanh Xuân',
      'Khương Đình',
      'Long Biên',
      'Bồ Đề',
      'Hà Đông',
      'Từ Liêm',
      'Tây Mỗ',
      'Sơn Tây',
    ],
  },
  {
    ...p('31', 'Hải Phòng', 'R2', 4665, 114, 45, 1.2, [zone('Cát Hải', 0.5), zone('Bạch Long Vĩ', 0.05)]),
    nationalAssembly: { units: 7, seats: 19 },
    knownWards: ['Hồng Bàng', 'Hồng An', 'Ngô Quyền', 'Gia Viên', 'Lê Chân', 'An Biên', 'Hải An', 'Đông Hải'],
  },
  p('37', 'Ninh Bình', 'R2', 4413, 129, 32, 1.0),
  p('33', 'Hưng Yên', 'R2', 3568, 104, 11, 1.0),
  p('24', 'Bắc Ninh', 'R2', 3619, 99, 33, 1.15),
  p('22', 'Quảng Ninh', 'R2', 1430, 54, 30, 1.0, [zone('Vân Đồn', 0.6), zone('Cô Tô', 0.1)]),
  // R3 Bắc Trung Bộ
  p('38', 'Thanh Hóa', 'R3', 4324, 166, 19, 0.95),
  p('40', 'Nghệ An', 'R3', 3831, 130, 11, 0.9),
  p('42', 'Hà Tĩnh', 'R3', 1623, 69, 9, 0.9),
  p('44', 'Quảng Trị', 'R3', 1871, 78, 8, 0.9, [zone('Cồn Cỏ', 0.05)]),
  p('46', 'Huế', 'R3', 1433, 40, 21, 1.0),
  // R4 Duyên hải Nam Trung Bộ và Tây Nguyên
  {
    ...p('48', 'Đà Nẵng', 'R4', 3065, 94, 23, 1.15, [zone('Hoàng Sa', 0)]),
    nationalAssembly: { units: 5, seats: 14 },
    knownWards: [
      'Hải Châu',
      'Hòa Cường',
      'Thanh Khê',
      'An Khê',
      'An Hải',
      'Sơn Trà',
      'Ngũ Hành Sơn',
      'Hội An',
    ],
  },
  p('51', 'Quảng Ngãi', 'R4', 2162, 96, 9, 0.85, [zone('Lý Sơn', 0.3)]),
  p('52', 'Gia Lai', 'R4', 3583, 135, 25, 0.85),
  p('66', 'Đắk Lắk', 'R4', 3347, 102, 14, 0.9),
  p('56', 'Khánh Hòa', 'R4', 2244, 65, 16, 1.0, [zone('Trường Sa', 0.1)]),
  p('68', 'Lâm Đồng', 'R4', 3872, 124, 20, 0.9, [zone('Phú Quý', 0.35)]),
  // R5 Đông Nam Bộ
  {
    ...p('79', 'TP. Hồ Chí Minh', 'R5', 14002, 168, 113, 1.5, [zone('Côn Đảo', 0.3)]),
    nationalAssembly: { units: 13, seats: 38 },
    provincialCouncil: { units: 42, seats: 125 },
    knownWards: [
      'Sài Gòn',
      'Tân Định',
      'Bến Thành',
      'Cầu Ông Lãnh',
      'Bàn Cờ',
      'Xuân Hòa',
      'Nhiêu Lộc',
      'Chợ Quán',
      'Chợ Lớn',
      'Bình Tây',
      'Thủ Đức',
      'Gia Định',
      'Bình Thạnh',
      'Hạnh Thông',
      'Gò Vấp',
      'Tân Sơn Nhất',
      'Phú Nhuận',
      'Tân Bình',
      'Bảy Hiền',
      'Phú Thọ Hòa',
      'Thủ Dầu Một',
      'Vũng Tàu',
      'Bà Rịa',
    ],
  },
  p('75', 'Đồng Nai', 'R5', 4491, 95, 23, 1.2),
  p('80', 'Tây Ninh', 'R5', 3255, 96, 14, 1.0),
  // R6 Đồng bằng sông Cửu Long
  {
    ...p('92', 'Cần Thơ', 'R6', 4200, 103, 31, 1.1),
    nationalAssembly: { units: 6, seats: 18 },
    knownWards: [
      'Ninh Kiều',
      'Cái Khế',
      'Tân An',
      'Bình Thủy',
      'Long Tuyền',
      'Cái Răng',
      'Hưng Phú',
      'Ô Môn',
    ],
  },
  p('86', 'Vĩnh Long', 'R6', 4258, 124, 19, 1.0),
  p('82', 'Đồng Tháp', 'R6', 4371, 102, 20, 1.0),
  p('91', 'An Giang', 'R6', 4952, 102, 14, 1.0, [
    zone('Phú Quốc', 2),
    zone('Kiên Hải', 0.2),
    zone('Thổ Châu', 0.05),
  ]),
  p('96', 'Cà Mau', 'R6', 2607, 64, 9, 0.95),
];

function p(
  id: string,
  name: string,
  regionId: string,
  population: number,
  communes: number,
  wards: number,
  pollingAreaSize: number,
  specialZones: readonly SpecialZone[] = [],
): ProvinceData {
  return { id, name, regionId, population, communes, wards, specialZones, pollingAreaSize };
}

/** The March 2026 national figures the generator reproduces at scale 1. */
export const NATIONAL = {
  communes: 3321,
  pollingAreas: 72195,
  registeredVoters: 76516637,
  nationalAssembly: { units: 182, seats: 500, candidates: 864 },
} as const;

/** Limits of the law on seats per electoral unit. */
export const MAX_SEATS = { NATIONAL_ASSEMBLY: 3, PROVINCIAL_COUNCIL: 5, COMMUNE_COUNCIL: 5 } as const;
export const MIN_VOTERS_PER_AREA = 300;
export const MAX_VOTERS_PER_AREA = 4000;
