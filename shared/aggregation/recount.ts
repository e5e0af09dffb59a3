import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inParallel } from '../concurrency/in-parallel.ts';
import { canonicalJson } from '../model/canonical.ts';
import { placeStoredElection } from '../model/election-index.ts';
import type { ContestId } from '../model/ids.ts';
import { readContestAggregate } from '../store/contest-aggregates.ts';
import { readElectionDefinition } from '../store/elections.ts';
import { readProvinceAggregates, readProvinceSummary } from '../store/province-aggregates.ts';
import { countIncidentsBySeverity, readTurnoutSlot } from '../store/report-reads.ts';
import { readContestPartition } from '../store/tallies.ts';
import { recomputeContest } from '../tabulation/recompute.ts';
import { reportingMap } from '../tabulation/reporting-map.ts';
import { storedResult } from '../tabulation/stored-result.ts';
import { type AreaSummary, provinceSummary, type TurnoutPoint } from '../tabulation/summary.ts';
import { turnoutPoint } from '../tabulation/turnout.ts';

const PARALLEL = 16;

/**
 * Rebuilds every aggregate of an election from the stored reports alone and lists where what is
 * published differs: contest results, turnout slots and province summaries. Undefined when there
 * is no such election.
 */
export async function recount(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  aggregatesTable: string,
  electionId: string,
) {
  const def = await readElectionDefinition(db, reportsTable, electionId);
  if (!def) return undefined;
  const differences: string[] = [];
  const placed = [...placeStoredElection(def).contests.values()];
  const recounted = new Map<string, ReturnType<typeof recomputeContest>>();
  await inParallel(placed, PARALLEL, async (p) => {
    const { tallies } = await readContestPartition(db, reportsTable, electionId, p.contest.id);
    const result = recomputeContest(p, tallies);
    recounted.set(p.contest.id, result);
    const published = await readContestAggregate(
      db,
      aggregatesTable,
      electionId,
      p.contest.provinceId,
      p.contest.id,
    );
    if (tallies.length === 0 && !published) return;
    if (!published)
      differences.push(
        `contest ${p.contest.id}: ${tallies.length} tally version(s) stored, no result published`,
      );
    else if (canonicalJson(published.result) !== canonicalJson(storedResult(result))) {
      differences.push(
        `contest ${p.contest.id}: published ${describe(published.result)}, recount ${describe(storedResult(result))}`,
      );
    } else if (
      published.reporting !==
      reportingMap(p.expectedPollingAreaIds, new Set(tallies.map((t) => t.pollingAreaId)))
    ) {
      differences.push(
        `contest ${p.contest.id}: the published polling areas not reported differ from the recount`,
      );
    }
  });
  await inParallel(def.provinces, PARALLEL, async (province) => {
    const turnout: Record<string, TurnoutPoint> = {};
    for (let hour = 0; hour < 24; hour++) {
      const slot = String(hour).padStart(2, '0');
      const readings = await readTurnoutSlot(db, reportsTable, electionId, province.id, slot);
      if (readings.length > 0) turnout[slot] = turnoutPoint(readings);
    }
    const incidents = await countIncidentsBySeverity(db, reportsTable, electionId, province.id);
    const { turnout: publishedTurnout } = await readProvinceAggregates(
      db,
      aggregatesTable,
      electionId,
      province.id,
    );
    for (const slot of new Set([...Object.keys(turnout), ...Object.keys(publishedTurnout)])) {
      if (canonicalJson(turnout[slot] ?? null) !== canonicalJson(publishedTurnout[slot] ?? null)) {
        differences.push(
          `turnout ${province.id} ${slot}:00: published ${JSON.stringify(publishedTurnout[slot] ?? null)}, recount ${JSON.stringify(turnout[slot] ?? null)}`,
        );
      }
    }
    const mine = placed.filter((p) => p.contest.provinceId === province.id);
    const results = new Map(
      mine
        .map((p) => [p.contest.id, recounted.get(p.contest.id)])
        .filter(
          (e): e is [ContestId, NonNullable<ReturnType<typeof recomputeContest>>] => e[1] !== undefined,
        ),
    );
    const summary: AreaSummary = provinceSummary(mine, results, turnout, incidents);
    const published = await readProvinceSummary(db, aggregatesTable, electionId, province.id);
    const anyActivity = results.size > 0 && [...results.values()].some((r) => r.status !== 'NO_RESULTS');
    if (
      !published &&
      !anyActivity &&
      Object.keys(turnout).length === 0 &&
      Object.keys(incidents).length === 0
    )
      return;
    if (!published || canonicalJson(published.summary) !== canonicalJson(summary)) {
      differences.push(`province ${province.id}: the published summary differs from the recount`);
    }
  });
  return differences.sort();
}

function describe(result: {
  status: string;
  validBallots: number;
  pollingAreas: { reporting: number };
  outcome: { state: string };
}) {
  return `${result.status} ${result.pollingAreas.reporting} PA, ${result.validBallots} valid, ${result.outcome.state}`;
}
