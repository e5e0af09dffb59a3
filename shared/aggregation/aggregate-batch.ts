import { inParallel } from '../concurrency/in-parallel.ts';
import { logger } from '../lambda/logger.ts';
import { type DirtyWork, isEmptyWork, sendWork } from '../messaging/work.ts';
import { countedElection } from './election-cache.ts';
import { publishTurnoutMilestones } from './publish-events.ts';
import {
  type AggregatorDeps,
  recomputeContestAggregate,
  recomputeTurnoutSlot,
  refreshProvince,
} from './steps.ts';

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
    for (const s of item.turnoutSlots) entry.slots.add(slotKey(s.provinceId, s.slot));
    byElection.set(item.electionId, entry);
  }
  return byElection;
}

/** The keys of the work one message names, as `failed` lists them. */
export function workKeysOf(work: DirtyWork): string[] {
  return [
    ...work.contestIds.map((c) => workKey(work.electionId, 'contest', c)),
    ...work.turnoutSlots.map((s) => workKey(work.electionId, 'slot', slotKey(s.provinceId, s.slot))),
    ...work.provinceIds.map((p) => workKey(work.electionId, 'province', p)),
  ];
}

/**
 * The messages to report as failed: each one that could not be read, and each one naming work that
 * could not be done; the rest of the batch is done and deleted.
 */
export function failedMessageIds(
  readable: readonly { record: { messageId: string }; work: DirtyWork }[],
  unreadable: readonly { messageId: string }[],
  failed: ReadonlySet<string>,
): string[] {
  return [
    ...unreadable.map((record) => record.messageId),
    ...readable
      .filter(({ work }) => workKeysOf(work).some((key) => failed.has(key)))
      .map(({ record }) => record.messageId),
  ];
}

/**
 * Recomputes everything a batch named — each contest from its tallies, each turnout slot from its
 * reports, each touched province from its contests and slots — and answers what could not be done.
 */
export async function aggregateBatch(
  deps: AggregatorDeps,
  items: readonly DirtyWork[],
): Promise<{ failed: Set<string>; requeued: number }> {
  const failed = new Set<string>();
  let requeued = 0;
  const fail = (electionId: string, kind: WorkKind, id: string, error: unknown) => {
    failed.add(workKey(electionId, kind, id));
    logger.warn('Aggregation step failed; its messages come back', { electionId, kind, id, error });
  };
  for (const [electionId, work] of mergeWork(items)) {
    const found = await countedElection(deps.db, deps.reportsTable, electionId);
    if (!found) {
      logger.warn('Work for an election that is not stored, dropped', { electionId });
      continue;
    }
    const provinces = new Set(work.provinces);
    const waiting = {
      electionId,
      contestIds: [] as string[],
      turnoutSlots: [] as { provinceId: string; slot: string }[],
      provinceIds: [] as string[],
    };
    // Provinces with an unchanged contest or slot: see below.
    const unchanged = new Set<string>();
    await inParallel([...work.contests], CONTEST_PARALLELISM, async (contestId) => {
      const placed = found.contests.get(contestId);
      if (!placed) return;
      try {
        const outcome = await recomputeContestAggregate(deps, found, placed);
        if (outcome === 'CHANGED') provinces.add(placed.contest.provinceId);
        else if (outcome === 'WAIT') waiting.contestIds.push(contestId);
        else unchanged.add(placed.contest.provinceId);
      } catch (error) {
        fail(electionId, 'contest', contestId, error);
      }
    });
    // Milestones are read from the stored points of every slot handled, changed or not: a sweep
    // publishes again what a crash between a slot's write and its event left unsaid.
    const handledSlots = new Set<string>();
    await inParallel([...work.slots], AREA_PARALLELISM, async (key) => {
      const [provinceId = '', slot = ''] = key.split('\u001f');
      try {
        const outcome = await recomputeTurnoutSlot(deps, electionId, provinceId, slot);
        if (outcome === 'CHANGED') provinces.add(provinceId);
        if (outcome === 'SAME') unchanged.add(provinceId);
        if (outcome === 'WAIT') waiting.turnoutSlots.push({ provinceId, slot });
        else handledSlots.add(slot);
      } catch (error) {
        fail(electionId, 'slot', key, error);
      }
    });
    try {
      await publishTurnoutMilestones(deps, found, handledSlots);
    } catch (error) {
      // The slots come back, and are published from their stored points on the next try.
      for (const key of work.slots) fail(electionId, 'slot', key, error);
    }
    // A province whose contest or slot came back unchanged is summed again all the same: its summary
    // may have been computed from an older read of that item by a concurrent batch, with the
    // refresh that would have fixed it deferred by the spacing and lost in a crash — and no date on
    // the summary can tell. Summing again writes only when the summary differs.
    for (const provinceId of unchanged) provinces.add(provinceId);
    await inParallel([...provinces], AREA_PARALLELISM, async (provinceId) => {
      try {
        if (!(await refreshProvince(deps, found, provinceId))) waiting.provinceIds.push(provinceId);
      } catch (error) {
        fail(electionId, 'province', provinceId, error);
      }
    });
    // Items written a moment ago take the change a second later, from a delayed message: this is what
    // bounds the writes any one aggregate item takes, however fast reports arrive.
    if (!isEmptyWork(waiting)) {
      await sendWork(deps.sqs, deps.workQueueUrl, waiting, 1);
      requeued++;
    }
  }
  return { failed, requeued };
}

/** Contests recomputed at once within a batch: a sweep's batch names hundreds. */
const CONTEST_PARALLELISM = 8;
/** Turnout slots, then provinces, refreshed at once: each is its own item, so they never collide. */
const AREA_PARALLELISM = 8;

type WorkKind = 'contest' | 'slot' | 'province';

export function workKey(electionId: string, kind: WorkKind, id: string): string {
  return `${electionId}\u001f${kind}\u001f${id}`;
}

function slotKey(provinceId: string, slot: string): string {
  return `${provinceId}\u001f${slot}`;
}
