import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { withEtag } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { cachedContest, cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { percentHalfUp } from '../../shared/law/percent.ts';
import { offsetOn } from '../../shared/law/report-rules.ts';
import { mayReadResults } from '../../shared/model/access.ts';
import { IDENTIFIER_PATTERN } from '../../shared/model/id-pattern.ts';
import { RESULT_READERS } from '../../shared/model/roles.ts';
import { readProvinceAggregates, readProvinceSummaries } from '../../shared/store/aggregates.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { type ElectionMeta, readSkeletons } from '../../shared/store/elections.ts';
import type {
  NationResults,
  ProvinceResults,
  RegionResults,
  TurnoutSeries,
} from '../../shared/tabulation/answers.ts';
import {
  type AreaSummary,
  presentSummary,
  presentTurnout,
  sumSummaries,
} from '../../shared/tabulation/summary.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const aggregatesTable = requiredEnv('AGGREGATES_TABLE');

/**
 * GET …/results, …/results/regions/{regionId}, …/results/provinces/{provinceId} and …/turnout:
 * regions and the nation add up their provinces' summaries when asked, so no item is written for
 * them at all; ETag and 304 on every answer.
 */
export const handler = electionRoute(
  RESULT_READERS,
  (id) => cachedElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId, election }) => {
    const regionOf = new Map(election.provinces.map((p) => [p.id, p.regionId]));
    const summaries = await provinceSummaries(
      election,
      election.provinces.map((p) => p.id),
    );
    const sum = (provinceIds: readonly string[]) =>
      sumSummaries(provinceIds.map((p) => summaries.get(p)?.summary).filter((s): s is AreaSummary => !!s));
    const asOf = latest([...summaries.values()].map((s) => s.asOf));
    const head = { electionId, mode: election.mode, asOf };
    const provincesOf = (regionId: string) =>
      election.provinces.filter((p) => p.regionId === regionId).map((p) => p.id);

    if (event.routeKey.endsWith('/turnout')) {
      const { regionId, provinceId } = event.queryStringParameters ?? {};
      if (
        (regionId && !IDENTIFIER_PATTERN.test(regionId)) ||
        (provinceId && !IDENTIFIER_PATTERN.test(provinceId))
      ) {
        throw problem(400, 'INVALID_QUERY_PARAMETER', 'regionId and provinceId are identifiers.');
      }
      if (regionId && provinceId)
        throw problem(400, 'INVALID_QUERY_PARAMETER', 'Give regionId or provinceId, not both.');
      const area = provinceId
        ? { level: 'PROVINCE' as const, provinceId, regionId: regionOf.get(provinceId), ids: [provinceId] }
        : regionId
          ? { level: 'REGION' as const, regionId, ids: provincesOf(regionId) }
          : { level: 'NATION' as const, ids: election.provinces.map((p) => p.id) };
      if ((provinceId && !regionOf.has(provinceId)) || (regionId && area.ids.length === 0)) {
        throw problem(
          404,
          'AREA_NOT_FOUND',
          `No ${provinceId ? `province "${provinceId}"` : `region "${regionId}"`}.`,
        );
      }
      requireRead(
        who,
        area.level === 'NATION' ? 'NATION' : { provinceId: provinceId ?? '', regionId: area.regionId ?? '' },
      );
      const { ids, ...where } = area;
      const series = presentTurnout(
        sum(ids).turnout,
        election.pollingDay,
        offsetOn(election.pollingDay, election.timeZone),
      );
      const body: TurnoutSeries = { ...head, ...where, series };
      return withEtag(event, body);
    }

    const regionId =
      event.pathParameters?.regionId === undefined ? undefined : identifierParameter(event, 'regionId');
    const provinceId =
      event.pathParameters?.provinceId === undefined ? undefined : identifierParameter(event, 'provinceId');
    if (provinceId) {
      const region = regionOf.get(provinceId);
      if (!region) throw problem(404, 'AREA_NOT_FOUND', `No province "${provinceId}".`);
      requireRead(who, { provinceId, regionId: region });
      const { contests } = await readProvinceAggregates(db, aggregatesTable, electionId, provinceId);
      // A result stored before results kept their contest's name is named from its definition.
      const names = new Map(
        await Promise.all(
          contests.map(
            async ({ contestId, result }) =>
              [
                contestId,
                (result.name as string | undefined) ??
                  (await cachedContest(db, reportsTable, electionId, contestId))?.contest.name ??
                  contestId,
              ] as const,
          ),
        ),
      );
      const body: ProvinceResults = {
        ...head,
        level: 'PROVINCE',
        provinceId,
        regionId: region,
        name: election.provinces.find((p) => p.id === provinceId)?.name,
        ...presentSummary(sum([provinceId])),
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
      };
      return withEtag(event, body);
    }
    if (regionId) {
      const ids = provincesOf(regionId);
      if (ids.length === 0) throw problem(404, 'AREA_NOT_FOUND', `No region "${regionId}".`);
      requireRead(who, { provinceId: '', regionId });
      const body: RegionResults = {
        ...head,
        level: 'REGION',
        regionId,
        name: election.regions.find((r) => r.id === regionId)?.name,
        ...presentSummary(sum(ids)),
        provinces: ids.map((id) => ({
          provinceId: id,
          name: election.provinces.find((p) => p.id === id)?.name,
          ...presentSummary(sum([id])),
        })),
      };
      return withEtag(event, body);
    }
    requireRead(who, 'NATION');
    const body: NationResults = {
      ...head,
      level: 'NATION',
      ...presentSummary(sum(election.provinces.map((p) => p.id))),
      regions: election.regions.map((r) => ({
        regionId: r.id,
        name: r.name,
        ...presentSummary(sum(provincesOf(r.id))),
      })),
    };
    return withEtag(event, body);
  },
);

/** Published province summaries, and for provinces with none yet, what they add up to before any report. */
async function provinceSummaries(election: ElectionMeta, provinceIds: string[]) {
  const found = await readProvinceSummaries(db, aggregatesTable, election.electionId, provinceIds);
  const missing = provinceIds.filter((p) => !found.has(p));
  if (missing.length > 0) {
    const skeletons = await readSkeletons(db, reportsTable, election.electionId);
    for (const p of missing) {
      const summary = skeletons[p];
      if (summary)
        found.set(p, {
          electionId: election.electionId,
          provinceId: p,
          summary,
          asOf: election.loadedAt,
          writtenAt: 0,
        });
    }
  }
  return found;
}

function requireRead(who: Parameters<typeof mayReadResults>[0], place: Parameters<typeof mayReadResults>[1]) {
  if (!mayReadResults(who, place))
    throw problem(403, 'OUT_OF_SCOPE', 'This credential may not read these results.');
}

function latest(times: string[]): string | null {
  return times.reduce<string | null>((max, t) => (max === null || t > max ? t : max), null);
}
