import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from '../../infra/local/cloud.ts';

/** What the benchmark and the drill measure of a replay: freshness, units, the plain baseline. */

/**
 * Polls the national summary during a replay: when it counted how many polling-area tallies. A
 * read that fails (a cloud restarting) is skipped; the watch ends when all are counted, or at the
 * deadline, or when `stop` says so.
 */
export async function watchNation(
  url: () => string,
  token: string,
  electionId: string,
  expected: number,
  options: { deadlineMs?: number; stop?: () => boolean } = {},
): Promise<[number, number][]> {
  const timeline: [number, number][] = [];
  const deadline = Date.now() + (options.deadlineMs ?? 3_600_000);
  for (let reporting = 0; reporting < expected && Date.now() < deadline && !options.stop?.(); ) {
    try {
      const response = await fetch(`${url()}/v1/elections/${electionId}/results`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) {
        const body = (await response.json()) as {
          bodies: Record<string, { pollingAreas: { reporting: number } }>;
        };
        reporting = Object.values(body.bodies).reduce((s, b) => s + b.pollingAreas.reporting, 0);
        timeline.push([Date.now(), reporting]);
      } else await response.arrayBuffer();
    } catch {
      // not answering now: the next read tells
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return timeline;
}

/** The value at quantile q of numbers already sorted ascending; NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * The k-th tally accepted is visible once the nation counts k of them: the lag is the difference.
 * Each lag is given with when its tally was accepted, for figures through the run.
 */
export function lagsOf(acceptedAt: readonly number[], timeline: readonly [number, number][]) {
  const sorted = [...acceptedAt].sort((a, b) => a - b);
  const each: { at: number; lag: number }[] = [];
  let cursor = 0;
  sorted.forEach((t, index) => {
    while (cursor < timeline.length && (timeline[cursor]?.[1] ?? 0) < index + 1) cursor++;
    const seen = timeline[cursor]?.[0];
    if (seen !== undefined) each.push({ at: t, lag: Math.max(0, seen - t) / 1000 });
  });
  const lags = each.map((e) => e.lag).sort((a, b) => a - b);
  return { p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), each };
}

/** Consumed capacity and item writes, as every function logged them. */
export function readLogs(dir: string) {
  let read = 0;
  let write = 0;
  let requeued = 0;
  // The transparency log: leaf messages sent (ten a request), and checkpoints signed (KMS requests).
  let leafSends = 0;
  let signatures = 0;
  const perSecond = new Map<string, number>();
  const aggregatorMs: number[] = [];
  for (const file of readdirSync(dir).filter((f) => !f.startsWith('GetAreaResults'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as {
        consumedCapacity?: { read: number; write: number; writes?: [string, number][] };
        message?: string;
        durationMs?: number;
        requeuedMessages?: number;
        leaves?: number;
        signatures?: number;
      };
      if (file.startsWith('LogChanges') && entry.message === 'leaves')
        leafSends += Math.ceil((entry.leaves ?? 0) / 10);
      if (file.startsWith('SequenceLog') && entry.message === 'sequenced')
        signatures += entry.signatures ?? 0;
      if (file.startsWith('Aggregator') && entry.message === 'batch') {
        if (entry.durationMs !== undefined) aggregatorMs.push(entry.durationMs);
        requeued += entry.requeuedMessages ?? 0;
      }
      read += entry.consumedCapacity?.read ?? 0;
      write += entry.consumedCapacity?.write ?? 0;
      for (const [key, ms] of entry.consumedCapacity?.writes ?? []) {
        if (!key.startsWith('Aggregates')) continue;
        const bucket = `${key}@${Math.floor(ms / 1000)}`;
        perSecond.set(bucket, (perSecond.get(bucket) ?? 0) + 1);
      }
    }
  }
  let hottest = { key: '-', count: 0 };
  for (const [bucket, count] of perSecond)
    if (count > hottest.count) hottest = { key: bucket.replace(/@\d+$/, ''), count };
  aggregatorMs.sort((a, b) => a - b);
  const at = (q: number) => quantile(aggregatorMs, q) || 0;
  return {
    read,
    write,
    hottest,
    requeued,
    leafSends,
    signatures,
    aggregatorBatchMs: { p50: at(0.5), p99: at(0.99) },
  };
}

/** The plain conditional PutItem rate of a DynamoDB Local (20 clients, 3,000 items): the baseline. */
export async function plainPutRate(endpoint: string, region: string): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  await client.send(
    new CreateTableCommand({
      TableName: 'bench-baseline',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  let n = 0;
  const total = 3000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (n < total) {
        const i = n++;
        await client.send(
          new PutItemCommand({
            TableName: 'bench-baseline',
            Item: { pk: { S: `k${i}` }, v: { S: 'x'.repeat(500) } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      }
    }),
  );
  client.destroy();
  return total / ((performance.now() - started) / 1000);
}
