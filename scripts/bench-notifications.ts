import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, startLocalCloud } from '../infra/local/cloud.ts';
import { attributesOf, type ElectionEvent } from '../shared/events/envelope.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import { unwrap } from '../shared/model/result.ts';
import { inboxEntries } from '../shared/notifications/inbox.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';

/**
 * `npm run bench:notifications -- [--reports 200] [--events 3000] [--slow-receiver 60]`: on a fresh
 * local cloud, (1) the time from a CRITICAL incident's POST to its signed webhook reaching a
 * subscriber of the council, p50 and p99; (2) how many events per second the delivery path (audience
 * queues → inbox writer → webhook queue → sender → receiver) sustains when events are published
 * faster than it drains (skipped with `--events 0`). With `--slow-receiver S`, a second council
 * subscriber holds every connection S seconds without answering, and (1) measures the healthy one
 * beside it: one receiver that hangs must not delay another's deliveries.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');

async function main() {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '200' },
      events: { type: 'string', default: '3000' },
      'slow-receiver': { type: 'string' },
    },
  });
  const reports = Number(values.reports);
  const events = Number(values.events);
  const slowSeconds = values['slow-receiver'] === undefined ? 0 : Number(values['slow-receiver']);
  if (!Number.isFinite(slowSeconds) || slowSeconds < 0) throw new Error('--slow-receiver takes seconds');
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-notify-'));
  const cloud = await startLocalCloud({ port: 0, workDir, cacheDir: path.join(ROOT, '.cache') });
  const receiver = await startWebhookReceiver();
  const slow = slowSeconds > 0 ? await startWebhookReceiver({ holdMs: slowSeconds * 1000 }) : undefined;
  const dynamo = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodb,
    region: cloud.region,
    credentials: LOCAL_CREDENTIALS,
  });
  const db = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const sns = new SNSClient({
    endpoint: cloud.endpoints.sns,
    region: cloud.region,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const token = await bootstrapAdmin(cloud);
    const api = (method: string, route: string, body?: unknown) =>
      fetch(`${cloud.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const def = generateElection({ id: 'bench-notify', scale: 0.02, seed: 2026 });
    unwrap(await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date()));
    const created = (await (
      await api('POST', '/v1/subscriptions', { audience: 'COUNCIL', url: receiver.url })
    ).json()) as {
      secret: string;
    };
    receiver.setSecret(created.secret);
    if (slow) {
      const held = (await (
        await api('POST', '/v1/subscriptions', { audience: 'COUNCIL', url: slow.url })
      ).json()) as { secret: string };
      slow.setSecret(held.secret);
    }

    // 1. Latency: a CRITICAL incident (it reaches the council wherever it happens) to its webhook.
    const sentAt = new Map<string, number>();
    const areas = def.pollingAreas;
    for (let i = 0; i < reports; i++) {
      const submissionId = randomUUID();
      const area = areas[(i * 7919) % areas.length];
      sentAt.set(submissionId, Date.now());
      const answer = await api('POST', `/v1/elections/${def.id}/reports`, {
        type: 'incident',
        submissionId,
        pollingAreaId: area?.id,
        category: 'SECURITY',
        severity: 'CRITICAL',
        occurredAt: `${def.pollingDay}T10:00:00+07:00`,
        description: `Bench ${i}`,
      });
      if (answer.status !== 201) throw new Error(`incident refused: ${answer.status} ${await answer.text()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const incidentsOf = () =>
      receiver
        .delivered()
        .filter((r) => (r.body as ElectionEvent).type === 'INCIDENT_REPORTED')
        .map((r) => ({ id: (r.body as ElectionEvent).data.submissionId as string, at: r.receivedAt }));
    await receiver.waitFor(() => new Set(incidentsOf().map((d) => d.id)).size >= reports, 120_000);
    const firstArrival = new Map<string, number>();
    for (const d of incidentsOf()) if (!firstArrival.has(d.id)) firstArrival.set(d.id, d.at);
    const lags = [...firstArrival]
      .map(([id, at]) => (at - (sentAt.get(id) ?? at)) / 1000)
      .sort((a, b) => a - b);
    const pick = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0;
    const beside = slow ? ` beside a receiver holding each connection ${slowSeconds} s` : '';
    console.log(
      `report → webhook (CRITICAL incident → COUNCIL subscriber${beside}), ${lags.length} events: p50 ${pick(0.5).toFixed(2)} s, p99 ${pick(0.99).toFixed(2)} s, max ${pick(1).toFixed(2)} s`,
    );
    if (slow) console.log(`the slow receiver was sent ${slow.requests.length} requests meanwhile`);
    if (events <= 0) return;

    // 2. Throughput: events published straight to the topic, each for the council, a region and a province.
    const topicArn = cloud.outputs.EventsTopicArn ?? '';
    const province = def.provinces[0];
    const batch: ElectionEvent[] = Array.from({ length: events }, (_, n) => ({
      eventId: `bench-${n}-${randomUUID()}`,
      type: 'ANOMALY_DETECTED',
      electionId: def.id,
      mode: def.mode,
      occurredAt: new Date().toISOString(),
      severity: 'CRITICAL',
      scope: { regionId: province?.regionId ?? 'R1', provinceId: province?.id ?? '01' },
      audiences: ['COUNCIL', `REGION:${province?.regionId}`, `PROVINCE:${province?.id}`],
      summary: `Đo thông lượng ${n}`,
      data: { n },
    }));
    const inboxCount = async (audience: string) => {
      let count = 0;
      for await (const _ of inboxEntries(db, cloud.outputs.NotificationsTableName ?? '', def.id, audience))
        count++;
      return count;
    };
    const audiences = ['COUNCIL', `REGION:${province?.regionId}`, `PROVINCE:${province?.id}`];
    const baseline = await Promise.all(audiences.map(inboxCount));
    const before = receiver.delivered().length;
    const started = Date.now();
    for (let start = 0; start < batch.length; start += 10) {
      await sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: batch.slice(start, start + 10).map((event, i) => ({
            Id: String(i),
            Message: JSON.stringify(event),
            MessageAttributes: Object.fromEntries(
              Object.entries(attributesOf(event, 'PROVINCE')).map(([k, v]) => [
                k,
                { DataType: 'String', StringValue: String(v) },
              ]),
            ),
          })),
        }),
      );
    }
    const published = (Date.now() - started) / 1000;
    let inboxesDoneAt = 0;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const counts = await Promise.all(audiences.map(inboxCount));
      if (!inboxesDoneAt && counts.every((c, i) => c >= (baseline[i] ?? 0) + events))
        inboxesDoneAt = Date.now();
      const webhooks = receiver.delivered().length - before;
      if (inboxesDoneAt && webhooks >= events) break;
      if (Date.now() > deadline)
        throw new Error(`not delivered within 10 minutes: inboxes ${counts}, webhooks ${webhooks}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const done = (Date.now() - started) / 1000;
    const inboxes = (inboxesDoneAt - started) / 1000;
    console.log(
      `delivery path: ${events} events published in ${published.toFixed(1)} s; in all three inboxes after ${inboxes.toFixed(1)} s ` +
        `(${((events * 3) / inboxes).toFixed(0)} inbox entries/s); every webhook delivered after ${done.toFixed(1)} s = ${(events / done).toFixed(0)} events/s end to end`,
    );
    console.log(
      `signatures verified by the receiver: ${receiver.requests.every((r) => r.signatureOk) ? 'all' : 'NOT all'}`,
    );
  } finally {
    await receiver.close();
    await slow?.close();
    sns.destroy();
    db.destroy();
    await cloud.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
