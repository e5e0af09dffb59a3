import type { AreaResults, ContestResult } from './api.ts';
import { mayReadProvince, mayReadRegion, type Viewer } from './roles.ts';
import type { View } from './route.ts';

/**
 * Names and places learnt from every answer read, for breadcrumbs and titles: the results carry
 * names of the level below, so a page opened at a province learns its region's name from the
 * nation's answer. Where a name is not known (an older API), the id stands in.
 */
export class Names {
  private readonly regions = new Map<string, string>();
  private readonly provinces = new Map<string, { name?: string; regionId?: string }>();
  private readonly contests = new Map<string, { name?: string; provinceId?: string }>();

  /** Learns from any answer kept: results of an area or a unit teach names, others nothing. */
  learn(answer: unknown): void {
    if (typeof answer !== 'object' || answer === null) return;
    const data = answer as Partial<AreaResults> & Partial<ContestResult>;
    if (typeof data.contestId === 'string' && typeof data.provinceId === 'string') {
      this.setContest(data.contestId, data.name, data.provinceId);
      return;
    }
    const area = answer as AreaResults;
    if (area.level === 'NATION' && Array.isArray(area.regions)) {
      for (const r of area.regions) if (r.name) this.regions.set(r.regionId, r.name);
    } else if (area.level === 'REGION' && Array.isArray(area.provinces)) {
      if (area.name) this.regions.set(area.regionId, area.name);
      for (const p of area.provinces) this.setProvince(p.provinceId, p.name, area.regionId);
    } else if (area.level === 'PROVINCE' && Array.isArray(area.contests)) {
      this.setProvince(area.provinceId, area.name, area.regionId);
      for (const c of area.contests) this.setContest(c.contestId, c.name, area.provinceId);
    }
  }

  region(id: string): string | undefined {
    return this.regions.get(id);
  }
  province(id: string): string | undefined {
    return this.provinces.get(id)?.name;
  }
  regionOf(provinceId: string): string | undefined {
    return this.provinces.get(provinceId)?.regionId;
  }
  contest(id: string): string | undefined {
    return this.contests.get(id)?.name;
  }
  provinceOf(contestId: string): string | undefined {
    return this.contests.get(contestId)?.provinceId;
  }

  private setProvince(id: string, name: string | undefined, regionId: string | undefined): void {
    const known = this.provinces.get(id) ?? {};
    this.provinces.set(id, { ...known, ...(name ? { name } : {}), ...(regionId ? { regionId } : {}) });
  }
  private setContest(id: string, name: string | undefined, provinceId: string | undefined): void {
    const known = this.contests.get(id) ?? {};
    this.contests.set(id, { ...known, ...(name ? { name } : {}), ...(provinceId ? { provinceId } : {}) });
  }
}

export interface Crumb {
  readonly label: string;
  /** The view it opens; absent for the current page and for places the viewer may not read. */
  readonly view?: View;
}

export const NATION_LABEL = 'Quốc gia';

/** `Quốc gia › Duyên hải Nam Trung Bộ và Tây Nguyên › Đà Nẵng › Đơn vị bầu cử số 1`. */
export function breadcrumbs(view: View, names: Names, viewer: Viewer): Crumb[] {
  const nation: Crumb = { label: NATION_LABEL, view: { kind: 'nation' } };
  const region = (regionId: string | undefined): Crumb[] =>
    regionId === undefined
      ? []
      : [
          {
            label: names.region(regionId) ?? `Khu vực ${regionId}`,
            ...(mayReadRegion(viewer, regionId) ? { view: { kind: 'region' as const, regionId } } : {}),
          },
        ];
  const province = (provinceId: string | undefined): Crumb[] => {
    if (provinceId === undefined) return [];
    const regionId = names.regionOf(provinceId);
    return [
      ...region(regionId),
      {
        label: names.province(provinceId) ?? `Tỉnh ${provinceId}`,
        ...(mayReadProvince(viewer, provinceId, regionId)
          ? { view: { kind: 'province' as const, provinceId } }
          : {}),
      },
    ];
  };
  const trail: Crumb[] = (() => {
    switch (view.kind) {
      case 'nation':
        return [nation];
      case 'inbox':
        return [nation, { label: 'Thông báo' }];
      case 'region':
        return [nation, ...region(view.regionId)];
      case 'province':
        return [nation, ...province(view.provinceId)];
      case 'contest':
        return [
          nation,
          ...province(names.provinceOf(view.contestId)),
          { label: names.contest(view.contestId) ?? view.contestId },
        ];
    }
  })();
  // The last crumb is the page itself: no link to where the reader already is.
  const last = trail[trail.length - 1];
  if (last) trail[trail.length - 1] = { label: last.label };
  return trail;
}
