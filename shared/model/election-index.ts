import type { Contest, ElectionDefinition, PollingArea } from './election.ts';

import type { Finding } from './finding.ts';
import type { ContestId, PollingAreaId, ProvinceId } from './ids.ts';

/** What is inconsistent in a definition. */
export type DefinitionProblem = Finding;

export interface PlacedContest {
  readonly contest: Contest;
  readonly regionId: string;
  readonly provinceName: string;
  readonly expectedPollingAreaIds: PollingAreaId[];
  /**
   * Their names, index for index, so that a result can name the polling areas still missing
   * without reading each one; absent for contests stored before it was kept.
   */
  readonly expectedPollingAreaNames?: string[];
  /** The voters on its polling areas' lists; absent for contests stored before it was kept. */
  readonly registeredVoters?: number;
}

export interface PlacedPollingArea {
  readonly pollingArea: PollingArea;
  readonly provinceId: ProvinceId;
  readonly regionId: string;
}

export interface ElectionIndex {
  readonly contests: Map<ContestId, PlacedContest>;
  readonly pollingAreas: Map<PollingAreaId, PlacedPollingArea>;
}

/**
 * Places every contest and polling area in its province and region, and lists each reference
 * that points nowhere, so that a definition is either wholly usable or wholly refused.
 */
export function indexElection(
  def: ElectionDefinition,
): { ok: true; index: ElectionIndex } | { ok: false; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const regionIds = new Set(def.regions.map((r) => r.id));
  const provinceRegion = new Map<string, string>();
  const provinceName = new Map(def.provinces.map((p) => [p.id, p.name]));
  def.provinces.forEach((p, i) => {
    if (!regionIds.has(p.regionId)) {
      problems.push(unknown(`/provinces/${i}/regionId`, 'region', p.regionId));
    }
    provinceRegion.set(p.id, p.regionId);
  });
  const communeProvince = new Map<string, ProvinceId>();
  def.communes.forEach((c, i) => {
    if (!provinceRegion.has(c.provinceId)) {
      problems.push(unknown(`/communes/${i}/provinceId`, 'province', c.provinceId));
    }
    communeProvince.set(c.id, c.provinceId);
  });
  const contests = new Map<
    ContestId,
    PlacedContest & { registeredVoters: number; expectedPollingAreaNames: string[] }
  >();
  def.contests.forEach((contest, i) => {
    const regionId = provinceRegion.get(contest.provinceId);
    if (regionId === undefined) {
      problems.push(unknown(`/contests/${i}/provinceId`, 'province', contest.provinceId));
      return;
    }
    const placed = {
      contest,
      regionId,
      provinceName: provinceName.get(contest.provinceId) ?? contest.provinceId,
    };
    contests.set(contest.id, {
      ...placed,
      expectedPollingAreaIds: [],
      expectedPollingAreaNames: [],
      registeredVoters: 0,
    });
  });
  const pollingAreas = new Map<PollingAreaId, PlacedPollingArea>();
  def.pollingAreas.forEach((pollingArea, i) => {
    const provinceId = communeProvince.get(pollingArea.communeId);
    const regionId = provinceId === undefined ? undefined : provinceRegion.get(provinceId);
    if (provinceId === undefined || regionId === undefined) {
      problems.push(unknown(`/pollingAreas/${i}/communeId`, 'commune', pollingArea.communeId));
      return;
    }
    pollingArea.contestIds.forEach((contestId, j) => {
      const placed = contests.get(contestId);
      if (!placed) {
        problems.push(unknown(`/pollingAreas/${i}/contestIds/${j}`, 'contest', contestId));
        return;
      }
      placed.expectedPollingAreaIds.push(pollingArea.id);
      placed.expectedPollingAreaNames.push(pollingArea.name);
      placed.registeredVoters += pollingArea.registeredVoters;
    });
    pollingAreas.set(pollingArea.id, { pollingArea, provinceId, regionId });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, index: { contests, pollingAreas } };
}

function unknown(path: string, kind: string, id: string): DefinitionProblem {
  return { code: 'UNKNOWN_REFERENCE', path, message: `No ${kind} with id "${id}" in this definition` };
}

/** A province's contests, for each province that has any. */
export function contestsByProvince(contests: Iterable<PlacedContest>): Map<ProvinceId, PlacedContest[]> {
  const grouped = new Map<ProvinceId, PlacedContest[]>();
  for (const placed of contests) {
    const list = grouped.get(placed.contest.provinceId);
    if (list) list.push(placed);
    else grouped.set(placed.contest.provinceId, [placed]);
  }
  return grouped;
}

/** The placement of a stored definition, which was validated when it was loaded. */
export function placeStoredElection(def: ElectionDefinition): ElectionIndex {
  const indexed = indexElection(def);
  if (!indexed.ok)
    throw new Error(`The stored definition of ${def.id} no longer indexes: ${indexed.problems[0]?.message}`);
  return indexed.index;
}
