import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedContest } from '../ingest/definitions.ts';
import { percentHalfUp } from '../law/percent.ts';
import { offsetOn } from '../law/report-rules.ts';
import { type Caller, mayReadResults, type Place } from '../model/access.ts';
import { err, ok, type Refusal, type Result, refusedFor } from '../model/result.ts';
import { documentClient, requiredEnv } from '../store/dynamo.ts';
import { type ElectionMeta, readSkeletons } from '../store/elections.ts';
import {
  type ProvinceSummary,
  readProvinceAggregates,
  readProvinceSummaries,
} from '../store/province-aggregates.ts';
import type { NationResults, ProvinceResults, RegionResults, TurnoutSeries } from '../tabulation/answers.ts';
import { type AreaSummary, presentSummary, presentTurnout, sumSummaries } from '../tabulation/summary.ts';

export interface ResultsStore {
  readonly db: DynamoDBDocumentClient;
  readonly reportsTable: string;
  readonly aggregatesTable: string;
}

/** The tables a results reader is given, from its function's environment. */
export function resultsStoreFromEnv(): ResultsStore {
  return {
    db: documentClient(),
    reportsTable: requiredEnv('REPORTS_TABLE'),
    aggregatesTable: requiredEnv('AGGREGATES_TABLE'),
  };
}

/**
 * An election's results as its province summaries: regions and the nation add them up when
 * asked, so no item is written for them at all.
 */
export interface ResultsView {
  readonly election: ElectionMeta;
  readonly head: { electionId: string; mode: ElectionMeta['mode']; asOf: string | null };
  readonly regionOf: ReadonlyMap<string, string>;
  /** When each province's summary was written (0: never, it reads as its skeleton). */
  readonly writtenAt: ReadonlyMap<string, number>;
  sum(provinceIds: readonly string[]): AreaSummary;
  provincesOf(regionId: string): string[];
}

/** Reads every province's published summary; one with none yet is what it adds up to before any report. */
export async function readResultsView(store: ResultsStore, election: ElectionMeta): Promise<ResultsView> {
  const provinceIds = election.provinces.map((p) => p.id);
  const summaries = await readProvinceSummaries(
    store.db,
    store.aggregatesTable,
    election.electionId,
    provinceIds,
  );
  const missing = provinceIds.filter((p) => !summaries.has(p));
  if (missing.length > 0) {
    const skeletons = await readSkeletons(store.db, store.reportsTable, election.electionId);
    for (const provinceId of missing) {
      const summary = skeletons[provinceId];
      if (summary) summaries.set(provinceId, skeletonSummary(election, provinceId, summary));
    }
  }
  return {
    election,
    head: {
      electionId: election.electionId,
      mode: election.mode,
      asOf: latest([...summaries.values()].map((s) => s.asOf)),
    },
    regionOf: new Map(election.provinces.map((p) => [p.id, p.regionId])),
    writtenAt: new Map(provinceIds.map((p) => [p, summaries.get(p)?.writtenAt ?? 0])),
    sum: (ids) =>
      sumSummaries(ids.map((p) => summaries.get(p)?.summary).filter((s): s is AreaSummary => !!s)),
    provincesOf: (regionId) => election.provinces.filter((p) => p.regionId === regionId).map((p) => p.id),
  };
}

function skeletonSummary(election: ElectionMeta, provinceId: string, summary: AreaSummary): ProvinceSummary {
  return { electionId: election.electionId, provinceId, summary, asOf: election.loadedAt, writtenAt: 0 };
}

export function nationResults(view: ResultsView, who: Caller): Result<NationResults> {
  const refused = readRefusal(who, 'NATION');
  if (refused) return err(refused);
  const { election } = view;
  return ok({
    ...view.head,
    level: 'NATION',
    ...presentSummary(view.sum(election.provinces.map((p) => p.id))),
    regions: election.regions.map((r) => ({
      regionId: r.id,
      name: r.name,
      ...presentSummary(view.sum(view.provincesOf(r.id))),
    })),
  });
}

export function regionResults(view: ResultsView, who: Caller, regionId: string): Result<RegionResults> {
  const ids = view.provincesOf(regionId);
  if (ids.length === 0) return err(areaNotFound(`region "${regionId}"`));
  const refused = readRefusal(who, { provinceId: '', regionId });
  if (refused) return err(refused);
  const { election } = view;
  return ok({
    ...view.head,
    level: 'REGION',
    regionId,
    name: election.regions.find((r) => r.id === regionId)?.name,
    ...presentSummary(view.sum(ids)),
    provinces: ids.map((id) => ({
      provinceId: id,
      name: election.provinces.find((p) => p.id === id)?.name,
      ...presentSummary(view.sum([id])),
    })),
  });
}

/** A province's summary with one line per contest, in the order of their ids. */
export async function provinceResults(
  store: ResultsStore,
  view: ResultsView,
  who: Caller,
  provinceId: string,
): Promise<Result<ProvinceResults>> {
  const regionId = view.regionOf.get(provinceId);
  if (!regionId) return err(areaNotFound(`province "${provinceId}"`));
  const refused = readRefusal(who, { provinceId, regionId });
  if (refused) return err(refused);
  const { electionId } = view.election;
  const { contests } = await readProvinceAggregates(store.db, store.aggregatesTable, electionId, provinceId);
  // A result stored before results kept their contest's name is named from its definition.
  const names = new Map(
    await Promise.all(
      contests.map(
        async ({ contestId, result }) =>
          [
            contestId,
            (result.name as string | undefined) ??
              (await cachedContest(store.db, store.reportsTable, electionId, contestId))?.contest.name ??
              contestId,
          ] as const,
      ),
    ),
  );
  return ok({
    ...view.head,
    level: 'PROVINCE',
    provinceId,
    regionId,
    name: view.election.provinces.find((p) => p.id === provinceId)?.name,
    ...presentSummary(view.sum([provinceId])),
    contests: contests
      .map(({ contestId, result }) => ({
        contestId,
        name: names.get(contestId) ?? contestId,
        body: result.body,
        status: result.status,
        pollingAreas: result.pollingAreas,
        turnoutPercent: percentHalfUp(result.votersVoted, result.registeredVoters),
        outcome: result.outcome,
      }))
      .sort((a, b) => (a.contestId < b.contestId ? -1 : 1)),
  });
}

/** The turnout series of the nation, a region or a province (one of the two ids at most). */
export function turnoutSeries(
  view: ResultsView,
  who: Caller,
  at: { regionId?: string | undefined; provinceId?: string | undefined },
): Result<TurnoutSeries> {
  const { regionId, provinceId } = at;
  const { election } = view;
  const area = provinceId
    ? { level: 'PROVINCE' as const, provinceId, regionId: view.regionOf.get(provinceId), ids: [provinceId] }
    : regionId
      ? { level: 'REGION' as const, regionId, ids: view.provincesOf(regionId) }
      : { level: 'NATION' as const, ids: election.provinces.map((p) => p.id) };
  if (provinceId && !view.regionOf.has(provinceId)) return err(areaNotFound(`province "${provinceId}"`));
  if (regionId && area.ids.length === 0) return err(areaNotFound(`region "${regionId}"`));
  const refused = readRefusal(
    who,
    area.level === 'NATION' ? 'NATION' : { provinceId: provinceId ?? '', regionId: area.regionId ?? '' },
  );
  if (refused) return err(refused);
  const { ids, ...where } = area;
  const series = presentTurnout(
    view.sum(ids).turnout,
    election.pollingDay,
    offsetOn(election.pollingDay, election.timeZone),
  );
  return ok({ ...view.head, ...where, series });
}

function readRefusal(who: Caller, place: Place | 'NATION'): Refusal | undefined {
  return mayReadResults(who, place)
    ? undefined
    : refusedFor('FORBIDDEN', 'OUT_OF_SCOPE', 'This credential may not read these results.');
}

function areaNotFound(what: string): Refusal {
  return refusedFor('NOT_FOUND', 'AREA_NOT_FOUND', `No ${what}.`);
}

function latest(times: string[]): string | null {
  return times.reduce<string | null>((max, t) => (max === null || t > max ? t : max), null);
}
