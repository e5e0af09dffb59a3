import {
  MAX_SEATS,
  MAX_VOTERS_PER_AREA,
  MIN_VOTERS_PER_AREA,
  NATIONAL,
  PROVINCES,
  type ProvinceData,
  REGIONS,
} from '../../config/geography.ts';
import type {
  Body,
  Candidate,
  Contest,
  ElectionDefinition,
  ElectionMode,
  PollingArea,
} from '../model/election.ts';
import { Identifier } from '../model/ids.ts';
import { apportion, scaleToTotal, splitRuns, splitSeats } from './apportion.ts';
import { birthDate, personName, placeNames } from './names.ts';
import { createRng, type Rng } from './prng.ts';

export interface GenerateOptions {
  /** The share of the real election to generate, in (0, 1]; 1 is the March 2026 election itself. */
  readonly scale: number;
  /** Any safe integer; the same (scale, seed) always gives the same definition. */
  readonly seed: number;
  readonly id?: string;
  readonly mode?: ElectionMode;
}

export const ELECTION_NAME =
  'Bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026–2031';
export const POLLING_DAY = '2026-03-15';
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The default id: `vn-2026` at scale 1, `vn-2026-s<scale>` otherwise. */
export function defaultElectionId(scale: number): string {
  return scale === 1 ? 'vn-2026' : `vn-2026-s${scale}`;
}

type CommuneKind = 'Phường' | 'Xã' | 'Đặc khu';

interface CommunePlan {
  readonly id: string;
  readonly name: string;
  readonly kind: CommuneKind;
  readonly pollingWeight: number;
}

interface UnitPlan {
  readonly units: number;
  readonly seats: number;
}

/**
 * A realistic, deterministic Vietnamese general election: the March 2026 election (National
 * Assembly and People's Councils at both levels) at scale 1, a proportionally smaller country below.
 */
export function generateElection(options: GenerateOptions): ElectionDefinition {
  const { scale, seed } = options;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new RangeError(`scale must be a number > 0 and ≤ 1, got ${scale}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const id = options.id ?? defaultElectionId(scale);
  if (!Identifier.safeParse(id).success) {
    throw new RangeError(`id must match ^[A-Za-z0-9._:-]{1,64}$, got "${id}"`);
  }
  const mode = options.mode ?? 'LIVE';
  if (mode !== 'LIVE' && mode !== 'TEST')
    throw new RangeError(`mode must be LIVE or TEST, got ${String(mode)}`);

  const rngs: Streams = {
    places: createRng(seed, 'places'),
    voters: createRng(seed, 'voters'),
    units: createRng(seed, 'units'),
    people: createRng(seed, 'people'),
  };
  const basePollingAreas = apportion(
    NATIONAL.pollingAreas,
    PROVINCES.map((p) => p.population / p.pollingAreaSize),
    PROVINCES.map((p) => p.communes),
  );
  const voterTotals = apportion(
    Math.max(1, Math.round(NATIONAL.registeredVoters * scale)),
    PROVINCES.map((p) => p.population),
  );
  const nationalAssembly = nationalAssemblyPlan();

  const out: Output = { communes: [], pollingAreas: [], na: [], pc: [], cc: [] };
  PROVINCES.forEach((province, i) => {
    buildProvince(province, {
      scale,
      basePollingAreas: basePollingAreas[i] ?? 0,
      voters: voterTotals[i] ?? 0,
      nationalAssembly: nationalAssembly[i] ?? { units: 1, seats: 2 },
      rngs,
      out,
    });
  });

  return {
    id,
    name: ELECTION_NAME,
    pollingDay: POLLING_DAY,
    timeZone: TIME_ZONE,
    mode,
    regions: REGIONS.map((r) => ({ id: r.id, name: r.name })),
    provinces: PROVINCES.map((p) => ({ id: p.id, name: p.name, regionId: p.regionId })),
    communes: out.communes,
    contests: [...out.na, ...out.pc, ...out.cc],
    pollingAreas: out.pollingAreas,
  };
}

interface Streams {
  readonly places: Rng;
  readonly voters: Rng;
  readonly units: Rng;
  readonly people: Rng;
}

interface Output {
  readonly communes: ElectionDefinition['communes'];
  readonly pollingAreas: PollingArea[];
  readonly na: Contest[];
  readonly pc: Contest[];
  readonly cc: Contest[];
}

interface ProvinceContext {
  readonly scale: number;
  readonly basePollingAreas: number;
  readonly voters: number;
  readonly nationalAssembly: UnitPlan;
  readonly rngs: Streams;
  readonly out: Output;
}

/** A count at scale: rounded up, so that nothing the real election has vanishes; at least `min`. */
function scaled(base: number, scale: number, min: number): number {
  return Math.max(min, Math.ceil(base * scale - 1e-9));
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function buildProvince(province: ProvinceData, ctx: ProvinceContext): void {
  const { scale, rngs, out } = ctx;
  const communes = planCommunes(province, scaled(province.communes, scale, 1), rngs.places);
  const areaCount = Math.max(communes.length, scaled(ctx.basePollingAreas, scale, 1));

  // Polling areas per commune: at least one each, the rest by the commune's weight.
  const communeWeights = communes.map((c) => {
    if (c.kind === 'Đặc khu') return c.pollingWeight;
    return c.kind === 'Phường' ? rngs.voters.between(0.7, 2) : rngs.voters.between(0.5, 1.5);
  });
  const areasPerCommune = apportion(areaCount, communeWeights, new Array<number>(communes.length).fill(1));

  // Registered voters per polling area, summing exactly to the province's share.
  const areaCommune: number[] = [];
  const raw: number[] = [];
  communes.forEach((c, ci) => {
    const size = c.kind === 'Phường' ? 1.15 : c.kind === 'Xã' ? 1 : 0.6;
    for (let k = 0; k < (areasPerCommune[ci] ?? 0); k++) {
      areaCommune.push(ci);
      raw.push(size * (0.45 + 1.45 * ((rngs.voters.next() + rngs.voters.next()) / 2)));
    }
  });
  const total = Math.min(
    MAX_VOTERS_PER_AREA * areaCount,
    Math.max(MIN_VOTERS_PER_AREA * areaCount, ctx.voters),
  );
  const voters = scaleToTotal(raw, total, MIN_VOTERS_PER_AREA, MAX_VOTERS_PER_AREA);
  const communeVoters = new Array<number>(communes.length).fill(0);
  voters.forEach((v, a) => {
    const ci = areaCommune[a] ?? 0;
    communeVoters[ci] = (communeVoters[ci] ?? 0) + v;
  });

  // National Assembly: 2 or 3 seats per unit, candidates = seats + 2.
  const naSeatList = seatList(ctx.nationalAssembly, rngs.units);
  const naUnits = Math.min(areaCount, Math.max(1, Math.round(ctx.nationalAssembly.units * scale)));
  const naSeats = naSeatList.slice(0, naUnits);
  const naOf = assignUnits(naSeats, communeVoters, areasPerCommune, voters);
  naSeats.forEach((seats, k) => {
    const contestId = `NA-${province.id}-${pad(k + 1, 2)}`;
    out.na.push(
      contest(contestId, 'NATIONAL_ASSEMBLY', province.id, undefined, k, seats, seats + 2, rngs.people),
    );
  });

  // Provincial People's Council: units of at most 5 seats.
  const pcPlan = provincialCouncilPlan(province);
  let pcSeats = Math.max(1, Math.round(pcPlan.seats * scale));
  let pcUnits = Math.max(1, Math.round(pcPlan.units * scale));
  pcUnits = Math.min(
    Math.max(pcUnits, Math.ceil(pcSeats / MAX_SEATS.PROVINCIAL_COUNCIL)),
    pcSeats,
    areaCount,
  );
  pcSeats = Math.min(pcSeats, pcUnits * MAX_SEATS.PROVINCIAL_COUNCIL);
  const pcSeatList = splitSeats(pcSeats, pcUnits, 3, MAX_SEATS.PROVINCIAL_COUNCIL, rngs.units);
  const pcOf = assignUnits(pcSeatList, communeVoters, areasPerCommune, voters);
  pcSeatList.forEach((seats, k) => {
    const contestId = `PC-${province.id}-${pad(k + 1, 2)}`;
    const candidates = seats + councilMargin(rngs.units);
    out.pc.push(
      contest(contestId, 'PROVINCIAL_COUNCIL', province.id, undefined, k, seats, candidates, rngs.people),
    );
  });

  // Communes, their councils, and their polling areas.
  let area = 0;
  communes.forEach((commune, ci) => {
    out.communes.push({ id: commune.id, name: `${commune.kind} ${commune.name}`, provinceId: province.id });
    const areas = areasPerCommune[ci] ?? 1;
    const seatList = communeCouncilSeats(communeVoters[ci] ?? 0, areas, rngs.units);
    const areaVoters = voters.slice(area, area + areas);
    const starts = splitRuns(areaVoters, seatList);
    const contestIds = seatList.map((seats, k) => {
      const contestId = `CC-${commune.id}-${pad(k + 1, 2)}`;
      const candidates = seats + councilMargin(rngs.units);
      out.cc.push(
        contest(contestId, 'COMMUNE_COUNCIL', province.id, commune.id, k, seats, candidates, rngs.people),
      );
      return contestId;
    });
    let unit = 0;
    for (let j = 0; j < areas; j++, area++) {
      while (unit + 1 < starts.length && (starts[unit + 1] ?? Number.POSITIVE_INFINITY) <= j) unit++;
      out.pollingAreas.push({
        id: `${commune.id}-${pad(j + 1, 2)}`,
        name: `Khu vực bỏ phiếu số ${j + 1}`,
        communeId: commune.id,
        registeredVoters: voters[area] ?? MIN_VOTERS_PER_AREA,
        contestIds: [
          `NA-${province.id}-${pad((naOf[area] ?? 0) + 1, 2)}`,
          `PC-${province.id}-${pad((pcOf[area] ?? 0) + 1, 2)}`,
          contestIds[unit] ?? '',
        ],
      });
    }
  });
}

/** The province's communes at this scale: wards first, then communes, then special zones. */
function planCommunes(province: ProvinceData, count: number, rng: Rng): CommunePlan[] {
  const zones = province.specialZones;
  const ordinaryBase = province.communes - zones.length;
  const zoneCount =
    count >= province.communes
      ? zones.length
      : Math.max(
          0,
          Math.min(zones.length, count - 1, Math.round((zones.length * count) / province.communes)),
        );
  const ordinary = count - zoneCount;
  const wardCount = Math.min(ordinary, Math.round((province.wards * ordinary) / ordinaryBase));
  const zoneNames = zones.slice(0, zoneCount).map((z) => z.name);
  const wardNames = placeNames(rng, wardCount, province.knownWards ?? [], new Set(zoneNames));
  const villageNames = placeNames(rng, ordinary - wardCount, [], new Set([...zoneNames, ...wardNames]));
  const plans: CommunePlan[] = [];
  const add = (kind: CommuneKind, name: string, pollingWeight: number): void => {
    plans.push({ id: `${province.id}-${pad(plans.length + 1, 4)}`, name, kind, pollingWeight });
  };
  for (const name of wardNames) add('Phường', name, 1);
  for (const name of villageNames) add('Xã', name, 1);
  zones.slice(0, zoneCount).forEach((z) => {
    add('Đặc khu', z.name, z.pollingWeight);
  });
  return plans;
}

/**
 * The National Assembly's 182 units and 500 seats at scale 1: the five published city figures,
 * and the rest shared by population (at least five seats, so two units, per province), every unit
 * having two or three seats.
 */
function nationalAssemblyPlan(): UnitPlan[] {
  let fixedUnits = 0;
  let fixedSeats = 0;
  const others: number[] = [];
  PROVINCES.forEach((p, i) => {
    if (p.nationalAssembly) {
      fixedUnits += p.nationalAssembly.units;
      fixedSeats += p.nationalAssembly.seats;
    } else {
      others.push(i);
    }
  });
  const unitsLeft = NATIONAL.nationalAssembly.units - fixedUnits;
  const seatsLeft = NATIONAL.nationalAssembly.seats - fixedSeats;
  const seats = apportion(
    seatsLeft,
    others.map((i) => PROVINCES[i]?.population ?? 0),
    others.map(() => 5),
  );
  const units = seats.map((s) => Math.ceil(s / MAX_SEATS.NATIONAL_ASSEMBLY));
  let sum = units.reduce((a, b) => a + b, 0);
  // Split the largest units (by seats per unit) until the unit count is right; each keeps ≥ 2 seats.
  while (sum !== unitsLeft) {
    let best = -1;
    let bestRatio = sum < unitsLeft ? -1 : Number.POSITIVE_INFINITY;
    units.forEach((u, k) => {
      const s = seats[k] ?? 0;
      const ratio = s / u;
      if (sum < unitsLeft && s >= 2 * (u + 1) && ratio > bestRatio) {
        best = k;
        bestRatio = ratio;
      } else if (sum > unitsLeft && u > 1 && s <= 3 * (u - 1) && ratio < bestRatio) {
        best = k;
        bestRatio = ratio;
      }
    });
    if (best < 0) throw new Error('no National Assembly plan fits the national figures');
    const change = sum < unitsLeft ? 1 : -1;
    units[best] = (units[best] ?? 0) + change;
    sum += change;
  }
  const plan = PROVINCES.map((p) => p.nationalAssembly ?? { units: 0, seats: 0 });
  others.forEach((i, k) => {
    plan[i] = { units: units[k] ?? 1, seats: seats[k] ?? 2 };
  });
  return plan;
}

/** The seats of each unit of a plan (units of 3 and of 2), in a random order. */
function seatList(plan: UnitPlan, rng: Rng): number[] {
  const threes = plan.seats - 2 * plan.units;
  return rng.shuffle(Array.from({ length: plan.units }, (_, k) => (k < threes ? 3 : 2)));
}

/**
 * Seats of a provincial People's Council: 50 up to a million inhabitants, one more per further
 * 100,000, at most 85; Hà Nội and TP. Hồ Chí Minh as published. About 3.6 seats per unit.
 */
function provincialCouncilPlan(province: ProvinceData): UnitPlan {
  const seats =
    province.provincialCouncil?.seats ??
    Math.min(85, 50 + Math.floor(Math.max(0, province.population - 1000) / 100));
  const units =
    province.provincialCouncil?.units ??
    Math.min(
      Math.floor(seats / 3),
      Math.max(Math.ceil(seats / MAX_SEATS.PROVINCIAL_COUNCIL), Math.round(seats / 3.6)),
    );
  return { units, seats };
}

/**
 * A commune People's Council: 15 seats plus one per 3,000 voters, at most 30, in units of 2 to 5
 * seats, never more units than polling areas (nor more seats than five per polling area).
 */
function communeCouncilSeats(voters: number, areas: number, rng: Rng): number[] {
  const max = MAX_SEATS.COMMUNE_COUNCIL;
  const seats = Math.min(30, 15 + Math.round(voters / 3000), max * areas);
  const lowest = Math.ceil(seats / max);
  const highest = Math.max(lowest, Math.min(Math.floor(seats / 2), areas));
  const units = Math.min(highest, Math.max(lowest, Math.round(seats / rng.between(3, 4.2))));
  return splitSeats(seats, units, 2, max, rng);
}

/** Councils list at least two more candidates than seats, sometimes three. */
function councilMargin(rng: Rng): number {
  return rng.chance(0.25) ? 3 : 2;
}

/**
 * Each polling area's unit (index into `seats`), cutting the province into contiguous runs
 * whose voters are proportional to the seats: whole communes when there are enough of them,
 * polling areas otherwise.
 */
function assignUnits(
  seats: readonly number[],
  communeVoters: readonly number[],
  areasPerCommune: readonly number[],
  areaVoters: readonly number[],
): number[] {
  const of = new Array<number>(areaVoters.length).fill(0);
  if (seats.length <= communeVoters.length) {
    const starts = splitRuns(communeVoters, seats);
    let unit = 0;
    let area = 0;
    areasPerCommune.forEach((count, ci) => {
      while (unit + 1 < starts.length && (starts[unit + 1] ?? Number.POSITIVE_INFINITY) <= ci) unit++;
      for (let k = 0; k < count; k++) of[area++] = unit;
    });
    return of;
  }
  const starts = splitRuns(areaVoters, seats);
  let unit = 0;
  for (let a = 0; a < areaVoters.length; a++) {
    while (unit + 1 < starts.length && (starts[unit + 1] ?? Number.POSITIVE_INFINITY) <= a) unit++;
    of[a] = unit;
  }
  return of;
}

function contest(
  id: string,
  body: Body,
  provinceId: string,
  communeId: string | undefined,
  index: number,
  seats: number,
  candidateCount: number,
  rng: Rng,
): Contest {
  const candidates: Candidate[] = [];
  const names = new Set<string>();
  for (let n = 1; n <= candidateCount; n++) {
    let name = personName(rng);
    for (let retry = 0; retry < 5 && names.has(name); retry++) name = personName(rng);
    names.add(name);
    candidates.push({ id: `${id}-${n}`, name, birthDate: birthDate(rng) });
  }
  return {
    id,
    body,
    name: `Đơn vị bầu cử số ${index + 1}`,
    provinceId,
    ...(communeId === undefined ? {} : { communeId }),
    seats,
    candidates,
  };
}
