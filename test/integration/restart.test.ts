import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recount } from '../../shared/aggregation/recount.ts';
import { figuresOf } from '../../shared/checks/anomalies.ts';
import { inParallel } from '../../shared/concurrency/in-parallel.ts';
import { generateElection } from '../../shared/generator/generate.ts';
import { createRng } from '../../shared/generator/prng.ts';
import { lawfulTally } from '../../shared/generator/tallies.ts';
import { contentHash } from '../../shared/model/canonical.ts';
import { tallyItem } from '../../shared/store/tallies.ts';
import { eventually } from '../support/eventually.ts';

/**
 * A local cloud of its own, started as `npm start` starts it (its sweep at the stack's own five
 * minutes, so that nothing in these tests is healed by it), to be killed without warning.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'restart-'));
const dataDir = path.join(scratch, 'data');
const workDir = path.join(scratch, 'work');
const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** The election `npm start` loads (infra/local/main.ts), generated again from the same seed. */
const DEMO = generateElection({ id: 'vn-2026-demo', scale: 0.02, seed: 2026 });

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
  db: DynamoDBDocumentClient;
  outputs: Record<string, string>;
  readyAt: number;
}

function start(): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/main.ts', '--data-dir', dataDir, '--work-dir', workDir],
    { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 170_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!ready?.[1]) return;
      clearTimeout(timer);
      const cloud = JSON.parse(readFileSync(path.join(workDir, 'cloud.json'), 'utf8'));
      resolve({
        child,
        url: ready[1],
        token: readFileSync(path.join(workDir, 'admin-token'), 'utf8').trim(),
        outputs: cloud.outputs,
        readyAt: Date.now(),
        db: DynamoDBDocumentClient.from(
          new DynamoDBClient({
            endpoint: cloud.endpoints.dynamodb,
            region: cloud.region,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }),
        ),
      });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function killHard(cloud: Started): Promise<void> {
  const exited = new Promise<void>((resolve) => cloud.child.once('exit', () => resolve()));
  cloud.child.kill('SIGKILL');
  cloud.db.destroy();
  return exited;
}

/** What `npm run recount` prints, as a list: the differences between a rebuild and what is published. */
const differences = (cloud: Started) =>
  recount(cloud.db, cloud.outputs.ReportsTableName ?? '', cloud.outputs.AggregatesTableName ?? '', DEMO.id);

/** Lawful first tallies for polling areas of the demo election, each with its own submissionId. */
function tallies(count: number, seed: number) {
  const rng = createRng(seed, 'restart-test');
  const contests = new Map(DEMO.contests.map((c) => [c.id, c]));
  const bodies: Record<string, unknown>[] = [];
  for (const pa of DEMO.pollingAreas) {
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (!contest || bodies.length >= count) continue;
      bodies.push(lawfulTally(pa, contest, rng));
    }
  }
  return bodies;
}

describe('the change signal is as durable as the report', () => {
  let cloud: Started;
  const reports = tallies(241, 9);

  it('counts a report stored with no work message at all, from the table’s stream alone', async () => {
    cloud = await start();
    const first = reports.splice(0, 1)[0] as Record<string, unknown> & { contestId: string };
    // Stored as ingest stores it, but nobody sends the aggregator anything (and the sweep is minutes away).
    await cloud.db.send(
      new PutCommand({
        TableName: cloud.outputs.ReportsTableName,
        Item: tallyItem({
          ...(first as unknown as Parameters<typeof tallyItem>[0]),
          electionId: DEMO.id,
          receivedAt: new Date().toISOString(),
          submittedBy: 'test',
          contentHash: contentHash(first),
          figuresHash: contentHash(figuresOf(first as never)),
          warnings: [],
        }),
      }),
    );
    const contest = await eventually(
      () =>
        fetch(`${cloud.url}/v1/elections/${DEMO.id}/results/contests/${first.contestId}`, {
          headers: { authorization: `Bearer ${cloud.token}` },
        }).then((r) => r.json() as Promise<{ pollingAreas?: { reporting: number }; validBallots?: number }>),
      (body) => body.pollingAreas?.reporting === 1,
      60_000,
    );
    expect(contest.validBallots).toBe(first.validBallots);
    await eventually(
      () => differences(cloud),
      (d) => d?.length === 0,
      60_000,
    );
  }, 600_000);

  it('counts, after a kill -9 and a restart, every report stored before the kill, seconds after the restart', async () => {
    let accepted = 0;
    await inParallel(reports, 10, async (body) => {
      const answer = await fetch(`${cloud.url}/v1/elections/${DEMO.id}/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cloud.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (answer.status === 201) accepted++;
    });
    expect(accepted).toBe(reports.length);
    // Killed the moment the last report is acknowledged: its change is still in the stream, uncounted.
    await killHard(cloud);

    cloud = await start();
    const left = await differences(cloud);
    const clean = await eventually(
      () => differences(cloud),
      (d) => d?.length === 0,
      120_000,
    );
    const seconds = (Date.now() - cloud.readyAt) / 1000;
    console.log(
      `restart → clean recount: ${seconds.toFixed(1)} s (${left?.length ?? '?'} differences at the restart, ${reports.length} reports sent before kill -9)`,
    );
    expect(clean).toEqual([]);
    const stopped = new Promise<number | null>((resolve) => cloud.child.once('exit', resolve));
    cloud.child.kill('SIGINT');
    cloud.db.destroy();
    expect(await stopped).toBe(0);
  }, 900_000);
});
