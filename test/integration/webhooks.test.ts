import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/support/webhook-receiver.ts';
import { patient } from '../support/patience.ts';
import { type Answer, call, eventually, incident, smallElection, uniqueId } from './client.ts';

const receivers: WebhookReceiver[] = [];
const subscriptions: string[] = [];
afterAll(async () => {
  for (const id of subscriptions) await call('DELETE', `/v1/subscriptions/${id}`);
  await Promise.all(receivers.map((r) => r.close()));
});

/** No other test subscribes to this audience: what it receives here is this file's alone. */
const AUDIENCE = 'PROVINCE:01';

async function subscribe(options: Parameters<typeof startWebhookReceiver>[0] = {}) {
  const receiver = await startWebhookReceiver(options);
  receivers.push(receiver);
  const created = await call('POST', '/v1/subscriptions', {
    body: { audience: AUDIENCE, url: receiver.url },
  });
  expect(created.status).toBe(201);
  receiver.setSecret(created.body.secret);
  subscriptions.push(created.body.subscriptionId);
  return { receiver, subscriptionId: created.body.subscriptionId as string };
}

const count = async () => ((await call('GET', '/v1/subscriptions')).body.items as unknown[]).length;

describe('webhook URLs the sender must never be aimed at', () => {
  // The local cloud runs stage dev, where loopback and private receivers are allowed: these are
  // refused in every stage. What only other stages refuse is in test/unit/webhooks/address.test.ts.
  const linkLocalAndMetadata = [
    'http://169.254.169.254/latest/meta-data/',
    'https://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://[fe80::1]/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://100.100.100.200/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/',
    'http://metadata/computeMetadata/v1/',
    'http://instance-data/latest/meta-data/',
  ];

  it('refuses every spelling of a link-local or metadata address, storing nothing', async () => {
    const before = await count();
    for (const url of linkLocalAndMetadata) {
      const answer = await call('POST', '/v1/subscriptions', { body: { audience: AUDIENCE, url } });
      expect([url, answer.status]).toEqual([url, 422]);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED', path: '/url' }),
      ]);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a URL with a user name or password, and never shows the password', async () => {
    const before = await count();
    for (const url of [
      'http://hook-user:s3cr3t-pw@127.0.0.1:9/hooks',
      'https://hook-user:s3cr3t-pw@hooks.example.org/x',
      'https://hook-user@hooks.example.org/x',
    ]) {
      const answer = await call('POST', '/v1/subscriptions', { body: { audience: AUDIENCE, url } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ code: 'URL_CREDENTIALS', path: '/url' }),
      ]);
      expect(JSON.stringify(answer.body)).not.toContain('s3cr3t-pw');
    }
    const list = await call('GET', '/v1/subscriptions');
    expect(list.body.items.length).toBe(before);
    expect(JSON.stringify(list.body)).not.toContain('s3cr3t-pw');
  });
});

describe('the delivery log and one subscriber that hangs beside healthy ones', () => {
  const electionId = uniqueId('isolate');
  let healthy: Awaited<ReturnType<typeof subscribe>>;
  let hanging: Awaited<ReturnType<typeof subscribe>>;
  let refusing: Awaited<ReturnType<typeof subscribe>>;
  let closed: Awaited<ReturnType<typeof subscribe>>;
  const place = { provinceId: '01' };
  const post = (n: number) =>
    call('POST', `/v1/elections/${electionId}/reports`, {
      body: incident(place, 'INTERRUPTION', 'HIGH', '09:40:00', `Mất điện tại điểm bỏ phiếu, lần ${n}`),
    });
  const ofElection = (r: WebhookReceiver) =>
    new Set(
      r
        .delivered()
        .map((q) => q.body as { electionId: string; eventId: string })
        .filter((e) => e.electionId === electionId)
        .map((e) => e.eventId),
    );
  const log = (subscriptionId: string) => call('GET', `/v1/subscriptions/${subscriptionId}`);

  beforeAll(async () => {
    [healthy, hanging, refusing, closed] = await Promise.all([
      subscribe(),
      subscribe({ holdMs: 60_000 }),
      subscribe({ alwaysFail: true, status: 404 }),
      subscribe(),
    ]);
    // Nothing listens there any more: a closed port.
    await closed.receiver.close();
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('says a status class, timeout or unreachable, and nothing that maps the network', async () => {
    expect((await post(0)).status).toBe(201);
    const errorOf = async (subscriptionId: string) =>
      (
        await eventually(
          () => log(subscriptionId),
          (a: Answer) => a.body.deliveries.lastError !== undefined,
          60_000,
        )
      ).body;
    const [timedOut, unreachable, refused] = await Promise.all([
      errorOf(hanging.subscriptionId),
      errorOf(closed.subscriptionId),
      errorOf(refusing.subscriptionId),
    ]);
    expect(timedOut.deliveries.lastError).toBe('timeout');
    expect(unreachable.deliveries.lastError).toBe('unreachable');
    expect(refused.deliveries.lastError).toBe('HTTP 4xx');
    for (const body of [timedOut, unreachable]) {
      // How long a connection took to fail would tell a filtered port from a closed one.
      for (const attempt of body.recentAttempts) expect(attempt.durationMs).toBeUndefined();
      expect(JSON.stringify(body)).not.toMatch(/ECONN|EHOST|ENET|ETIMEDOUT|socket|fetch failed|refused/i);
    }
    expect(refused.recentAttempts[0]).toMatchObject({ status: 404, outcome: expect.any(String) });
    await healthy.receiver.waitFor((r) => ofElection(r).size >= 1, patient(60_000));
  });

  it('delivers every event to the healthy subscriber while the hanging one is tried once at a time', async () => {
    // The breaker of the hanging subscriber opened on its first timeout (the test above).
    const n = 12;
    const triedBefore = hanging.receiver.requests.length;
    const had = ofElection(healthy.receiver).size;
    for (let i = 1; i <= n; i++) expect((await post(i)).status).toBe(201);
    await healthy.receiver.waitFor((r) => ofElection(r).size >= had + n, patient(90_000));
    // Before, every job of the hanging subscriber held a sender for the whole timeout: it was sent
    // all n events at once, and the healthy one waited behind them. Now it gets a probe at a time.
    const tried = hanging.receiver.requests.length - triedBefore;
    expect(tried).toBeLessThan(n / 2);
    expect(ofElection(hanging.receiver).size).toBe(0);
  });
});
