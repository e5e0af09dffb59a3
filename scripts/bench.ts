import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultAudiences } from '../config/notifications.ts';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { lawfulFigures, lawfulTally } from '../shared/generator/tallies.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import type { ElectionDefinition } from '../shared/model/election.ts';
import { unwrap } from '../shared/model/result.ts';
import { inboxEntries } from '../shared/notifications/inbox.ts';
import { lagsOf, plainPutRate, readLogs, watchNation } from './support/replay-metrics.ts';

/**
 * `npm run bench -- --scale 0.05 [--rate 60] [--clients 20] [--corrections 0.02] [--keep-logs]`: replays a polling
 * day through the local cloud's API — turnout every two hours from 09:00, then the tallies of
 * all three contests from 19:00, then a share of corrections — and prints what it cost and how
 * fresh the national picture stayed. Prices are AWS's published on-demand prices (us-east-1).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');
const SLOTS = ['09', '11', '13', '15', '17', '19'];
const PRICES = {
  // A REST API (its authorizer's denials, gateway responses and web ACL are what an HTTP API lacks).
  apiPerMillion: 3.5,
  wafPerMillion: 0.6,
  lambdaPerMillion: 0.2,
  lambdaGbSecond: 0.0000133334,
  writeUnitPerMillion: 0.625,
  readUnitPerMillion: 0.125,
  sqsPerMillion: 0.4,
  snsPerMillion: 0.5,
  // KMS asymmetric requests other than RSA 2048 (an ECC P-256 Sign): $0.15 per 10,000.
  kmsAsymmetricPerMillion: 15,
};

interface Options {
  scale: number;
  rate: number;
  clients: number;
  corrections: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.05' },
      rate: { type: 'string', default: '60' },
      clients: { type: 'string', default: '20' },
      corrections: { type: 'string', default: '0.02' },
      'keep-logs': { type: 'boolean', default: false },
    },
  });
  const options: Options = {
    scale: Number(values.scale),
    rate: Number(values.rate),
    clients: Number(values.clients),
    corrections: Number(values.corrections),
  };
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const cloud = await startLocalCloud({
    port: 0,
    workDir,
    cacheDir: path.join(ROOT, '.cache'),
    functionEnvironment: () => ({ TRACE_ITEM_WRITES: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' }),
  });
  try {
    await run(cloud, workDir, options);
  } finally {
    await cloud.stop();
    if (values['keep-logs']) console.log(`function logs kept in ${path.join(workDir, 'logs')}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

async function run(cloud: LocalCloud, workDir: string, options: Options): Promise<void> {
  const token = await bootstrapAdmin(cloud);
  const def = generateElection({ id: 'bench', scale: options.scale, seed: 2026 });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  unwrap(await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date()));
  db.destroy();
  const plan = pollingDay(def, options.corrections);
  console.log(
    `scale ${options.scale}: ${def.pollingAreas.length} polling areas, ${def.contests.length} contests; ${plan.length} reports at ≤ ${options.rate}/s with ${options.clients} clients`,
  );
  const baseline = usage(cloud);
  const watcher = watchNation(() => cloud.url, token, def.id, plan.filter((p) => p.firstTally).length);
  const { accepted, seconds, firstTallies } = await replay(cloud.url, token, plan, options);
  const freshness = lagsOf(firstTallies, await watcher);
  await new Promise((r) => setTimeout(r, 3000));
  // The benchmark's own watching of the national summary is not part of the day's load.
  const used = usage(cloud, baseline, ['GetAreaResults']);
  const logs = readLogs(path.join(workDir, 'logs'));
  const putRate = await plainPutRate(cloud.endpoints.dynamodb, cloud.region);
  const audiences = await eventsPerAudience(cloud, def.id);

  const reports = accepted;
  const rate = accepted / seconds;
  const perReport = (n: number) => (n / reports).toFixed(2);
  console.log(`reports accepted: ${accepted} in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} /s`);
  console.log(
    `freshness, accepted → visible in the national summary (first tallies): p50 ${freshness.p50.toFixed(2)} s, p99 ${freshness.p99.toFixed(2)} s`,
  );
  console.log(
    `DynamoDB per report: ${perReport(logs.read)} read units, ${perReport(logs.write)} write units`,
  );
  console.log(
    `aggregator batch duration: p50 ${logs.aggregatorBatchMs.p50} ms, p99 ${logs.aggregatorBatchMs.p99} ms`,
  );
  console.log(
    `most writes one aggregate item took in one second: ${logs.hottest.count} (${logs.hottest.key})`,
  );
  console.log(
    `Lambda invocations per report: ${perReport(used.invocations)} (${JSON.stringify(used.byFunction)})`,
  );
  console.log(
    `transparency log: ${logs.leafSends} leaf send requests, ${logs.signatures} checkpoints signed (${perReport(logs.signatures)} per report)`,
  );
  const audienceEntries = [...audiences.values()].reduce((n, a) => n + a.eventIds.length, 0);
  const distinctEvents = new Set([...audiences.values()].flatMap((a) => a.eventIds)).size;
  // Each event is published once; each audience copy is sent to its queue, received and deleted.
  // The log's leaves are sent ten a request; the sequencer's poller receives and deletes each batch.
  const sqsRequests =
    reports +
    (used.byFunction.Aggregator ?? 0) * 2 +
    logs.requeued +
    audienceEntries * 3 +
    logs.leafSends +
    (used.byFunction.SequenceLog ?? 0) * 2;
  const cost = {
    api: (reports / 1e6) * PRICES.apiPerMillion,
    waf: (reports / 1e6) * PRICES.wafPerMillion,
    lambda: (used.invocations / 1e6) * PRICES.lambdaPerMillion + used.gbSeconds * PRICES.lambdaGbSecond,
    dynamodb: (logs.write / 1e6) * PRICES.writeUnitPerMillion + (logs.read / 1e6) * PRICES.readUnitPerMillion,
    sqs: (sqsRequests / 1e6) * PRICES.sqsPerMillion,
    sns: (distinctEvents / 1e6) * PRICES.snsPerMillion,
    kms: (logs.signatures / 1e6) * PRICES.kmsAsymmetricPerMillion,
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  const fullDay = total * (72_195 / def.pollingAreas.length);
  console.log(
    `estimated request charges of this replay: $${total.toFixed(4)} (${Object.entries(cost)
      .map(([k, v]) => `${k} $${v.toFixed(4)}`)
      .join(', ')})`,
  );
  console.log(`estimated full-scale polling day (72,195 polling areas): $${fullDay.toFixed(2)}`);
  console.log(
    `  prices: API Gateway REST $3.50/M requests, WAF $0.60/M; Lambda $0.20/M + $0.0000133334/GB-s (ARM); DynamoDB on-demand $0.625/M write units, $0.125/M read units; SQS $0.40/M; SNS $0.50/M publishes; KMS $0.15/10k ECC signatures (the key's $1/month aside)`,
  );
  console.log(
    `plain conditional PutItem on the same DynamoDB Local: ${putRate.toFixed(0)} /s; our accepted rate is ${((rate / putRate) * 100).toFixed(1)} % of it`,
  );
  console.log(
    `events of the day: ${distinctEvents} distinct, delivered to the audiences' inboxes as follows`,
  );
  for (const [audience, { byType, eventIds }] of audiences) {
    if (audience.startsWith('PROVINCE:')) continue;
    console.log(`  ${audience}: ${eventIds.length} (${JSON.stringify(byType)})`);
  }
  const provinces = [...audiences]
    .filter(([a]) => a.startsWith('PROVINCE:'))
    .map(([, v]) => v.eventIds.length);
  provinces.sort((a, b) => a - b);
  console.log(
    `  PROVINCE:<34>: ${provinces.reduce((a, b) => a + b, 0)} in all, per province min ${provinces[0]}, median ${provinces[Math.floor(provinces.length / 2)]}, max ${provinces.at(-1)}`,
  );
}

/** Every audience's inbox once delivery has settled: events by type. */
async function eventsPerAudience(cloud: LocalCloud, electionId: string) {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const table = cloud.outputs.NotificationsTableName ?? '';
  const read = async () => {
    const found = new Map<string, { byType: Record<string, number>; eventIds: string[] }>();
    for (const { id } of defaultAudiences()) {
      const entry = { byType: {} as Record<string, number>, eventIds: [] as string[] };
      for await (const { event } of inboxEntries(db, table, electionId, id)) {
        entry.byType[event.type] = (entry.byType[event.type] ?? 0) + 1;
        entry.eventIds.push(event.eventId);
      }
      found.set(id, entry);
    }
    return found;
  };
  try {
    let last = -1;
    for (let tries = 0; tries < 30; tries++) {
      const found = await read();
      const count = [...found.values()].reduce((n, v) => n + v.eventIds.length, 0);
      if (count === last) return found;
      last = count;
      await new Promise((r) => setTimeout(r, 3000));
    }
    return await read();
  } finally {
    db.destroy();
  }
}

type Planned = { body: Record<string, unknown>; firstTally: boolean };

/** The day in order: six turnout rounds, then every contest's tally, then corrections. */
function pollingDay(def: ElectionDefinition, correctionShare: number): Planned[] {
  const rng = createRng(2026, 'bench-day');
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  const plan: Planned[] = [];
  SLOTS.forEach((slot, i) => {
    for (const pa of def.pollingAreas) {
      const share = Math.min(1, ((i + 1) / SLOTS.length) * rng.between(0.9, 1));
      plan.push({
        firstTally: false,
        body: {
          type: 'turnout',
          submissionId: randomUUID(),
          pollingAreaId: pa.id,
          asOf: `${def.pollingDay}T${slot}:00:00+07:00`,
          registeredVoters: pa.registeredVoters,
          votersVoted: Math.floor(pa.registeredVoters * share * 0.99),
        },
      });
    }
  });
  const tallies: Planned[] = [];
  for (const pa of def.pollingAreas) {
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (!contest) continue;
      tallies.push({
        firstTally: true,
        body: lawfulTally(pa, contest, rng),
      });
    }
  }
  rng.shuffle(tallies);
  plan.push(...tallies);
  for (const t of tallies) {
    if (!rng.chance(correctionShare)) continue;
    const contest = contests.get(String(t.body.contestId));
    if (!contest) continue;
    const figures = lawfulFigures(contest, Number(t.body.registeredVoters), rng);
    plan.push({
      firstTally: false,
      body: {
        ...t.body,
        ...figures,
        submissionId: randomUUID(),
        version: 2,
        correctionReason: 'Kiểm lại phiếu',
      },
    });
  }
  return plan;
}

async function replay(url: string, token: string, plan: Planned[], options: Options) {
  const firstTallies: number[] = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const interval = 1000 / options.rate;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      for (let i = next++; i < plan.length; i = next++) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const item = plan[i];
        if (!item) continue;
        const response = await fetch(`${url}/v1/elections/bench/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(item.body),
        });
        await response.arrayBuffer();
        if (response.status === 201) {
          accepted++;
          if (item.firstTally) firstTallies.push(Date.now());
        } else if (response.status >= 500) console.error(`report answered ${response.status}`);
      }
    }),
  );
  return { accepted, seconds: (performance.now() - started) / 1000, firstTallies };
}

interface Usage {
  invocations: number;
  byFunction: Record<string, number>;
  gbSeconds: number;
}

function usage(cloud: LocalCloud, since?: Usage, excluded: readonly string[] = []): Usage {
  const byFunction: Record<string, number> = {};
  let invocations = 0;
  let gbSeconds = 0;
  for (const [id, fn] of cloud.functions) {
    const name = id.replace(/Function[0-9A-F]{8}$/, '');
    if (excluded.includes(name)) continue;
    const count = fn.usage.invocations - (since?.byFunction[name] ?? 0);
    byFunction[name] = count;
    invocations += count;
    gbSeconds += ((fn.usage.billedMs / 1000) * fn.definition.memoryMb) / 1024;
  }
  return { invocations, byFunction, gbSeconds: gbSeconds - (since?.gbSeconds ?? 0) };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
