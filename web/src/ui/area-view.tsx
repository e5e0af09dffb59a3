import { useEffect, useRef } from 'preact/hooks';
import {
  type AreaResults,
  BODIES,
  type Body,
  type NationResults,
  type Place,
  type ProvinceResults,
  type RegionResults,
  type TurnoutSeries,
  urls,
} from '../api.ts';
import { describeChange } from '../changes.ts';
import { BODY_LABEL } from '../labels.ts';
import { mayReadProvince, mayReadRegion, type Viewer } from '../roles.ts';
import { formatRoute } from '../route.ts';
import { type AreaRow, AreaTable, ContestTable } from './area-tables.tsx';
import { Clocks, Loading, Refusal, Section } from './chrome.tsx';
import { useDashboard, useResource, useWatch } from './context.ts';
import { type MapProvince, ProvinceMap } from './province-map.tsx';
import { StatusStrip } from './strip.tsx';
import { TurnoutChart } from './turnout.tsx';

const NATION: Place = { level: 'NATION' };

/** The same frame at the nation, a region and a province: strip, table of the level below, map, turnout. */
export function AreaView({ place }: { place: Place }) {
  const { route, poller, names, viewer, announce } = useDashboard();
  const { electionId, body } = route;
  const resultsUrl = urls.results(electionId, place);
  const results = useResource<AreaResults>(resultsUrl);
  const turnout = useResource<TurnoutSeries>(urls.turnout(electionId, place));
  const data = results?.data;
  names.learn(data);

  // A province's answer names its region by id only: the nation's answer has the name.
  const regionId = data?.level === 'PROVINCE' ? data.regionId : undefined;
  const nation = useResource<NationResults>(
    regionId && !names.region(regionId) ? urls.results(electionId, NATION) : undefined,
  );
  names.learn(nation?.data);

  const mapUrls = mapSources(place, data, viewer, electionId);
  // The map's regions are read again only when the nation's answer changed: each region's
  // figures are part of it, so an unchanged nation means unchanged regions.
  useWatch(mapUrls, resultsUrl);
  const mapData = mapUrls.map((u) => poller.resource<RegionResults | ProvinceResults>(u)?.data);
  for (const d of mapData) names.learn(d);

  const shownAt = useRef(Date.now());
  useEffect(() => {
    if (!results?.changedAt || results.changedAt <= shownAt.current) return;
    const message = describeChange(results.previous as AreaResults | undefined, results.data, body, 0);
    if (message) announce(message);
  }, [results?.changedAt]);

  const what = placeLabel(place, names.region.bind(names), names.province.bind(names));
  if (results?.failure) return <Refusal failure={results.failure} what={`số liệu của ${what}`} />;
  if (!data) return <Loading />;

  const series = turnout?.data?.series ?? [];
  const expected = data.bodies[body].pollingAreas.expected;
  const open = (provinceId: string) => {
    location.hash = formatRoute({ ...route, view: { kind: 'province', provinceId } });
  };
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {titleOf(data, names.region.bind(names))}
      </h1>
      <BodySwitch />
      <Clocks asOf={data.asOf} />
      <Section id="strip-title" title={`Tình hình chung – bầu cử ${BODY_LABEL[body]}`}>
        <StatusStrip summary={data} body={body} latestTurnout={series[series.length - 1]} />
      </Section>
      <div class={data.level === 'PROVINCE' ? 'columns single' : 'columns'}>
        <LevelBelow data={data} body={body} viewer={viewer} />
        {data.level !== 'PROVINCE' && (
          <Section id="map-title" title="Bản đồ">
            <ProvinceMap
              provinces={mapProvinces(data, mapData, body, viewer)}
              label={`Bản đồ các tỉnh, thành phố tô màu theo tỷ lệ khu vực bỏ phiếu đã báo cáo, bầu cử ${BODY_LABEL[body]}. Số liệu và liên kết có trong bảng.`}
              onOpen={open}
            />
          </Section>
        )}
      </div>
      <Section id="turnout-title" title="Cử tri đi bầu trong ngày">
        {turnout?.failure ? (
          <p class="muted">Không đọc được số cử tri đi bầu theo giờ (HTTP {turnout.failure.status}).</p>
        ) : (
          <TurnoutChart series={series} expected={expected} />
        )}
      </Section>
    </>
  );
}

function LevelBelow({ data, body, viewer }: { data: AreaResults; body: Body; viewer: Viewer }) {
  const { names } = useDashboard();
  if (data.level === 'NATION') {
    const rows: AreaRow[] = data.regions.map((r) => ({
      id: r.regionId,
      name: r.name ?? `Khu vực ${r.regionId}`,
      summary: r,
      ...(mayReadRegion(viewer, r.regionId)
        ? { view: { kind: 'region' as const, regionId: r.regionId } }
        : {}),
    }));
    return (
      <Section id="below-title" title="Các khu vực">
        <AreaTable
          id="regions"
          caption={`Sáu khu vực, bầu cử ${BODY_LABEL[body]}`}
          nameLabel="Khu vực"
          rows={rows}
          body={body}
        />
        <OwnProvinceLink />
      </Section>
    );
  }
  if (data.level === 'REGION') {
    const rows: AreaRow[] = data.provinces.map((p) => ({
      id: p.provinceId,
      name: p.name ?? `Tỉnh ${p.provinceId}`,
      summary: p,
      ...(mayReadProvince(viewer, p.provinceId, data.regionId)
        ? { view: { kind: 'province' as const, provinceId: p.provinceId } }
        : {}),
    }));
    return (
      <Section id="below-title" title="Các tỉnh, thành phố">
        <AreaTable
          id="provinces"
          caption={`Các tỉnh, thành phố của khu vực, bầu cử ${BODY_LABEL[body]}`}
          nameLabel="Tỉnh, thành phố"
          rows={rows}
          body={body}
        />
      </Section>
    );
  }
  const rows = data.contests
    .filter((c) => c.body === body)
    .map((c) => ({ ...c, displayName: c.name ?? names.contest(c.contestId) ?? c.contestId }));
  const unlisted = data.bodies[body].contests.total - rows.length;
  return (
    <Section id="below-title" title="Các đơn vị bầu cử">
      <ContestTable rows={rows} body={body} caption={`Đơn vị bầu cử ${BODY_LABEL[body]} của tỉnh`} />
      {unlisted > 0 && (
        <p class="muted">
          {unlisted} đơn vị bầu cử {BODY_LABEL[body]} khác chưa có báo cáo nào nên chưa có trong bảng.
        </p>
      )}
    </Section>
  );
}

/** A committee at the nation reads no region: a direct way back to its own province. */
function OwnProvinceLink() {
  const { viewer, names, route } = useDashboard();
  if (viewer.role !== 'PROVINCIAL_COMMITTEE' || !viewer.provinceId) return null;
  const id = viewer.provinceId;
  return (
    <p>
      <a href={formatRoute({ ...route, view: { kind: 'province', provinceId: id } })}>
        Số liệu của tỉnh, thành phố của bạn: {names.province(id) ?? id}
      </a>
    </p>
  );
}

export function BodySwitch() {
  const { route } = useDashboard();
  return (
    <nav aria-label="Cơ quan dân cử" class="bodies">
      <ul>
        {BODIES.map((b) => (
          <li key={b}>
            <a href={formatRoute({ ...route, body: b })} aria-current={b === route.body ? 'true' : undefined}>
              {BODY_LABEL[b]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What colours the map: every region the viewer reads at the nation; a committee its own province. */
function mapSources(
  place: Place,
  data: AreaResults | undefined,
  viewer: Viewer,
  electionId: string,
): string[] {
  if (place.level !== 'NATION' || data?.level !== 'NATION') return [];
  if (viewer.role === 'PROVINCIAL_COMMITTEE') {
    return viewer.provinceId
      ? [urls.results(electionId, { level: 'PROVINCE', provinceId: viewer.provinceId })]
      : [];
  }
  return data.regions
    .filter((r) => mayReadRegion(viewer, r.regionId))
    .map((r) => urls.results(electionId, { level: 'REGION', regionId: r.regionId }));
}

function mapProvinces(
  data: AreaResults,
  extra: readonly (RegionResults | ProvinceResults | undefined)[],
  body: Body,
  viewer: Viewer,
): Map<string, MapProvince> {
  const provinces = new Map<string, MapProvince>();
  const add = (
    id: string,
    name: string | undefined,
    regionId: string,
    summary: RegionResults['provinces'][number],
  ) => {
    const b = summary.bodies[body];
    provinces.set(id, {
      name: name ?? id,
      reporting: b.pollingAreas.reporting,
      expected: b.pollingAreas.expected,
      opens: mayReadProvince(viewer, id, regionId),
    });
  };
  const regions = data.level === 'REGION' ? [data] : [];
  for (const d of [...regions, ...extra]) {
    if (d?.level === 'REGION') for (const p of d.provinces) add(p.provinceId, p.name, d.regionId, p);
    if (d?.level === 'PROVINCE') add(d.provinceId, d.name, d.regionId, { ...d, provinceId: d.provinceId });
  }
  return provinces;
}

function titleOf(data: AreaResults, regionName: (id: string) => string | undefined): string {
  switch (data.level) {
    case 'NATION':
      return 'Toàn quốc';
    case 'REGION':
      return data.name ?? regionName(data.regionId) ?? `Khu vực ${data.regionId}`;
    case 'PROVINCE':
      return data.name ?? `Tỉnh ${data.provinceId}`;
  }
}

function placeLabel(
  place: Place,
  regionName: (id: string) => string | undefined,
  provinceName: (id: string) => string | undefined,
): string {
  if (place.level === 'NATION') return 'toàn quốc';
  if (place.level === 'REGION') return `khu vực ${regionName(place.regionId) ?? place.regionId}`;
  return `tỉnh, thành phố ${provinceName(place.provinceId) ?? place.provinceId}`;
}
