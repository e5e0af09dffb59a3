import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, startLocalCloud } from '../infra/local/cloud.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { lawfulTally } from '../shared/generator/tallies.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import { unwrap } from '../shared/model/result.ts';

/**
 * `npm run bench:ingest [-- --requests 1500]`: ingest latency through the local cloud's API,
 * with 1 and with 20 concurrent clients, each request a lawful tally of a generated election.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '1500' } } });
  const requests = Number(values.requests);
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
  const cloud = await startLocalCloud({ port: 0, workDir, cacheDir: path.join(ROOT, '.cache') });
  try {
    const token = await bootstrapAdmin(cloud);
    const def = generateElection({ id: 'bench-ingest', scale: 0.05, seed: 7 });
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: cloud.region,
        credentials: LOCAL_CREDENTIALS,
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    unwrap(await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date()));
    db.destroy();
    const contests = new Map(def.contests.map((c) => [c.id, c]));
    const rng = createRng(7, 'bench-ingest');
    const bodies = def.pollingAreas.flatMap((pa) =>
      pa.contestIds.map((contestId) => {
        const contest = contests.get(contestId);
        if (!contest) throw new Error(`no contest ${contestId}`);
        return lawfulTally(pa, contest, rng);
      }),
    );
    console.log(`election: ${def.pollingAreas.length} polling areas, ${bodies.length} tallies available`);
    const serial = Math.min(300, Math.floor(requests / 5));
    for (const [clients, count] of [
      [1, serial],
      [20, requests],
    ] as const) {
      const batch = bodies.splice(0, count);
      const figures = await run(cloud.url, token, batch, clients);
      console.log(
        `${String(clients).padStart(2)} client(s): ${batch.length} tallies, ${figures.rate.toFixed(0)} accepted/s, ` +
          `latency p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, non-201: ${figures.failed}`,
      );
    }
  } finally {
    await cloud.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function run(url: string, token: string, bodies: unknown[], clients: number) {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const response = await fetch(`${url}/v1/elections/bench-ingest/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 201) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), rate: bodies.length / seconds, failed };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
