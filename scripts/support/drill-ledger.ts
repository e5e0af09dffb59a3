import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { recount } from '../../shared/aggregation/recount.ts';
import type { ElectionDefinition } from '../../shared/model/election.ts';
import { inboxEntries } from '../../shared/notifications/inbox.ts';
import type { RedriveResult } from '../../shared/notifications/redrive.ts';
import { keys, SUBMISSION_SHARDS } from '../../shared/store/keys.ts';
import { queryAll } from '../../shared/store/query.ts';
import type { DrillCloud } from './drill-cloud-control.ts';
import type { PlannedReport } from './drill-plan.ts';
import type { Delivery } from './phone-client.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

/** When a fault held the system, for telling its 5xx answers from any other. */
export interface FaultWindow {
  readonly fault: string;
  readonly from: number;
  readonly to: number;
  readonly detail?: string;
}

export interface LedgerInput {
  readonly cloud: DrillCloud;
  readonly def: ElectionDefinition;
  readonly receivers: ReadonlyMap<string, WebhookReceiver>;
  readonly deliveries: readonly { planned: PlannedReport; delivery: Delivery; firstTally: boolean }[];
  readonly windows: readonly FaultWindow[];
  readonly freshness: { p50: number; p99: number; each: readonly { at: number; lag: number }[] };
  /** The polling-day hour of each first tally, in the order they were accepted. */
  readonly hours: readonly number[];
  readonly replay: { readonly started: number; readonly ended: number; readonly runStarted: number };
  readonly faultGraceMs: number;
  readonly redrive: () => Promise<RedriveResult>;
  /** How many aggregator crashes the schedule asked for: each must have happened. */
  readonly crashesScheduled: number;
}

/** What the night came to: each check of the ledger with what it found, and the figures. */
export interface Ledger {
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly found: string }[];
  readonly sent: Record<string, number>;
  readonly accepted: number;
  readonly replaySeconds: number;
  readonly freshness: LedgerInput['freshness'];
  readonly freshnessByHour: readonly { hour: number; p50: number; p99: number; count: number }[];
  readonly windows: readonly FaultWindow[];
  readonly throughput: readonly { second: number; accepted: number; lagP99: number | null }[];
  readonly drainSeconds: number;
  /** When the drill began (epoch ms): the chart's zero. */
  readonly runStarted: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantileOf = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/**
 * Waits for the night to settle — every aggregate agreeing with a recount from the reports, every
 * inbox still, the receiver that stayed down redriven — then balances the ledger.
 */
export async function settleLedger(input: LedgerInput): Promise<Ledger> {
  const { cloud, def, deliveries } = input;
  const electionId = def.id;
  const checks: { name: string; ok: boolean; found: string }[] = [];
  const check = (name: string, ok: boolean, found: string) => checks.push({ name, ok, found });
  const drainStarted = Date.now();
  const say = (what: string) =>
    console.log(`  ${((Date.now() - input.replay.runStarted) / 1000).toFixed(0)} s: ${what}`);
  say('replay done; waiting for a clean recount');

  // Every aggregate as a recount from the stored reports gives it (the sweep heals what was lost).
  let differences: string[] | undefined;
  for (let i = 0; i < 90; i++) {
    const { db, outputs } = cloud.clients();
    differences = await recount(
      db,
      outputs.ReportsTableName ?? '',
      outputs.AggregatesTableName ?? '',
      electionId,
    );
    if (differences?.length === 0) break;
    await sleep(10_000);
  }
  check(
    'recount: every published aggregate equals a recount of the stored reports',
    differences?.length === 0,
    differences === undefined
      ? 'no election'
      : `${differences.length} differences ${differences.slice(0, 3).join('; ')}`,
  );
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  say(`recount ${differences?.length === 0 ? 'clean' : 'not clean'}; reading the submissions`);

  // Nothing accepted is missing, nothing is stored that no phone sent.
  const { db, outputs } = cloud.clients();
  const stored = new Set<string>();
  for (let shard = 0; shard < SUBMISSION_SHARDS; shard++) {
    const items = queryAll(db, {
      TableName: outputs.ReportsTableName ?? '',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.submissionPartition(electionId, shard) },
      ProjectionExpression: 'submissionId',
    });
    for await (const item of items) stored.add(String(item.submissionId));
  }
  const accepted = deliveries.filter((d) => d.delivery.acceptedAt !== undefined);
  const sentIds = new Set(deliveries.map((d) => d.delivery.submissionId));
  const lost = accepted.filter((d) => !stored.has(d.delivery.submissionId));
  check(
    '0 lost: every accepted submission is stored',
    lost.length === 0,
    `${lost.length} lost of ${accepted.length}`,
  );
  const strangers = [...stored].filter((id) => !sentIds.has(id));
  check(
    'nothing stored that was not sent',
    strangers.length === 0,
    `${strangers.length} unknown submissions`,
  );
  const unanswered = deliveries.filter((d) => d.delivery.status === 0);
  check('every submission answered', unanswered.length === 0, `${unanswered.length} never answered`);

  // Refused for what they are, and only those.
  const broken = deliveries.filter((d) => d.planned.refusedWith !== undefined);
  const refusedRight = broken.filter(
    (d) => d.delivery.status === 422 && d.delivery.code === d.planned.refusedWith,
  );
  check(
    'every broken submission refused with its reason',
    refusedRight.length === broken.length,
    `${refusedRight.length} of ${broken.length} refused with 422 ${broken[0]?.planned.refusedWith ?? ''}`,
  );
  const wronglyRefused = deliveries.filter(
    (d) => d.planned.refusedWith === undefined && d.delivery.status >= 400,
  );
  check(
    'no lawful submission refused',
    wronglyRefused.length === 0,
    `${wronglyRefused.length}${wronglyRefused[0] ? ` (first: ${wronglyRefused[0].delivery.status} ${wronglyRefused[0].delivery.code ?? ''})` : ''}`,
  );

  // 5xx only while a fault held the system.
  const injected = input.windows.filter(
    (w) => w.fault === 'CLOUD_KILLED_AND_RESTARTED' || w.fault === 'DYNAMODB_PAUSED',
  );
  const errors = deliveries.flatMap((d) => d.delivery.serverErrors);
  const uninjected = errors.filter(
    (e) => !injected.some((w) => e.at >= w.from && e.at <= w.to + input.faultGraceMs),
  );
  check(
    '0 5xx that was not an injected fault',
    uninjected.length === 0,
    `${uninjected.length} outside the faults (${errors.length} in all${uninjected[0] ? `, first ${uninjected[0].status}` : ''})`,
  );
  const duplicates = deliveries.filter((d) => d.delivery.duplicateReplayed !== undefined);
  const replayed = duplicates.filter((d) => d.delivery.duplicateReplayed);
  check(
    'every duplicate answered as a replay of the first',
    replayed.length === duplicates.length,
    `${replayed.length} of ${duplicates.length}`,
  );

  // Counted once: the nation's sums are the sums of the latest accepted versions, body by body.
  const bodyOf = new Map(def.contests.map((c) => [c.id, c.body]));
  const latest = new Map<string, Record<string, unknown>>();
  for (const { planned } of accepted) {
    const b = planned.body;
    if (b.type !== 'tally') continue;
    const key = `${b.pollingAreaId}|${b.contestId}`;
    const held = latest.get(key);
    if (!held || Number(held.version) < Number(b.version)) latest.set(key, b);
  }
  const expected: Record<string, { registeredVoters: number; votersVoted: number; reporting: number }> = {};
  for (const tally of latest.values()) {
    const body = bodyOf.get(String(tally.contestId)) ?? '';
    const sum = expected[body] ?? { registeredVoters: 0, votersVoted: 0, reporting: 0 };
    expected[body] = sum;
    sum.registeredVoters += Number(tally.registeredVoters);
    sum.votersVoted += Number(tally.votersVoted);
    sum.reporting += 1;
  }
  const nation = (await (
    await fetch(`${cloud.url()}/v1/elections/${electionId}/results`, {
      headers: { authorization: `Bearer ${cloud.facts?.token ?? ''}` },
    })
  ).json()) as {
    bodies: Record<
      string,
      { registeredVoters: number; votersVoted: number; pollingAreas: { reporting: number } }
    >;
  };
  const mismatched = Object.entries(expected).filter(([body, sum]) => {
    const shown = nation.bodies[body];
    return (
      !shown ||
      shown.registeredVoters !== sum.registeredVoters ||
      shown.votersVoted !== sum.votersVoted ||
      shown.pollingAreas.reporting !== sum.reporting
    );
  });
  check(
    '0 double-counted: the nation sums each latest accepted minute once',
    mismatched.length === 0,
    mismatched.length === 0
      ? Object.entries(expected)
          .map(([b, s]) => `${b} ${s.votersVoted} voted in ${s.reporting} areas`)
          .join(', ')
      : `differs for ${mismatched.map(([b]) => b).join(', ')}: ${JSON.stringify(nation.bodies)}`,
  );

  // Every event in every inbox once, and at every webhook once after dedup.
  say('reading every inbox');
  const inboxes = await settledInboxes(cloud, electionId, [...input.receivers.keys()]);
  say('redriving the webhook dead letters; waiting for every receiver');
  const repeated = [...inboxes].filter(([, ids]) => new Set(ids).size !== ids.length);
  check(
    'every inbox holds each event once',
    repeated.length === 0,
    `${repeated.length} audiences with repeats`,
  );
  for (const receiver of input.receivers.values()) receiver.setAlwaysFail(false);
  // The receiver that stayed down: its deliveries reach the dead-letter queue after their tries,
  // and are redriven from there — as an operator would, every fifteen seconds until none is missing.
  let redriven = 0;
  let missing: [string, number][] = [];
  for (let i = 0; i < 72; i++) {
    if (i % 3 === 0) redriven += (await input.redrive()).moved;
    missing = [...inboxes]
      .map(([audience, ids]): [string, number] => {
        const got = new Set(
          (input.receivers.get(audience)?.uniqueEvents() ?? []).map((e) =>
            String((e as { eventId?: string }).eventId),
          ),
        );
        return [audience, ids.filter((id) => !got.has(id)).length];
      })
      .filter(([, n]) => n > 0);
    if (missing.length === 0) break;
    await sleep(5_000);
  }
  const events = [...inboxes.values()].reduce((n, ids) => n + ids.length, 0);
  check(
    'every event delivered to its audience’s webhook (once after dedup)',
    missing.length === 0,
    missing.length === 0
      ? `${events} audience events; ${redriven} redriven from the dead-letter queue`
      : `missing at ${missing.map(([a, n]) => `${a} (${n})`).join(', ')}`,
  );
  const strays = [...input.receivers].filter(([audience, r]) => {
    const inbox = new Set(inboxes.get(audience) ?? []);
    return r.uniqueEvents().some((e) => !inbox.has(String((e as { eventId?: string }).eventId)));
  });
  check('no webhook got an event its inbox does not hold', strays.length === 0, `${strays.length} audiences`);
  const badSignatures = [...input.receivers.values()].reduce(
    (n, r) => n + r.requests.filter((q) => !q.signatureOk).length,
    0,
  );
  check('every webhook signed', badSignatures === 0, `${badSignatures} unsigned or badly signed`);

  // The faults themselves: a crash asked for and never fired would make the rest prove nothing.
  const logDir = path.join(cloud.workDir, 'logs');
  const crashes = readdirSync(logDir)
    .filter((f) => f.startsWith('Aggregator'))
    .reduce(
      (n, f) => n + readFileSync(path.join(logDir, f), 'utf8').split('AGGREGATOR_CRASH_MID_BATCH').length - 1,
      0,
    );
  check(
    'every aggregator crash asked for happened mid-batch',
    crashes >= input.crashesScheduled,
    `${crashes} of ${input.crashesScheduled}`,
  );

  // The night's figures.
  const sent: Record<string, number> = {};
  for (const d of deliveries) sent[d.planned.phase] = (sent[d.planned.phase] ?? 0) + 1;
  const byHour = new Map<number, number[]>();
  input.freshness.each.forEach((e, i) => {
    const hour = input.hours[i] ?? 0;
    byHour.set(hour, [...(byHour.get(hour) ?? []), e.lag]);
  });
  const freshnessByHour = [...byHour]
    .sort(([a], [b]) => a - b)
    .map(([hour, lags]) => ({
      hour,
      p50: quantileOf(lags, 0.5),
      p99: quantileOf(lags, 0.99),
      count: lags.length,
    }));
  const bucket = 10_000;
  const buckets = new Map<number, { accepted: number; lags: number[] }>();
  for (const d of accepted) {
    const second = Math.floor(((d.delivery.acceptedAt ?? 0) - input.replay.runStarted) / bucket) * 10;
    const b = buckets.get(second) ?? { accepted: 0, lags: [] };
    b.accepted += 1;
    buckets.set(second, b);
  }
  for (const e of input.freshness.each) {
    const second = Math.floor((e.at - input.replay.runStarted) / bucket) * 10;
    const b = buckets.get(second) ?? { accepted: 0, lags: [] };
    b.lags.push(e.lag);
    buckets.set(second, b);
  }
  const throughput = [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([second, b]) => ({
      second,
      accepted: b.accepted / (bucket / 1000),
      lagP99: b.lags.length ? quantileOf(b.lags, 0.99) : null,
    }));
  return {
    checks,
    sent,
    accepted: accepted.length,
    replaySeconds: (input.replay.ended - input.replay.started) / 1000,
    freshness: input.freshness,
    freshnessByHour,
    windows: input.windows,
    throughput,
    drainSeconds,
    runStarted: input.replay.runStarted,
  };
}

/** Each audience's inbox event ids, read until two reads five seconds apart agree. */
async function settledInboxes(cloud: DrillCloud, electionId: string, audiences: readonly string[]) {
  let last = '';
  let found = new Map<string, string[]>();
  for (let i = 0; i < 60; i++) {
    const { db, outputs } = cloud.clients();
    found = new Map();
    for (const audience of audiences) {
      const ids: string[] = [];
      for await (const { event } of inboxEntries(
        db,
        outputs.NotificationsTableName ?? '',
        electionId,
        audience,
      ))
        ids.push(event.eventId);
      found.set(audience, ids);
    }
    const shape = JSON.stringify([...found].map(([a, ids]) => [a, ids.length]));
    if (shape === last) break;
    last = shape;
    await sleep(5_000);
  }
  return found;
}
