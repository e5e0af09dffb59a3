import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { defaultAudiences } from '../config/notifications.ts';
import { freePort } from '../infra/local/ports.ts';
import { inParallel } from '../shared/concurrency/in-parallel.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import { unwrap } from '../shared/model/result.ts';
import { redriveDeadLetters } from '../shared/notifications/redrive.ts';
import { DrillCloud } from './support/drill-cloud-control.ts';
import { type FaultWindow, type Ledger, settleLedger } from './support/drill-ledger.ts';
import { type PlannedReport, planDay } from './support/drill-plan.ts';
import { writeDrillReport } from './support/drill-report.ts';
import { type Delivery, deliver, type PhoneBehaviour } from './support/phone-client.ts';
import { lagsOf, plainPutRate, readLogs, watchNation } from './support/replay-metrics.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * `npm run drill -- [--scale 0.02] [--seed 2026] [--clients 40] [--out DIR] [--no-faults] [--keep]`: a whole
 * polling day through a local cloud of its own, as fast as it takes it, from phones on bad links,
 * with the night's faults on a schedule; then the ledger — every report counted once, every refusal
 * for its reason, every event in every inbox and webhook — and the night's figures, as text, JSON
 * and an SVG chart. Exits 1 when the ledger does not balance.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');
const ELECTION = 'drill';
/** After a fault ends, its 5xx answers may still come for this long: requests it held. */
const FAULT_GRACE_MS = 20_000;

interface Options {
  scale: number;
  seed: number;
  clients: number;
  out: string;
  faults: boolean;
  keep: boolean;
  sweepSeconds: number;
  /** How long the webhook receivers that come back are down. */
  downSeconds: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.02' },
      seed: { type: 'string', default: '2026' },
      clients: { type: 'string', default: '40' },
      out: { type: 'string', default: path.join(ROOT, '.local', 'drill') },
      'no-faults': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'sweep-seconds': { type: 'string', default: '60' },
      'down-seconds': { type: 'string', default: '45' },
    },
  });
  const options: Options = {
    scale: Number(values.scale),
    seed: Number(values.seed),
    clients: Number(values.clients),
    out: path.resolve(values.out ?? ''),
    faults: !values['no-faults'],
    keep: values.keep ?? false,
    sweepSeconds: Number(values['sweep-seconds']),
    downSeconds: Number(values['down-seconds']),
  };
  const scratch = mkdtempSync(path.join(tmpdir(), 'drill-'));
  const cloud = new DrillCloud(
    await freePort(),
    path.join(scratch, 'data'),
    path.join(scratch, 'work'),
    options.sweepSeconds,
    // Tries that outlast the receivers' stretch down: 1, 2, 4… s, capped at a third of it.
    { attempts: 8, capSeconds: Math.max(2, Math.ceil(options.downSeconds / 3)) },
  );
  const receivers = new Map<string, WebhookReceiver>();
  const started = Date.now();
  try {
    mkdirSync(path.join(scratch, 'data'), { recursive: true });
    await cloud.start();
    const ledger = await run(cloud, receivers, options, started);
    // The baseline, on the same DynamoDB Local (after the restart, at its new address).
    const now = cloud.facts;
    const putRate = now ? await plainPutRate(now.endpoints.dynamodb, now.region) : Number.NaN;
    const logs = readLogs(path.join(cloud.workDir, 'logs'));
    const report = writeDrillReport(options.out, {
      ledger,
      logs,
      putRate,
      wallSeconds: (Date.now() - started) / 1000,
    });
    console.log(report.text);
    return report.balanced ? 0 : 1;
  } finally {
    for (const receiver of receivers.values()) await receiver.close();
    await cloud.stop();
    if (options.keep) console.log(`drill data and logs kept in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

async function run(
  cloud: DrillCloud,
  receivers: Map<string, WebhookReceiver>,
  options: Options,
  started: number,
): Promise<Ledger> {
  const facts = cloud.facts;
  if (!facts) throw new Error('the cloud is not started');
  const def = generateElection({ id: ELECTION, scale: options.scale, seed: options.seed });
  try {
    unwrap(await loadElection(cloud.clients().db, facts.outputs.ReportsTableName ?? '', def, new Date()));
    // One webhook subscriber per audience: the council, six regions, 34 provinces.
    for (const { id } of defaultAudiences()) {
      const receiver = await startWebhookReceiver();
      const created = await api(cloud, facts.token, 'POST', '/v1/subscriptions', {
        audience: id,
        url: receiver.url,
        description: `drill ${id}`,
      });
      receiver.setSecret(String(created.secret));
      receivers.set(id, receiver);
    }
    const plan = planDay(def, { seed: options.seed, corrections: 0.02, broken: 0.005, incidents: 0.005 });
    const total = plan.daytime.length + plan.tallies.length + plan.corrections.length + def.contests.length;
    console.log(
      `drill, scale ${options.scale}: ${def.pollingAreas.length} polling areas, ${def.contests.length} contests; ${total} reports (${JSON.stringify(plan.counts)}) from ${options.clients} clients${options.faults ? ', with faults' : ''}`,
    );

    const behaviour: PhoneBehaviour = { timeouts: 0.02, duplicates: 0.01 };
    const deliveries: { planned: PlannedReport; delivery: Delivery; firstTally: boolean }[] = [];
    const windows: FaultWindow[] = [];
    const faults = options.faults ? faultSchedule(cloud, receivers, windows, options.downSeconds) : [];
    let sent = 0;
    const firstTallies = plan.tallies.length;
    let replaying = true;
    const watcher = watchNation(() => cloud.url(), facts.token, ELECTION, firstTallies, {
      deadlineMs: 6 * 3600_000,
      stop: () => !replaying && Date.now() - replayEnded > 600_000,
    });
    let replayEnded = Number.POSITIVE_INFINITY;
    const rng = createRng(options.seed, 'drill-phones');
    const deadline = Date.now() + 6 * 3600_000;
    const target = { url: () => cloud.url(), token: facts.token, electionId: ELECTION };
    const send = async (planned: PlannedReport, firstTally: boolean) => {
      const delivery = await deliver(target, planned.body, behaviour, rng, deadline);
      deliveries.push({ planned, delivery, firstTally: firstTally && delivery.acceptedAt !== undefined });
      sent++;
      for (const fault of faults)
        if (!fault.fired && sent >= fault.at * total) {
          console.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: fault ${fault.name}`);
          fault.fire();
        }
      if (planned.fixed && delivery.status === 422) {
        const fixed: PlannedReport = { phase: 'TALLY', hour: planned.hour, body: planned.fixed };
        const resent = await deliver(target, planned.fixed, behaviour, rng, deadline);
        deliveries.push({ planned: fixed, delivery: resent, firstTally: resent.acceptedAt !== undefined });
      }
      // A phone that resends an older version after the newer one: a replay, nothing counted again.
      if (planned.earlier && delivery.acceptedAt !== undefined && rng.chance(0.25)) {
        const resent = await deliver(target, planned.earlier, behaviour, rng, deadline);
        deliveries.push({
          planned: { ...planned, phase: 'TALLY', body: planned.earlier },
          delivery: resent,
          firstTally: false,
        });
      }
    };
    const replayStarted = Date.now();
    for (const phase of [plan.daytime, plan.tallies, plan.corrections])
      await inParallel(phase, options.clients, (p) => send(p, p.phase === 'TALLY' || p.phase === 'BROKEN'));
    // The boards file once the areas' minutes are in, as they do after the count.
    await inParallel(plan.boards(), options.clients, (p) => send(p, false));
    replayEnded = Date.now();
    replaying = false;
    for (const fault of faults) if (!fault.fired) fault.fire();
    await Promise.all(faults.map((f) => f.done));
    const timeline = await watcher;
    const accepted = deliveries.filter((d) => d.firstTally);
    const freshness = lagsOf(
      accepted.map((d) => d.delivery.acceptedAt ?? 0),
      timeline,
    );
    return await settleLedger({
      cloud,
      def,
      receivers,
      deliveries,
      windows,
      freshness,
      hours: [...accepted]
        .sort((a, b) => (a.delivery.acceptedAt ?? 0) - (b.delivery.acceptedAt ?? 0))
        .map((d) => d.planned.hour),
      replay: { started: replayStarted, ended: replayEnded, runStarted: started },
      faultGraceMs: FAULT_GRACE_MS,
      crashesScheduled: windows.filter((w) => w.fault === 'AGGREGATOR_CRASH_MID_BATCH').length,
      redrive: () => {
        const { sqs, outputs } = cloud.clients();
        return redriveDeadLetters(
          sqs,
          outputs.WebhookDeadLetterQueueUrl ?? '',
          outputs.WebhookQueueUrl ?? '',
        );
      },
    });
  } finally {
    cloud.destroyClients();
  }
}

/** One call to the drill cloud's API as its ADMIN, failing loudly on anything but a 2xx. */
async function api(cloud: DrillCloud, token: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${cloud.url()}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

interface ScheduledFault {
  readonly name: string;
  /** When it fires, as the share of the day's reports sent. */
  readonly at: number;
  fired: boolean;
  fire(): void;
  done: Promise<void>;
}

/**
 * The night's faults, each at its point of the day: webhook receivers down for a stretch (and one
 * down until a redrive), the aggregator crashing mid-batch, work messages lost and duplicated,
 * DynamoDB Local frozen for seconds, and the whole local cloud killed without warning and started
 * again from its data, the clients carrying on.
 */
function faultSchedule(
  cloud: DrillCloud,
  receivers: ReadonlyMap<string, WebhookReceiver>,
  windows: FaultWindow[],
  downSeconds: number,
): ScheduledFault[] {
  const audiences = [...receivers.keys()];
  const stretch = audiences.filter((a) => a === 'COUNCIL' || a === 'REGION:R3' || a === 'PROVINCE:79');
  const untilRedrive = audiences.at(-1) ?? 'COUNCIL';
  const fault = (at: number, name: string, act: () => Promise<void>): ScheduledFault => {
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const scheduled: ScheduledFault = {
      name,
      at,
      fired: false,
      done,
      fire: () => {
        scheduled.fired = true;
        void act()
          .catch((error) => console.error(`fault at ${at}:`, error))
          .finally(resolve);
      },
    };
    return scheduled;
  };
  const crashAggregator = async () => {
    writeFileSync(path.join(cloud.workDir, 'faults', 'aggregator-crash'), '');
    windows.push({ fault: 'AGGREGATOR_CRASH_MID_BATCH', from: Date.now(), to: Date.now() });
  };
  const loseAndDuplicateWork = async () => {
    const { sqs, outputs } = cloud.clients();
    const queueUrl = outputs.WorkQueueUrl ?? '';
    const Messages: Message[] = [];
    for (let i = 0; i < 5 && Messages.length < 10; i++) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10 - Messages.length,
          WaitTimeSeconds: 1,
        }),
      );
      Messages.push(...(received.Messages ?? []));
    }
    const half = Math.floor(Messages.length / 2);
    const [lost, duplicated] = [Messages.slice(0, half), Messages.slice(half)];
    for (const m of lost)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    for (const m of duplicated) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: m.Body ?? '' }));
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    windows.push({
      fault: 'WORK_MESSAGES_LOST_AND_DUPLICATED',
      from: Date.now(),
      to: Date.now(),
      detail: `${lost.length} lost, ${duplicated.length} duplicated`,
    });
  };
  return [
    fault(0.1, `webhook receivers down for ${downSeconds} s`, async () => {
      const from = Date.now();
      for (const a of stretch) receivers.get(a)?.setAlwaysFail(true);
      await new Promise((r) => setTimeout(r, downSeconds * 1000));
      for (const a of stretch) receivers.get(a)?.setAlwaysFail(false);
      windows.push({ fault: 'WEBHOOK_RECEIVERS_DOWN', from, to: Date.now(), detail: stretch.join(', ') });
    }),
    fault(0.15, 'a webhook receiver down until a redrive', async () => {
      receivers.get(untilRedrive)?.setAlwaysFail(true);
      windows.push({
        fault: 'WEBHOOK_RECEIVER_DOWN_UNTIL_REDRIVE',
        from: Date.now(),
        to: Date.now(),
        detail: untilRedrive,
      });
    }),
    fault(0.2, 'aggregator crash mid-batch', crashAggregator),
    fault(0.3, 'work messages lost and duplicated', loseAndDuplicateWork),
    fault(0.4, 'DynamoDB Local frozen 5 s', async () => {
      const from = Date.now();
      const paused = await cloud.pauseEmulator(5_000);
      windows.push({ fault: 'DYNAMODB_PAUSED', from, to: Date.now(), detail: paused ? '5 s' : 'not found' });
    }),
    fault(0.55, 'the whole local cloud killed (SIGKILL) and restarted', async () => {
      const from = Date.now();
      await cloud.killHard();
      await cloud.start();
      windows.push({ fault: 'CLOUD_KILLED_AND_RESTARTED', from, to: Date.now() });
    }),
    fault(0.7, 'aggregator crash mid-batch', crashAggregator),
    fault(0.8, 'work messages lost and duplicated', loseAndDuplicateWork),
  ];
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
