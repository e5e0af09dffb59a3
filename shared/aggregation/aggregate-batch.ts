import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Audience } from '../../config/notifications.ts';
import { inParallel } from '../concurrency/in-parallel.ts';
import { type DirtyWork, isEmptyWork, sendWork } from '../messaging/work.ts';
import { canonicalJson } from '../model/canonical.ts';
import { contestsByProvince, type PlacedContest, placeStoredElection } from '../model/election-index.ts';
import type { UnitResultReport } from '../model/report.ts';
import {
  type ContestAggregate,
  readContestAggregate,
  readProvinceAggregates,
  readProvinceSummary,
  readTurnoutAggregate,
  storedResult,
  writeContestAggregate,
  writeProvinceSummary,
  writeTurnoutAggregate,
} from '../store/aggregates.ts';
import { type ElectionMeta, readElectionDefinition, readElectionMeta } from '../store/elections.ts';
import { keys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import { readContestPartition } from '../store/tallies.ts';
import { recomputeContest } from '../tabulation/recompute.ts';
import { reportingMap } from '../tabulation/reporting-map.ts';
import { provinceSummary } from '../tabulation/summary.ts';
import { compareUnitResult } from '../tabulation/unit-result-check.ts';
import { announceContest, announceProvinceComplete, announceTurnoutMilestones } from './announcements.ts';
import { turnoutPoint } from './turnout.ts';

export interface AggregatorDeps {
  readonly db: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly reportsTable: string;
  readonly aggregatesTable: string;
  readonly topicArn: string;
  readonly workQueueUrl: string;
  readonly audiences: readonly Audience[];
  readonly now: () => Date;
  /** Called before each contest is recomputed; a fault injected here tests recovery. */
  readonly beforeContest?: (electionId: string, contestId: string, position: number) => void;
}

/** A province's summary is written at most once in this many milliseconds; later changes wait for the next. */
export const SUMMARY_SPACING_MS = 1000;

interface Election {
  readonly meta: ElectionMeta;
  readonly contests: Map<string, PlacedContest>;
  readonly contestsByProvince: Map<string, PlacedContest[]>;
  readonly listByProvince: Map<string, number>;
}

/** Definitions do not change once counting starts; each execution environment reads one once. */
const elections = new Map<string, Promise<Election | undefined>>();

function election(deps: AggregatorDeps, electionId: string): Promise<Election | undefined> {
  let found = elections.get(electionId);
  if (!found) {
    found = loadElection(deps, electionId);
    elections.set(electionId, found);
    found.then((e) => !e && elections.delete(electionId)).catch(() => elections.delete(electionId));
  }
  return found;
}

async function loadElection(deps: AggregatorDeps, electionId: string): Promise<Election | undefined> {
  const [meta, def] = await Promise.all([
    readElectionMeta(deps.db, deps.reportsTable, electionId),
    readElectionDefinition(deps.db, deps.reportsTable, electionId),
  ]);
  if (!meta || !def) return undefined;
  const { contests, pollingAreas } = placeStoredElection(def);
  const listByProvince = new Map<string, number>();
  for (const { provinceId, pollingArea } of pollingAreas.values())
    listByProvince.set(provinceId, (listByProvince.get(provinceId) ?? 0) + pollingArea.registeredVoters);
  return { meta, contests, contestsByProvince: contestsByProvince(contests.values()), listByProvince };
}

/** What a batch changed, per election, whatever messages named it and however often. */
export function mergeWork(items: readonly DirtyWork[]) {
  const byElection = new Map<string, { contests: Set<string>; provinces: Set<string>; slots: Set<string> }>();
  for (const item of items) {
    const entry = byElection.get(item.electionId) ?? {
      contests: new Set(),
      provinces: new Set(),
      slots: new Set(),
    };
    for (const c of item.contestIds) entry.contests.add(c);
    for (const p of item.provinceIds) entry.provinces.add(p);
    for (const s of item.turnoutSlots) entry.slots.add(`${s.provinceId}\u001f${s.slot}`);
    byElection.set(item.electionId, entry);
  }
  return byElection;
}

/**
 * Recomputes everything a batch named — each contest from its tallies, each turnout slot from its
 * reports, each touched province from its contests and slots — and answers what could not be done.
 */
export async function aggregateBatch(
  deps: AggregatorDeps,
  items: readonly DirtyWork[],
): Promise<{ failed: Set<string> }> {
  const failed = new Set<string>();
  for (const [electionId, work] of mergeWork(items)) {
    const found = await election(deps, electionId);
    if (!found) continue;
    const provinces = new Set(work.provinces);
    const waiting = {
      electionId,
      contestIds: [] as string[],
      turnoutSlots: [] as { provinceId: string; slot: string }[],
      provinceIds: [] as string[],
    };
    // Provinces with an unchanged contest or slot, and when that was last written: see below.
    const unchangedAt = new Map<string, number>();
    const noteUnchanged = (provinceId: string, at: number | undefined) => {
      if (at !== undefined) unchangedAt.set(provinceId, Math.max(at, unchangedAt.get(provinceId) ?? 0));
    };
    let position = 0;
    await inParallel([...work.contests], CONTEST_PARALLELISM, async (contestId) => {
      try {
        deps.beforeContest?.(electionId, contestId, position++);
        const placed = found.contests.get(contestId);
        if (!placed) return;
        const { outcome, writtenAt } = await recomputeContestAggregate(deps, found, placed);
        if (outcome === 'CHANGED') provinces.add(placed.contest.provinceId);
        else if (outcome === 'WAIT') waiting.contestIds.push(contestId);
        else noteUnchanged(placed.contest.provinceId, writtenAt);
      } catch (error) {
        failed.add(workKey(electionId, 'contest', contestId));
        if (error instanceof InjectedFault) throw error;
      }
    });
    // Milestones are read from the stored points of every slot handled, changed or not: a sweep
    // re-announces what a crash between a slot's write and its announcement left unsaid.
    const handledSlots = new Set<string>();
    await inParallel([...work.slots], AREA_PARALLELISM, async (key) => {
      const [provinceId = '', slot = ''] = key.split('\u001f');
      try {
        const { outcome, writtenAt } = await recomputeTurnoutSlot(deps, electionId, provinceId, slot);
        if (outcome === 'CHANGED') provinces.add(provinceId);
        if (outcome === 'SAME') noteUnchanged(provinceId, writtenAt);
        if (outcome === 'WAIT') waiting.turnoutSlots.push({ provinceId, slot });
        else handledSlots.add(slot);
      } catch {
        failed.add(workKey(electionId, 'slot', key));
      }
    });
    try {
      await announceTurnoutMilestones(deps, found, handledSlots);
    } catch {
      // The slots come back, and are announced from their stored points on the next try.
      for (const key of work.slots) failed.add(workKey(electionId, 'slot', key));
    }
    // A province whose contest or slot came back unchanged is summed again all the same: its summary
    // may have been computed from an older read of that item by a concurrent batch, with the
    // refresh that would have fixed it deferred by the spacing and lost in a crash — and no date on
    // the summary can tell. Summing again writes only when the summary differs.
    for (const provinceId of unchangedAt.keys()) provinces.add(provinceId);
    await inParallel([...provinces], AREA_PARALLELISM, async (provinceId) => {
      try {
        if (!(await refreshProvince(deps, found, provinceId))) waiting.provinceIds.push(provinceId);
      } catch {
        failed.add(workKey(electionId, 'province', provinceId));
      }
    });
    // Items written a moment ago take the change a second later, from a delayed message: this is what
    // bounds the writes any one aggregate item takes, however fast reports arrive.
    if (!isEmptyWork(waiting)) await sendWork(deps.sqs, deps.workQueueUrl, waiting, 1);
  }
  return { failed };
}

/** Contests recomputed at once within a batch: a sweep's batch names hundreds. */
const CONTEST_PARALLELISM = 8;
/** Turnout slots, then provinces, refreshed at once: each is its own item, so they never collide. */
const AREA_PARALLELISM = 8;

export function workKey(electionId: string, kind: 'contest' | 'slot' | 'province', id: string): string {
  return `${electionId}\u001f${kind}\u001f${id}`;
}

/** A contest's result is written at most once in this many milliseconds. */
export const CONTEST_SPACING_MS = 250;
/** A province's turnout in a slot is written at most once in this many milliseconds. */
export const SLOT_SPACING_MS = 500;

type Outcome = 'CHANGED' | 'SAME' | 'WAIT';

/** What a recompute did, and when the item it left in place was written (ms), if one is. */
interface Recomputed {
  readonly outcome: Outcome;
  readonly writtenAt?: number;
}

/** Recomputes a contest; answers whether its published result changed, or must wait a moment. */
async function recomputeContestAggregate(
  deps: AggregatorDeps,
  found: Election,
  placed: PlacedContest,
): Promise<Recomputed> {
  const electionId = found.meta.electionId;
  const { contest } = placed;
  const [{ tallies }, previous, unitResult] = await Promise.all([
    readContestPartition(deps.db, deps.reportsTable, electionId, contest.id),
    readContestAggregate(deps.db, deps.aggregatesTable, electionId, contest.provinceId, contest.id),
    latestUnitResult(deps, electionId, contest.id),
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
    return { outcome: 'WAIT' };
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
    await announceContest(deps, found.meta, placed, stored, {
      reportingAreaIds: new Set(tallies.map((t) => t.pollingAreaId)),
      unitResultFiled: unitResult !== undefined,
    });
  if (changed) return { outcome: 'CHANGED' };
  return stored ? { outcome: 'SAME', writtenAt: Date.parse(stored.asOf) } : { outcome: 'SAME' };
}

async function latestUnitResult(
  deps: AggregatorDeps,
  electionId: string,
  contestId: string,
): Promise<UnitResultReport | undefined> {
  const items = queryAll(deps.db, {
    TableName: deps.reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `E#${electionId}#U#${contestId}` },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  });
  for await (const item of items) return item as unknown as UnitResultReport;
  return undefined;
}

async function recomputeTurnoutSlot(
  deps: AggregatorDeps,
  electionId: string,
  provinceId: string,
  slot: string,
): Promise<Recomputed> {
  const previous = await readTurnoutAggregate(deps.db, deps.aggregatesTable, electionId, provinceId, slot);
  if (previous && deps.now().getTime() - previous.writtenAt < SLOT_SPACING_MS) return { outcome: 'WAIT' };
  const readings: { pollingAreaId: string; asOf: string; registeredVoters: number; votersVoted: number }[] =
    [];
  const items = queryAll(deps.db, {
    TableName: deps.reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.turnoutPartition(electionId, provinceId, slot) },
    ProjectionExpression: 'pollingAreaId, asOf, registeredVoters, votersVoted',
    ConsistentRead: true,
  });
  for await (const item of items) readings.push(item as (typeof readings)[number]);
  // A slot nobody reported in has no point in the series (reports are never deleted, so none is lost).
  if (readings.length === 0) return { outcome: 'SAME' };
  const point = turnoutPoint(readings);
  if (previous && JSON.stringify(previous.point) === JSON.stringify(point))
    return { outcome: 'SAME', writtenAt: previous.writtenAt };
  await writeTurnoutAggregate(
    deps.db,
    deps.aggregatesTable,
    electionId,
    provinceId,
    slot,
    point,
    deps.now().getTime(),
  );
  return { outcome: 'CHANGED' };
}

/**
 * Rewrites a province's summary from its contests, turnout slots and incidents — unless it was
 * written less than a second ago: then it answers false and the change waits for the next write.
 */
async function refreshProvince(deps: AggregatorDeps, found: Election, provinceId: string): Promise<boolean> {
  const electionId = found.meta.electionId;
  const now = deps.now();
  const previous = await readProvinceSummary(deps.db, deps.aggregatesTable, electionId, provinceId);
  if (previous && now.getTime() - previous.writtenAt < SUMMARY_SPACING_MS) return false;
  const [{ contests, turnout }, incidents] = await Promise.all([
    readProvinceAggregates(deps.db, deps.aggregatesTable, electionId, provinceId),
    countIncidents(deps, electionId, provinceId),
  ]);
  const results = new Map(contests.map((c) => [c.contestId, c.result]));
  const summary = provinceSummary(
    found.contestsByProvince.get(provinceId) ?? [],
    results,
    turnout,
    incidents,
  );
  await announceProvinceComplete(deps, found, provinceId, summary);
  // Unchanged, it is not written again: its asOf — and every ETag built on it — stays put. Compared
  // canonically: the stored map comes back from DynamoDB in its own key order, not ours.
  if (previous && canonicalJson(previous.summary) === canonicalJson(summary)) return true;
  // A province nobody has reported from reads as its skeleton, dated when the election was loaded:
  // writing that same summary now (as a sweep would) would only move the nation's asOf and ETag.
  const defined = found.contestsByProvince.get(provinceId) ?? [];
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

async function countIncidents(deps: AggregatorDeps, electionId: string, provinceId: string) {
  const counts: Record<string, number> = {};
  const items = queryAll(deps.db, {
    TableName: deps.reportsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `E#${electionId}#I#${provinceId}` },
    ProjectionExpression: 'severity',
  });
  for await (const item of items) counts[String(item.severity)] = (counts[String(item.severity)] ?? 0) + 1;
  return counts;
}

/** A crash injected by configuration (local cloud only), to prove that counting recovers. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}
