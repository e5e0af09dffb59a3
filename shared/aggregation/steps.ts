import type { SQSClient } from '@aws-sdk/client-sqs';
import { canonicalJson } from '../model/canonical.ts';
import type { PlacedContest } from '../model/election-index.ts';
import {
  type ContestAggregate,
  readContestAggregate,
  writeContestAggregate,
} from '../store/contest-aggregates.ts';
import {
  readProvinceAggregates,
  readProvinceSummary,
  writeProvinceSummary,
} from '../store/province-aggregates.ts';
import { countIncidentsBySeverity, readLatestUnitResult, readTurnoutSlot } from '../store/report-reads.ts';
import { readContestPartition } from '../store/tallies.ts';
import { readTurnoutAggregate, writeTurnoutAggregate } from '../store/turnout-aggregates.ts';
import { recomputeContest } from '../tabulation/recompute.ts';
import { reportingMap } from '../tabulation/reporting-map.ts';
import { storedResult } from '../tabulation/stored-result.ts';
import { provinceSummary } from '../tabulation/summary.ts';
import { turnoutPoint } from '../tabulation/turnout.ts';
import { compareUnitResult } from '../tabulation/unit-result-check.ts';
import type { CountedElection } from './election-cache.ts';
import { type PublishDeps, publishContestEvents, publishProvinceComplete } from './publish-events.ts';

/** What the aggregator works with: what publishing events needs, its input table and its queue. */
export interface AggregatorDeps extends PublishDeps {
  readonly sqs: SQSClient;
  readonly reportsTable: string;
  readonly workQueueUrl: string;
}

/** A contest's result is written at most once in this many milliseconds. */
export const CONTEST_SPACING_MS = 250;
/** A province's turnout in a slot is written at most once in this many milliseconds. */
export const SLOT_SPACING_MS = 500;
/** A province's summary is written at most once in this many milliseconds; later changes wait for the next. */
export const SUMMARY_SPACING_MS = 1000;

/** What a recompute did: changed what is published, found it the same, or must wait a moment. */
export type Recomputed = 'CHANGED' | 'SAME' | 'WAIT';

/** Recomputes a contest; answers whether its published result changed, or must wait a moment. */
export async function recomputeContestAggregate(
  deps: AggregatorDeps,
  found: CountedElection,
  placed: PlacedContest,
): Promise<Recomputed> {
  const electionId = found.meta.electionId;
  const { contest } = placed;
  const [{ tallies }, previous, unitResult] = await Promise.all([
    readContestPartition(deps.db, deps.reportsTable, electionId, contest.id),
    readContestAggregate(deps.db, deps.aggregatesTable, electionId, contest.provinceId, contest.id),
    readLatestUnitResult(deps.db, deps.reportsTable, electionId, contest.id),
  ]);
  const result = recomputeContest(placed, tallies);
  const reporting = reportingMap(placed.expectedPollingAreaIds, new Set(tallies.map((t) => t.pollingAreaId)));
  const unitResultCheck =
    unitResult && result.status === 'COMPLETE'
      ? { submissionId: unitResult.submissionId, differences: compareUnitResult(unitResult, result) }
      : undefined;
  const unchanged =
    previous !== undefined &&
    previous.sourceItems === tallies.length &&
    previous.unitResultCheck?.submissionId === unitResultCheck?.submissionId &&
    // An item written before the map and the name were kept is rewritten once, by the next sweep.
    previous.reporting === reporting &&
    previous.result.name === result.name;
  let stored: ContestAggregate | undefined = previous;
  let changed = false;
  if (!unchanged && previous && deps.now().getTime() - Date.parse(previous.asOf) < CONTEST_SPACING_MS)
    return 'WAIT';
  if (!unchanged) {
    const written = await writeContestAggregate(deps.db, deps.aggregatesTable, {
      electionId,
      contestId: contest.id,
      provinceId: contest.provinceId,
      regionId: placed.regionId,
      result: storedResult(result),
      asOf: deps.now().toISOString(),
      sourceItems: tallies.length,
      reporting,
      ...(unitResultCheck ? { unitResultCheck } : {}),
    });
    stored = written.stored;
    changed = written.written;
  }
  if (stored)
    await publishContestEvents(deps, found.meta, placed, stored, {
      reportingAreaIds: new Set(tallies.map((t) => t.pollingAreaId)),
      unitResultFiled: unitResult !== undefined,
    });
  if (changed) return 'CHANGED';
  return 'SAME';
}

/** Sums a province's turnout in one slot from its readings, unless the point was written a moment ago. */
export async function recomputeTurnoutSlot(
  deps: AggregatorDeps,
  electionId: string,
  provinceId: string,
  slot: string,
): Promise<Recomputed> {
  const previous = await readTurnoutAggregate(deps.db, deps.aggregatesTable, electionId, provinceId, slot);
  if (previous && deps.now().getTime() - previous.writtenAt < SLOT_SPACING_MS) return 'WAIT';
  const readings = await readTurnoutSlot(deps.db, deps.reportsTable, electionId, provinceId, slot);
  // A slot nobody reported in has no point in the series (reports are never deleted, so none is lost).
  if (readings.length === 0) return 'SAME';
  const point = turnoutPoint(readings);
  if (previous && JSON.stringify(previous.point) === JSON.stringify(point)) return 'SAME';
  await writeTurnoutAggregate(
    deps.db,
    deps.aggregatesTable,
    electionId,
    provinceId,
    slot,
    point,
    deps.now().getTime(),
  );
  return 'CHANGED';
}

/**
 * Rewrites a province's summary from its contests, turnout slots and incidents — unless it was
 * written less than a second ago: then it answers false and the change waits for the next write.
 */
export async function refreshProvince(
  deps: AggregatorDeps,
  found: CountedElection,
  provinceId: string,
): Promise<boolean> {
  const electionId = found.meta.electionId;
  const now = deps.now();
  const previous = await readProvinceSummary(deps.db, deps.aggregatesTable, electionId, provinceId);
  if (previous && now.getTime() - previous.writtenAt < SUMMARY_SPACING_MS) return false;
  const [{ contests, turnout }, incidents] = await Promise.all([
    readProvinceAggregates(deps.db, deps.aggregatesTable, electionId, provinceId),
    countIncidentsBySeverity(deps.db, deps.reportsTable, electionId, provinceId),
  ]);
  const results = new Map(contests.map((c) => [c.contestId, c.result]));
  const defined = found.contestsByProvince.get(provinceId) ?? [];
  const summary = provinceSummary(defined, results, turnout, incidents);
  await publishProvinceComplete(deps, found, provinceId, summary);
  // Unchanged, it is not written again: its asOf — and every ETag built on it — stays put. Compared
  // canonically: the stored map comes back from DynamoDB in its own key order, not ours.
  if (previous && canonicalJson(previous.summary) === canonicalJson(summary)) return true;
  // A province nobody has reported from reads as its skeleton, dated when the election was loaded:
  // writing that same summary now (as a sweep would) would only move the nation's asOf and ETag.
  if (!previous && canonicalJson(summary) === canonicalJson(provinceSummary(defined, new Map(), {}, {})))
    return true;
  await writeProvinceSummary(deps.db, deps.aggregatesTable, {
    electionId,
    provinceId,
    summary,
    asOf: now.toISOString(),
    writtenAt: now.getTime(),
  });
  return true;
}
