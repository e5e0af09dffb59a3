import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';

/**
 * `npm run stranger-cost -- [--requests 300] [--concurrency 10]`: on a fresh local cloud, what a
 * request with an unknown bearer token costs — route function invocations, authorizer invocations
 * and DynamoDB read units per request, and its p50 — beside the same request with a valid token.
 * A stranger should cost an authorizer's lookup at most, never a route function or its reads.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');
const ROUTE = '/v1/elections/stranger-cost';

interface Phase {
  readonly name: string;
  readonly statuses: Map<number, number>;
  readonly routeInvocations: number;
  readonly authorizerInvocations: number;
  readonly readUnits: number;
  readonly p50Ms: number;
  readonly requests: number;
}

async function main() {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '10' } },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const workDir = mkdtempSync(path.join(tmpdir(), 'stranger-cost-'));
  const cloud = await startLocalCloud({ port: 0, workDir, cacheDir: path.join(ROOT, '.cache') });
  try {
    const token = await bootstrapAdmin(cloud);
    const logDir = path.join(workDir, 'logs');
    const strangers = await phase(cloud, logDir, 'unknown token', requests, concurrency, () => randomToken());
    const valid = await phase(cloud, logDir, 'valid token', requests, concurrency, () => token);
    console.log(`GET ${ROUTE}, ${requests} requests per phase, ${concurrency} at once`);
    for (const p of [strangers, valid]) {
      const per = (n: number) => (n / p.requests).toFixed(3);
      console.log(
        `${p.name.padEnd(14)} statuses ${JSON.stringify(Object.fromEntries(p.statuses))}; per request: ` +
          `${per(p.routeInvocations)} route invocations, ${per(p.authorizerInvocations)} authorizer invocations, ` +
          `${per(p.readUnits)} DynamoDB read units; p50 ${p.p50Ms} ms`,
      );
    }
    const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(2));
    console.log(
      `unknown/valid: route invocations ${ratio(strangers.routeInvocations, valid.routeInvocations)}, ` +
        `read units ${ratio(strangers.readUnits, valid.readUnits)}, p50 ${ratio(strangers.p50Ms, valid.p50Ms)}`,
    );
  } finally {
    await cloud.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** 256 random bits in the shape of a real token: the authorizer cannot refuse it by its form. */
const randomToken = () => `vnel_${randomBytes(32).toString('base64url')}`;

async function phase(
  cloud: LocalCloud,
  logDir: string,
  name: string,
  requests: number,
  concurrency: number,
  tokenOf: () => string,
): Promise<Phase> {
  const before = { invocations: invocations(cloud), reads: await settledReadUnits(logDir) };
  const statuses = new Map<number, number>();
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const started = performance.now();
        const response = await fetch(`${cloud.url}${ROUTE}`, {
          headers: { authorization: `Bearer ${tokenOf()}` },
        });
        await response.arrayBuffer();
        durations.push(performance.now() - started);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const after = { invocations: invocations(cloud), reads: await settledReadUnits(logDir) };
  durations.sort((a, b) => a - b);
  return {
    name,
    statuses,
    requests,
    routeInvocations: after.invocations.route - before.invocations.route,
    authorizerInvocations: after.invocations.authorizer - before.invocations.authorizer,
    readUnits: Math.round((after.reads - before.reads) * 100) / 100,
    p50Ms: Math.round(durations[Math.floor(durations.length / 2)] ?? 0),
  };
}

/** Invocations so far of the authorizer and of every function behind an API route. */
function invocations(cloud: LocalCloud): { route: number; authorizer: number } {
  let route = 0;
  let authorizer = 0;
  for (const [id, fn] of cloud.functions) {
    if (id.startsWith('Authorizer')) authorizer += fn.usage.invocations;
    else if (!/^(Aggregator|Sweep|DeliverNotifications|SendWebhooks)/.test(id)) route += fn.usage.invocations;
  }
  return { route, authorizer };
}

/** Read units every function has logged, once the logs stop growing (workers write them asynchronously). */
async function settledReadUnits(logDir: string): Promise<number> {
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 750));
    const now = readUnits(logDir);
    if (now === last) return now;
    last = now;
  }
}

function readUnits(logDir: string): number {
  let read = 0;
  for (const file of readdirSync(logDir).filter((f) => !/^(Aggregator|Sweep|dynamodb|fauxqs)/.test(f))) {
    for (const line of readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { consumedCapacity?: { read?: number } };
      read += entry.consumedCapacity?.read ?? 0;
    }
  }
  return read;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
