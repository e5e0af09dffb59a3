import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/support/webhook-receiver.ts';
import { localDate } from '../../shared/law/report-rules.ts';
import { redriveDeadLetters } from '../../shared/notifications/redrive.ts';
import { patient } from '../support/patience.ts';
import {
  call,
  cloud,
  credential,
  eventually,
  incident,
  naVotes,
  readWholeInbox,
  smallElection,
  sqsClient,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

const receivers: WebhookReceiver[] = [];
const subscriptions: string[] = [];
afterAll(async () => {
  for (const id of subscriptions) await call('DELETE', `/v1/subscriptions/${id}`);
  await Promise.all(receivers.map((r) => r.close()));
});

async function subscribe(audience: string, options: Parameters<typeof startWebhookReceiver>[0] = {}) {
  const receiver = await startWebhookReceiver(options);
  receivers.push(receiver);
  const created = await call('POST', '/v1/subscriptions', { body: { audience, url: receiver.url } });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  receiver.setSecret(created.body.secret);
  subscriptions.push(created.body.subscriptionId);
  return {
    receiver,
    subscriptionId: created.body.subscriptionId as string,
    secret: created.body.secret as string,
  };
}

const ofElection = (electionId: string) => (events: unknown[]) =>
  (events as { electionId: string; eventId: string }[]).filter((e) => e.electionId === electionId);

const post = (electionId: string, body: unknown) =>
  call('POST', `/v1/elections/${electionId}/reports`, { body });

/** Province 79's only contest, complete with one tally: the province is complete too. */
const completeHcmc = (electionId: string) =>
  post(
    electionId,
    tally('79-001-01', 'PC-79-01', { 'PC-79-01-1': 900, 'PC-79-01-2': 200 }, { registeredVoters: 1200 }, 1),
  );

describe('notifications reach each audience by queue, inbox and signed webhook', () => {
  const electionId = uniqueId('notify');
  let r5: Awaited<ReturnType<typeof subscribe>>;
  let r2: Awaited<ReturnType<typeof subscribe>>;
  let hcmc: Awaited<ReturnType<typeof subscribe>>;

  beforeAll(async () => {
    [r5, r2, hcmc] = await Promise.all([
      subscribe('REGION:R5'),
      subscribe('REGION:R2'),
      subscribe('PROVINCE:79'),
    ]);
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
    const reports = [
      tally('79-001-01', 'PC-79-01', { 'PC-79-01-1': 900, 'PC-79-01-2': 200 }, { registeredVoters: 1200 }, 1),
      turnout('79-001-01', '15:00:00', 1200, 1000),
      incident(
        { pollingAreaId: '79-001-01' },
        'INTERRUPTION',
        'HIGH',
        '09:40:00',
        'Mưa lớn, tạm dừng bỏ phiếu 20 phút',
      ),
      incident({ provinceId: '79' }, 'SECURITY', 'LOW', '10:00:00', 'Không đáng kể'),
    ];
    for (const report of reports) expect((await post(electionId, report)).status).toBe(201);
  });

  it('raises each kind of event once, with a Vietnamese summary, into the region’s inbox', async () => {
    const wanted = ['CONTEST_COMPLETE', 'PROVINCE_COMPLETE', 'INCIDENT_REPORTED', 'TURNOUT_MILESTONE'];
    const inbox = await eventually(
      () => readWholeInbox(electionId, 'REGION:R5'),
      (items) =>
        wanted.every((t) => items.some((e) => e.type === t)) &&
        items.filter((e) => e.type === 'TURNOUT_MILESTONE').length >= 4,
      60_000,
    );
    const ids = inbox.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    // 1000 of 1200 voted in province 79 and in region R5 (its only province): 50 % and 75 % each.
    const milestones = inbox.filter((e) => e.type === 'TURNOUT_MILESTONE');
    expect(milestones.map((e) => `${e.data.level}:${e.data.threshold}`).sort()).toEqual([
      'PROVINCE:50',
      'PROVINCE:75',
      'REGION:50',
      'REGION:75',
    ]);
    // A LOW incident is counted in the summaries, not pushed.
    const incidents = inbox.filter((e) => e.type === 'INCIDENT_REPORTED');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      severity: 'HIGH',
      scope: { provinceId: '79', pollingAreaId: '79-001-01' },
    });
    for (const event of inbox) {
      expect(event.audiences).toContain('REGION:R5');
      expect(event.summary).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
    }
    // The province's own inbox has the same events but the region's own milestones; no other region's inbox has any.
    // Each audience has its own queue: the province's copy may land a moment after the region's.
    const expected = inbox
      .filter((e) => e.scope.provinceId === '79')
      .map((e) => e.eventId)
      .sort();
    const province = await eventually(
      () => readWholeInbox(electionId, 'PROVINCE:79'),
      (items) => items.length >= expected.length,
      60_000,
    );
    expect(province.map((e) => e.eventId).sort()).toEqual(expected);
    for (const other of ['REGION:R1', 'REGION:R2', 'REGION:R3', 'REGION:R4', 'REGION:R6', 'PROVINCE:01']) {
      expect(await readWholeInbox(electionId, other)).toEqual([]);
    }
  });

  it('delivers every inbox event to the region’s and the province’s webhooks, signed, and none to another region’s', async () => {
    for (const [audience, { receiver }] of [
      ['REGION:R5', r5],
      ['PROVINCE:79', hcmc],
    ] as const) {
      const expected = (await readWholeInbox(electionId, audience)).map((e) => e.eventId).sort();
      await receiver.waitFor(
        (r) => ofElection(electionId)(r.uniqueEvents()).length >= expected.length,
        patient(60_000),
      );
      const got = ofElection(electionId)(receiver.uniqueEvents());
      expect(got.map((e) => e.eventId).sort()).toEqual(expected);
      expect(receiver.requests.every((q) => q.signatureOk)).toBe(true);
      // The webhook-id is the event id: a receiver drops repeats by it.
      expect(receiver.delivered().every((q) => q.id === (q.body as { eventId: string }).eventId)).toBe(true);
    }
    expect(ofElection(electionId)(r2.receiver.uniqueEvents())).toEqual([]);
  });

  it('pages the inbox with cursors, and lets only the roles that cover an audience read it', async () => {
    const whole = await readWholeInbox(electionId, 'REGION:R5');
    const paged = await readWholeInbox(electionId, 'REGION:R5', { limit: 1 });
    expect(paged.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId));

    const conference = await credential('REGIONAL_CONFERENCE', { regionId: 'R5' });
    const own = await call('GET', `/v1/elections/${electionId}/notifications`, { token: conference.token });
    expect(own.status).toBe(200);
    expect(own.body.audience).toBe('REGION:R5');
    const other = await call('GET', `/v1/elections/${electionId}/notifications?audience=REGION:R2`, {
      token: conference.token,
    });
    expect(other.status).toBe(403);
    const observer = await credential('OBSERVER');
    expect(
      (
        await call('GET', `/v1/elections/${electionId}/notifications?audience=COUNCIL`, {
          token: observer.token,
        })
      ).status,
    ).toBe(403);
    const committee = await credential('PROVINCIAL_COMMITTEE', { provinceId: '79' });
    const mine = await call('GET', `/v1/elections/${electionId}/notifications?audience=PROVINCE:79`, {
      token: committee.token,
    });
    expect(mine.status).toBe(200);
    const badCursor = await call(
      'GET',
      `/v1/elections/${electionId}/notifications?audience=COUNCIL&after=zzz`,
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].code).toBe('INVALID_CURSOR');
    const unknown = await call('GET', `/v1/elections/${electionId}/notifications?audience=REGION:R9`);
    expect(unknown.status).toBe(400);
  });

  it('answers a quiet inbox page 304 when the poller already holds it, and 200 once an event lands', async () => {
    // Follow the cursor to the end, as the dashboard does.
    let quietPath = `/v1/elections/${electionId}/notifications?audience=REGION:R5`;
    let quiet = await call('GET', quietPath);
    while (quiet.body.items.length > 0) {
      quietPath = `/v1/elections/${electionId}/notifications?audience=REGION:R5&after=${quiet.body.nextCursor}`;
      quiet = await call('GET', quietPath);
    }
    const etag = quiet.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await call('GET', quietPath, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();

    const posted = await call('POST', `/v1/elections/${electionId}/reports`, {
      body: incident({ provinceId: '79' }, 'WEATHER', 'HIGH', '13:00:00', 'Mưa lớn, một điểm bỏ phiếu ngập'),
    });
    expect(posted.status).toBe(201);
    const changed = await eventually(
      () => call('GET', quietPath, { headers: { 'if-none-match': etag } }),
      (a) => a.status === 200,
    );
    expect(changed.body.items.length).toBeGreaterThan(0);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('tells the council of corrections, mismatching board minutes and CRITICAL incidents', async () => {
    const first = tally('01-001-01', 'NA-01-01', naVotes(700, 650, 300, 100));
    expect((await post(electionId, first)).status).toBe(201);
    const corrected = await post(electionId, {
      ...tally('01-001-01', 'NA-01-01', naVotes(700, 640, 310, 100)),
      version: 2,
      correctionReason: 'Cộng nhầm phiếu của hai ứng cử viên',
    });
    expect(corrected.status).toBe(201);
    expect(
      (
        await post(
          electionId,
          incident({ provinceId: '01' }, 'SECURITY', 'CRITICAL', '16:00:00', 'Mất hòm phiếu phụ'),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await post(
          electionId,
          tally('01-001-02', 'NA-01-01', naVotes(500, 100, 450, 20), { registeredVoters: 800 }),
        )
      ).status,
    ).toBe(201);
    const filed = {
      type: 'unitResult',
      submissionId: randomUUID(),
      contestId: 'NA-01-01',
      registeredVoters: 1800,
      votersVoted: 1600,
      ballotsIssued: 1600,
      ballotsReceived: 1600,
      validBallots: 1580,
      invalidBallots: 20,
      candidateVotes: naVotes(1200, 740, 760, 120),
      electedCandidateIds: ['NA-01-01-1', 'NA-01-01-3'],
    };
    expect((await post(electionId, filed)).status).toBe(201);
    const council = await eventually(
      () => readWholeInbox(electionId, 'COUNCIL'),
      (items) =>
        ['TALLY_CORRECTED', 'INCIDENT_REPORTED', 'CONTEST_COMPLETE', 'UNIT_RESULT_MISMATCH'].every((t) =>
          items.some((e) => e.type === t),
        ),
      60_000,
    );
    const correction = council.find((e) => e.type === 'TALLY_CORRECTED');
    expect(correction.data.changes).toEqual(
      expect.arrayContaining([
        { path: '/candidateVotes/NA-01-01-2', from: 650, to: 640 },
        { path: '/candidateVotes/NA-01-01-3', from: 300, to: 310 },
      ]),
    );
    expect(council.find((e) => e.type === 'INCIDENT_REPORTED')).toMatchObject({ severity: 'CRITICAL' });
    expect(council.find((e) => e.type === 'UNIT_RESULT_MISMATCH').data.differences.length).toBeGreaterThan(0);
    // Nothing of province 79's provincial council reaches the council.
    expect(council.filter((e) => e.scope.provinceId === '79')).toEqual([]);
  });
});

describe('webhook delivery survives failing receivers', () => {
  it('retries a receiver that fails three times, until it has every event once', async () => {
    const electionId = uniqueId('flaky');
    const { receiver, subscriptionId } = await subscribe('REGION:R5', { failFirst: 3 });
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
    expect((await completeHcmc(electionId)).status).toBe(201);
    const inbox = await eventually(
      () => readWholeInbox(electionId, 'REGION:R5'),
      (items) => items.some((e) => e.type === 'PROVINCE_COMPLETE'),
      60_000,
    );
    await receiver.waitFor(
      (r) => ofElection(electionId)(r.uniqueEvents()).length >= inbox.length,
      patient(40_000),
    );
    const got = ofElection(electionId)(receiver.uniqueEvents());
    expect(got.map((e) => e.eventId).sort()).toEqual(inbox.map((e) => e.eventId).sort());
    expect(receiver.requests.filter((q) => q.answeredStatus === 503).length).toBe(3);
    // The delivery log is written after each answer: a moment after the receiver has the event.
    const log = await eventually(
      () => call('GET', `/v1/subscriptions/${subscriptionId}`),
      (l) => l.status === 200 && l.body.deliveries.delivered >= inbox.length,
      30_000,
    );
    expect(log.body.secret).toBeUndefined();
    expect(log.body.deliveries.failedAttempts).toBeGreaterThanOrEqual(3);
    expect(log.body.deliveries.lastError).toBe('HTTP 5xx');
  });

  it('dead-letters what an always-failing receiver refuses, and a redrive delivers it after it recovers', async () => {
    const electionId = uniqueId('deadletter');
    const { receiver, subscriptionId } = await subscribe('PROVINCE:79', { alwaysFail: true });
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
    expect((await completeHcmc(electionId)).status).toBe(201);
    const inbox = await eventually(
      () => readWholeInbox(electionId, 'PROVINCE:79'),
      (items) => items.some((e) => e.type === 'PROVINCE_COMPLETE'),
      60_000,
    );
    // Four tries each (1 s, then 2 s apart in the tests' configuration), then the dead-letter queue.
    await eventually(
      () => call('GET', `/v1/subscriptions/${subscriptionId}`),
      (a) => a.body.deliveries.deadLettered >= inbox.length,
      40_000,
    );
    expect(ofElection(electionId)(receiver.uniqueEvents())).toEqual([]);
    receiver.setAlwaysFail(false);
    const sqs = sqsClient();
    try {
      const outputs = cloud().outputs;
      const result = await redriveDeadLetters(
        sqs,
        outputs.WebhookDeadLetterQueueUrl ?? '',
        outputs.WebhookQueueUrl ?? '',
        { subscriptionId },
      );
      expect(result.moved).toBeGreaterThanOrEqual(inbox.length);
    } finally {
      sqs.destroy();
    }
    await receiver.waitFor(
      (r) => ofElection(electionId)(r.uniqueEvents()).length >= inbox.length,
      patient(60_000),
    );
    const got = ofElection(electionId)(receiver.uniqueEvents());
    expect(got.map((e) => e.eventId).sort()).toEqual(inbox.map((e) => e.eventId).sort());
  });

  it('never writes a webhook secret to a log, from its creation through a signed delivery', async () => {
    // Its own subscription, election and delivery: the claim holds whatever other tests ran before.
    const electionId = uniqueId('secretlog');
    const { receiver, secret } = await subscribe('PROVINCE:79');
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
    expect((await completeHcmc(electionId)).status).toBe(201);
    await receiver.waitFor((r) => ofElection(electionId)(r.uniqueEvents()).length > 0, patient(60_000));
    const logDir = path.join(import.meta.dirname, '../../.local/test/logs');
    const logs = readdirSync(logDir)
      .map((f) => readFileSync(path.join(logDir, f), 'utf8'))
      .join('\n');
    expect(logs).toContain('subscription created');
    expect(logs).toContain(electionId);
    expect(logs).not.toContain(secret.slice('whsec_'.length));
  });

  it('refuses a subscription to an unknown audience or a non-http URL, storing nothing', async () => {
    const before = await call('GET', '/v1/subscriptions');
    const bad = await call('POST', '/v1/subscriptions', {
      body: { audience: 'REGION:R9', url: 'ftp://x.example' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/audience', '/url']);
    const reporter = await credential('REPORTER', { pollingAreaIds: ['01-001-01'] });
    const forbidden = await call('POST', '/v1/subscriptions', {
      token: reporter.token,
      body: { audience: 'COUNCIL', url: 'https://example.org/hook' },
    });
    expect(forbidden.status).toBe(403);
    const after = await call('GET', '/v1/subscriptions');
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});

describe('reporting deadlines', () => {
  it('publishes polling areas still silent after polling night', async () => {
    const electionId = uniqueId('overdue');
    // Polling day was yesterday in Hà Nội: its night ended at midnight, less than a day ago.
    const yesterday = localDate(new Date(Date.now() - 24 * 3600 * 1000).toISOString(), 'Asia/Ho_Chi_Minh');
    const election = { ...smallElection(electionId), pollingDay: yesterday };
    expect((await call('PUT', `/v1/elections/${electionId}`, { body: election })).status).toBe(201);
    expect((await post(electionId, tally('01-001-01', 'NA-01-01', naVotes(700, 650, 300, 100)))).status).toBe(
      201,
    );
    const council = await eventually(
      () => readWholeInbox(electionId, 'COUNCIL'),
      (items) => items.some((e) => e.type === 'REPORTS_OVERDUE'),
      60_000,
    );
    const overdue = council.filter((e) => e.type === 'REPORTS_OVERDUE');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].data).toMatchObject({
      kind: 'NIGHT',
      contestId: 'NA-01-01',
      missingPollingAreaIds: ['01-001-02'],
      missingCount: 1,
      expected: 2,
    });
    const region = await eventually(
      () => readWholeInbox(electionId, 'REGION:R5'),
      (items) => items.some((e) => e.type === 'REPORTS_OVERDUE'),
      60_000,
    );
    expect(region.filter((e) => e.type === 'REPORTS_OVERDUE').map((e) => e.data.contestId)).toEqual([
      'PC-79-01',
    ]);
  });
});
