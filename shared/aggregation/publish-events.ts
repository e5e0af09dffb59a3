import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Audience, NOTIFICATION_SETTINGS } from '../../config/notifications.ts';
import { completionFact, contestCompleteEvent, outcomeActionEvent } from '../events/contest-events.ts';
import { type RoutedEvent, routedEvent } from '../events/envelope.ts';
import {
  confirmedTurnoutPercent,
  dueDeadlines,
  milestonesToPublish,
  provinceCompleteEvent,
  reportingDeadlines,
  reportsOverdueEvent,
  type TurnoutArea,
  turnoutMilestoneEvent,
  unitResultMismatchEvent,
} from '../events/progress-events.ts';
import { publishEvents } from '../messaging/events-topic.ts';
import type { PlacedContest } from '../model/election-index.ts';
import { type ContestAggregate, markContestEventsPublished } from '../store/contest-aggregates.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { markFactsPublished, readPublishedFacts } from '../store/published-facts.ts';
import { readSlotAcrossProvinces } from '../store/turnout-aggregates.ts';
import { publishedResult } from '../tabulation/stored-result.ts';
import type { AreaSummary, TurnoutPoint } from '../tabulation/summary.ts';

/**
 * Events come from state, not from messages: after each recompute the aggregator asks what the
 * stored state says that has not been published yet, publishes it, and only then marks it
 * published. A crash in between publishes it again under the same id, which receivers drop.
 */
export interface PublishDeps {
  readonly db: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly aggregatesTable: string;
  readonly topicArn: string;
  readonly audiences: readonly Audience[];
  readonly now: () => Date;
}

export interface ElectionForEvents {
  readonly meta: ElectionMeta;
  /** Voters on the list of each province, from the definition. */
  readonly listByProvince: ReadonlyMap<string, number>;
}

function publishAll(deps: PublishDeps, events: readonly RoutedEvent[]) {
  return publishEvents(deps.sns, deps.topicArn, deps.audiences, events);
}

/**
 * What a contest's stored result calls for: its completion with the law's outcome (and a re-vote
 * or additional election), a board's minutes that disagree, and deadlines passed with minutes missing.
 */
export function contestEvents(
  election: ElectionMeta,
  placed: PlacedContest,
  stored: ContestAggregate,
  facts: { readonly reportingAreaIds: ReadonlySet<string>; readonly unitResultFiled: boolean },
  now: Date,
): RoutedEvent[] {
  const { electionId, mode } = election;
  const found: RoutedEvent[] = [];
  const result = publishedResult(stored.result, placed);
  if (result.status === 'COMPLETE') {
    const complete = contestCompleteEvent(electionId, mode, placed, result, stored.asOf);
    found.push(routedEvent(complete, 'CONTEST', placed.contest.body));
    const action = outcomeActionEvent(electionId, mode, placed, result, stored.asOf);
    if (action) found.push(routedEvent(action, 'CONTEST', placed.contest.body));
    if (stored.unitResultCheck) {
      const mismatch = unitResultMismatchEvent(
        electionId,
        mode,
        placed,
        stored.unitResultCheck,
        completionFact(result),
        stored.asOf,
      );
      if (mismatch) found.push(mismatch);
    }
  }
  const deadlines = dueDeadlines(
    now,
    deadlinesOf(election.pollingDay, election.timeZone),
    NOTIFICATION_SETTINGS.overdue.alertWindowHours,
  );
  const missing = placed.expectedPollingAreaIds.filter((id) => !facts.reportingAreaIds.has(id));
  for (const deadline of deadlines) {
    const overdue = reportsOverdueEvent(electionId, mode, placed, deadline, {
      pollingAreaIds: missing,
      expected: placed.expectedPollingAreaIds.length,
      unitResultFiled: facts.unitResultFiled,
    });
    if (overdue) found.push(overdue);
  }
  return found;
}

/** Every contest of an election has the same deadlines; a sweep asks for them thousands of times. */
const deadlineCache = new Map<string, ReturnType<typeof reportingDeadlines>>();
function deadlinesOf(pollingDay: string, timeZone: string) {
  const key = `${pollingDay}|${timeZone}`;
  let found = deadlineCache.get(key);
  if (!found) {
    found = reportingDeadlines(pollingDay, timeZone);
    deadlineCache.set(key, found);
  }
  return found;
}

export async function publishContestEvents(
  deps: PublishDeps,
  election: ElectionMeta,
  placed: PlacedContest,
  stored: ContestAggregate,
  facts: { readonly reportingAreaIds: ReadonlySet<string>; readonly unitResultFiled: boolean },
): Promise<void> {
  const due = contestEvents(election, placed, stored, facts, deps.now()).filter(
    (a) => !stored.announced?.has(a.event.eventId),
  );
  if (due.length === 0) return;
  await publishAll(deps, due);
  await markContestEventsPublished(
    deps.db,
    deps.aggregatesTable,
    stored,
    due.map((a) => a.event.eventId),
  );
}

/**
 * TURNOUT_MILESTONE for every province, region and the nation whose confirmed turnout in one of
 * these slots reached a threshold not published yet. One read of the slot across all provinces
 * gives all three levels.
 */
export async function publishTurnoutMilestones(
  deps: PublishDeps,
  election: ElectionForEvents,
  slots: ReadonlySet<string>,
): Promise<void> {
  if (slots.size === 0) return;
  const { meta } = election;
  const register = await readPublishedFacts(deps.db, deps.aggregatesTable, meta.electionId);
  const provinceIds = meta.provinces.map((p) => p.id);
  const due: { area: string; fact: string; routed: RoutedEvent }[] = [];
  const occurredAt = deps.now().toISOString();
  for (const slot of [...slots].sort()) {
    const points = await readSlotAcrossProvinces(
      deps.db,
      deps.aggregatesTable,
      meta.electionId,
      provinceIds,
      slot,
    );
    const areas: { area: TurnoutArea; provinceIds: string[] }[] = [
      { area: { level: 'NATION', name: 'cả nước' }, provinceIds },
      ...meta.regions.map((r) => ({
        area: { level: 'REGION' as const, regionId: r.id, name: r.name },
        provinceIds: meta.provinces.filter((p) => p.regionId === r.id).map((p) => p.id),
      })),
      ...meta.provinces.map((p) => ({
        area: { level: 'PROVINCE' as const, regionId: p.regionId, provinceId: p.id, name: p.name },
        provinceIds: [p.id],
      })),
    ];
    for (const { area, provinceIds: inArea } of areas) {
      const reported = inArea.flatMap((id) => {
        const point = points.get(id);
        return point ? [point] : [];
      });
      if (reported.length === 0) continue;
      const sum = (pick: (p: TurnoutPoint) => number) => reported.reduce((n, p) => n + pick(p), 0);
      const onList = inArea.reduce((n, id) => n + (election.listByProvince.get(id) ?? 0), 0);
      const figures = {
        slot,
        votersVoted: sum((p) => p.votersVoted),
        registeredVoters: Math.max(
          onList,
          sum((p) => p.registeredVoters),
        ),
        pollingAreasReporting: sum((p) => p.pollingAreas),
        percent: 0,
      };
      figures.percent = confirmedTurnoutPercent(
        figures.votersVoted,
        onList,
        sum((p) => p.registeredVoters),
      );
      const id = area.level === 'NATION' ? 'VN' : area.level === 'REGION' ? area.regionId : area.provinceId;
      const reached = new Set(
        NOTIFICATION_SETTINGS.turnoutThresholds.filter((t) => register.has(milestoneFact(area.level, id, t))),
      );
      for (const threshold of milestonesToPublish(
        figures.percent,
        NOTIFICATION_SETTINGS.turnoutThresholds,
        reached,
      )) {
        const fact = milestoneFact(area.level, id, threshold);
        register.add(fact);
        due.push({
          area: `${area.level}#${id}`,
          fact,
          routed: turnoutMilestoneEvent(meta.electionId, meta.mode, area, threshold, figures, occurredAt),
        });
      }
    }
  }
  if (due.length === 0) return;
  await publishAll(
    deps,
    due.map((d) => d.routed),
  );
  await markFactsPublished(deps.db, deps.aggregatesTable, meta.electionId, due);
}

function milestoneFact(level: string, id: string, threshold: number) {
  return `TURNOUT_MILESTONE#${level}#${id}#${threshold}`;
}

/** Province completions this execution environment knows were published. */
const provincesPublished = new Set<string>();

/** PROVINCE_COMPLETE once every contest of the province has all its polling areas' minutes. */
export async function publishProvinceComplete(
  deps: PublishDeps,
  election: ElectionForEvents,
  provinceId: string,
  summary: AreaSummary,
): Promise<void> {
  const bodies = Object.values(summary.bodies);
  const contests = bodies.reduce((n, b) => n + b.contests.total, 0);
  const complete = bodies.reduce((n, b) => n + b.contests.COMPLETE, 0);
  if (contests === 0 || complete < contests) return;
  const fact = `PROVINCE_COMPLETE#${provinceId}`;
  const { meta } = election;
  const known = `${meta.electionId}#${fact}`;
  // A complete province is refreshed by every sweep; once its completion is known here, it is not read again.
  if (provincesPublished.has(known)) return;
  const register = await readPublishedFacts(deps.db, deps.aggregatesTable, meta.electionId);
  if (register.has(fact)) {
    provincesPublished.add(known);
    return;
  }
  const province = meta.provinces.find((p) => p.id === provinceId);
  if (!province) return;
  const byOutcome: Record<string, number> = {};
  for (const body of bodies) {
    for (const state of ['ELECTED', 'REVOTE_REQUIRED', 'ADDITIONAL_ELECTION_REQUIRED'] as const) {
      if (body.contests[state] > 0) byOutcome[state] = (byOutcome[state] ?? 0) + body.contests[state];
    }
  }
  const seatsFilled = bodies.reduce((n, b) => n + b.seats.filled, 0);
  await publishAll(deps, [
    provinceCompleteEvent(
      meta.electionId,
      meta.mode,
      province,
      { contests, byOutcome, seatsFilled },
      deps.now().toISOString(),
    ),
  ]);
  await markFactsPublished(deps.db, deps.aggregatesTable, meta.electionId, [
    { area: `PROVINCE#${provinceId}`, fact },
  ]);
  provincesPublished.add(known);
}
