import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, startLocalCloud } from '../infra/local/cloud.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { lawfulFigures } from '../shared/generator/tallies.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import { leafHash } from '../shared/log/merkle.ts';
import { verifyExport } from '../shared/log/verify.ts';
import { unwrap } from '../shared/model/result.ts';
import { localKeySigner } from '../shared/signing/local-key.ts';
import { readLeafOf, readLogHead } from '../shared/store/log.ts';
import { buildExport } from '../shared/transparency/export.ts';
import { syntheticExport } from './support/synthetic-export.ts';

/**
 * `npm run bench:log [-- --reports 3000 --rate 60 --clients 20] [--full-verify]`: the transparency
 * log through the local cloud — the time from a report's 201 to its leaf in a signed checkpoint
 * (p50/p99), the log's write units and bytes per report, proof sizes, and export + verify time;
 * with --full-verify, `verify` of a synthetic full-scale export (every minute of 72,195 polling areas).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '3000' },
      rate: { type: 'string', default: '60' },
      clients: { type: 'string', default: '20' },
      'full-verify': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.reports);
  const rate = Number(values.rate);
  const clients = Number(values.clients);
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-log-'));
  const cloud = await startLocalCloud({ port: 0, workDir, cacheDir: path.join(ROOT, '.cache') });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const logTable = cloud.outputs.LogTableName ?? '';
  try {
    const token = await bootstrapAdmin(cloud);
    const def = generateElection({ id: 'bench-log', scale: 0.02, seed: 7 });
    unwrap(await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date()));
    const bodies = tallies(def, 7).slice(0, count);
    // The head's size through the run, to tell when each leaf first stood in a signed checkpoint.
    const sizes: { at: number; size: number }[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const head = await readLogHead(db, logTable, def.id);
        sizes.push({ at: performance.now(), size: head?.size ?? 0 });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const accepted = await post(cloud.url, token, def.id, bodies, rate, clients);
    const expected = 1 + accepted.length;
    const deadline = Date.now() + 300_000;
    while ((sizes.at(-1)?.size ?? 0) < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    watching = false;
    await watch;
    const delays: number[] = [];
    for (const { submissionId, at } of accepted) {
      const leaf = await readLeafOf(db, logTable, def.id, `REPORT#${submissionId}`);
      const seen = leaf ? sizes.find((s) => s.size > leaf.index && s.at >= at) : undefined;
      if (seen) delays.push(seen.at - at);
    }
    delays.sort((a, b) => a - b);
    const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? Number.NaN;
    console.log(
      `reports: ${accepted.length} accepted at ≤ ${rate}/s with ${clients} clients; ${delays.length} found in a signed checkpoint`,
    );
    console.log(
      `201 → in a signed checkpoint: p50 ${(q(0.5) / 1000).toFixed(2)} s, p99 ${(q(0.99) / 1000).toFixed(2)} s`,
    );

    const cost = sequencerCost(path.join(workDir, 'logs'));
    console.log(
      `log write units: ${(cost.write / accepted.length).toFixed(2)} per report (${cost.batches} sequencer batches, ${cost.appended} leaves appended)`,
    );
    const started = performance.now();
    const exported = unwrap(
      await buildExport(
        {
          db,
          reportsTable: cloud.outputs.ReportsTableName ?? '',
          aggregatesTable: cloud.outputs.AggregatesTableName ?? '',
          logTable,
        },
        def.id,
      ),
    );
    const exportMs = performance.now() - started;
    const leafBytesAvg =
      exported.leaves.reduce((s, l) => s + Buffer.from(l, 'base64').length, 0) / exported.leaves.length;
    const proofs: number[] = [];
    for (const { submissionId } of accepted.slice(0, 50)) {
      const answer = await fetch(`${cloud.url}/v1/elections/${def.id}/log/proof/${submissionId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (answer.ok) proofs.push((await answer.text()).length);
    }
    console.log(
      `bytes: ${leafBytesAvg.toFixed(0)} per leaf (canonical JSON), ${(proofs.reduce((a, b) => a + b, 0) / Math.max(1, proofs.length)).toFixed(0)} per inclusion proof answer (${exported.leaves.length} leaves)`,
    );
    // Every receipt handed out names a leaf of the export, and verify proves each leaf is in the signed tree.
    const logged = new Set(exported.leaves.map((l) => leafHash(Buffer.from(l, 'base64')).toString('base64')));
    const unmatched = accepted.filter((a) => !logged.has(a.leafHash)).length;
    console.log(
      `receipts: ${accepted.length - unmatched} of ${accepted.length} name a leaf of the signed tree`,
    );
    const verifyStarted = performance.now();
    const problem = verifyExport(exported, 'LIVE');
    console.log(
      `export: ${(exportMs / 1000).toFixed(1)} s; verify: ${((performance.now() - verifyStarted) / 1000).toFixed(2)} s — ${problem ?? 'everything holds'}`,
    );
  } finally {
    db.destroy();
    await cloud.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  if (values['full-verify']) await fullScaleVerify();
}

function tallies(def: ReturnType<typeof generateElection>, seed: number) {
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  const rng = createRng(seed, 'bench-log');
  return def.pollingAreas.flatMap((pa) =>
    pa.contestIds.flatMap((contestId) => {
      const contest = contests.get(contestId);
      return contest
        ? [
            {
              type: 'tally' as const,
              submissionId: randomUUID(),
              pollingAreaId: pa.id,
              contestId,
              version: 1,
              ...lawfulFigures(contest, pa.registeredVoters, rng),
            },
          ]
        : [];
    }),
  );
}

async function post(
  url: string,
  token: string,
  electionId: string,
  bodies: { submissionId: string }[],
  rate: number,
  clients: number,
) {
  const accepted: { submissionId: string; at: number; leafHash: string }[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        const body = bodies[i];
        if (!body) return;
        const due = started + (i * 1000) / rate;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        const answer = await fetch(`${url}/v1/elections/${electionId}/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (answer.status === 201) {
          const { receipt } = (await answer.json()) as { receipt: { leafHash: string } };
          accepted.push({
            submissionId: body.submissionId,
            at: performance.now(),
            leafHash: receipt.leafHash,
          });
        } else await answer.arrayBuffer();
      }
    }),
  );
  return accepted;
}

/** The sequencer's write units and batches, from its log lines. */
function sequencerCost(logDir: string) {
  let write = 0;
  let batches = 0;
  let appended = 0;
  for (const file of readdirSync(logDir).filter((f) => f.startsWith('SequenceLog'))) {
    for (const line of readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      if (!line.includes('"sequenced"')) continue;
      const entry = JSON.parse(line) as { appended?: number; consumedCapacity?: { write?: number } };
      batches++;
      appended += entry.appended ?? 0;
      write += entry.consumedCapacity?.write ?? 0;
    }
  }
  return { write, batches, appended };
}

/** verify of a synthetic export of a whole country: every polling area's minutes, a checkpoint every 100 leaves. */
async function fullScaleVerify(): Promise<void> {
  const def = generateElection({ id: 'vn-full', scale: 1, seed: 2026 });
  const signer = localKeySigner(
    path.join(mkdtempSync(path.join(tmpdir(), 'bench-log-key-')), 'key.pem'),
    'bench',
  );
  const data = await syntheticExport(def, tallies(def, 2026), signer, (size) => size % 100 === 0);
  const bytes = JSON.stringify(data).length;
  const started = performance.now();
  const problem = verifyExport(data, 'LIVE');
  console.log(
    `full-scale verify: ${data.leaves.length} leaves, ${data.checkpoints.length} checkpoints, ${data.results.length} contests, export ${(bytes / 1e6).toFixed(0)} MB: ${((performance.now() - started) / 1000).toFixed(1)} s — ${problem ?? 'everything holds'}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
