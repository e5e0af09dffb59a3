import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/support/webhook-receiver.ts';
import { patient } from '../support/patience.ts';
import { adminToken, call, credential, naVotes, smallElection, tally, uniqueId } from './client.ts';

type Mode = 'LIVE' | 'TEST';
const MODES: readonly Mode[] = ['LIVE', 'TEST'];
const other = (mode: Mode): Mode => (mode === 'LIVE' ? 'TEST' : 'LIVE');
const election = (id: string, mode: Mode) => ({ ...smallElection(id), mode });

const expectProblem = (
  answer: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body.errors.map((e: { code: string }) => e.code)).toContain(code);
};

/** A report the OBSERVER of the same mode can read iff the credential still works. */
const stillWorks = async (token: string, electionId: string) =>
  (await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token })).status;

describe('a credential’s mode bounds everything it does, ADMIN included', () => {
  const admins = {} as Record<Mode, string>;
  const elections = {} as Record<Mode, string>;

  beforeAll(async () => {
    for (const mode of MODES) {
      admins[mode] = await adminToken(mode);
      elections[mode] = uniqueId(`modes-${mode.toLowerCase()}`);
      const loaded = await call('PUT', `/v1/elections/${elections[mode]}`, {
        token: admins[mode],
        body: election(elections[mode], mode),
      });
      expect(loaded.status).toBe(201);
    }
  });

  it.each(MODES)('a %s ADMIN issues credentials of its own mode only', async (mode) => {
    const refused = await call('POST', '/v1/credentials', {
      token: admins[mode],
      body: { role: 'ADMIN', label: 'escalation', mode: other(mode) },
    });
    expectProblem(refused, 403, 'MODE_MISMATCH');
    const implicit = await call('POST', '/v1/credentials', {
      token: admins[mode],
      body: { role: 'OBSERVER', label: 'no mode asked' },
    });
    expect(implicit.status).toBe(201);
    expect(implicit.body.mode).toBe(mode);
    expect(await stillWorks(implicit.body.token, elections[mode])).toBe(200);
    expectProblem(
      await call('GET', `/v1/elections/${elections[other(mode)]}/results/contests/NA-01-01`, {
        token: implicit.body.token,
      }),
      403,
      'MODE_MISMATCH',
    );
  });

  it.each(MODES)('a %s ADMIN cannot revoke another mode’s credential: it is not found', async (mode) => {
    const victim = await credential('OBSERVER', {}, other(mode));
    expectProblem(
      await call('DELETE', `/v1/credentials/${victim.credentialId}`, { token: admins[mode] }),
      404,
      'CREDENTIAL_NOT_FOUND',
    );
    expect(await stillWorks(victim.token, elections[other(mode)])).toBe(200);
    const own = await credential('OBSERVER', {}, mode);
    expect(
      (await call('DELETE', `/v1/credentials/${own.credentialId}`, { token: admins[mode] })).status,
    ).toBe(204);
  });

  it.each(MODES)('a %s ADMIN cannot create an election of the other mode', async (mode) => {
    const id = uniqueId('modes-foreign');
    expectProblem(
      await call('PUT', `/v1/elections/${id}`, { token: admins[mode], body: election(id, other(mode)) }),
      403,
      'MODE_MISMATCH',
    );
    expect((await call('GET', `/v1/elections/${id}`, { token: admins[other(mode)] })).status).toBe(404);
  });

  it.each(MODES)('a %s ADMIN cannot replace the other mode’s election, in either mode', async (mode) => {
    const target = elections[other(mode)];
    for (const bodyMode of MODES) {
      const replaced = await call('PUT', `/v1/elections/${target}`, {
        token: admins[mode],
        body: { ...election(target, bodyMode), name: 'Bị thay thế' },
      });
      expectProblem(replaced, 403, 'MODE_MISMATCH');
    }
    const kept = await call('GET', `/v1/elections/${target}`, { token: admins[other(mode)] });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ mode: other(mode), name: smallElection(target).name });
  });

  it.each(MODES)('a %s election’s mode never changes by replacement, even by its own ADMIN', async (mode) => {
    const id = elections[mode];
    const flipped = await call('PUT', `/v1/elections/${id}`, {
      token: admins[mode],
      body: election(id, other(mode)),
    });
    expectProblem(flipped, 409, 'MODE_CHANGE');
    const kept = await call('GET', `/v1/elections/${id}`, { token: admins[mode] });
    expect(kept.body.mode).toBe(mode);
    // A replacement of the same mode still works before any report.
    const renamed = await call('PUT', `/v1/elections/${id}`, {
      token: admins[mode],
      body: { ...election(id, mode), name: 'Đổi tên trước khi có biên bản' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.status).toBe('REPLACED');
  });
});

describe('subscriptions belong to their creator’s mode', () => {
  const receivers = {} as Record<Mode, WebhookReceiver>;
  const subscriptions = {} as Record<Mode, string>;
  const elections = {} as Record<Mode, string>;
  const admins = {} as Record<Mode, string>;
  const audience = 'PROVINCE:79';

  beforeAll(async () => {
    for (const mode of MODES) {
      admins[mode] = await adminToken(mode);
      receivers[mode] = await startWebhookReceiver();
      const created = await call('POST', '/v1/subscriptions', {
        token: admins[mode],
        body: { audience, url: receivers[mode].url, description: `modes ${mode}` },
      });
      expect(created.status).toBe(201);
      expect(created.body.mode).toBe(mode);
      receivers[mode].setSecret(created.body.secret);
      subscriptions[mode] = created.body.subscriptionId;
      elections[mode] = uniqueId(`modes-sub-${mode.toLowerCase()}`);
      expect(
        (
          await call('PUT', `/v1/elections/${elections[mode]}`, {
            token: admins[mode],
            body: election(elections[mode], mode),
          })
        ).status,
      ).toBe(201);
    }
  });

  afterAll(async () => {
    for (const mode of MODES) {
      if (subscriptions[mode])
        await call('DELETE', `/v1/subscriptions/${subscriptions[mode]}`, { token: admins[mode] });
      await receivers[mode]?.close();
    }
  });

  it.each(MODES)('a %s ADMIN lists, reads and deletes only its own mode’s subscriptions', async (mode) => {
    const foreign = subscriptions[other(mode)];
    const list = await call('GET', '/v1/subscriptions', { token: admins[mode] });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((s: { subscriptionId: string }) => s.subscriptionId);
    expect(ids).toContain(subscriptions[mode]);
    expect(ids).not.toContain(foreign);
    expect(list.body.items.every((s: { mode: string }) => s.mode === mode)).toBe(true);
    expectProblem(
      await call('GET', `/v1/subscriptions/${foreign}`, { token: admins[mode] }),
      404,
      'SUBSCRIPTION_NOT_FOUND',
    );
    expectProblem(
      await call('DELETE', `/v1/subscriptions/${foreign}`, { token: admins[mode] }),
      404,
      'SUBSCRIPTION_NOT_FOUND',
    );
    const still = await call('GET', `/v1/subscriptions/${foreign}`, { token: admins[other(mode)] });
    expect(still.status).toBe(200);
    expect(still.body).toMatchObject({ status: 'ACTIVE', mode: other(mode) });
  });

  it('delivers each mode’s events to that mode’s subscribers only', async () => {
    const ofElection = (mode: Mode, events: unknown[]) =>
      (events as { electionId: string }[]).filter((e) => e.electionId === elections[mode]);
    for (const mode of MODES) {
      // Province 79's only contest complete with one tally: events for PROVINCE:79.
      const report = tally(
        '79-001-01',
        'PC-79-01',
        { 'PC-79-01-1': 900, 'PC-79-01-2': 200 },
        { registeredVoters: 1200 },
        1,
      );
      const posted = await call('POST', `/v1/elections/${elections[mode]}/reports`, {
        token: admins[mode],
        body: report,
      });
      expect(posted.status).toBe(201);
      // The other mode's subscriber was handed its jobs in the same fan-out as this one's, so by
      // the time this one has them, a wrongly routed delivery would have arrived as well.
      await receivers[mode].waitFor(
        (r) => ofElection(mode, r.uniqueEvents()).some((e: any) => e.type === 'PROVINCE_COMPLETE'),
        patient(60_000),
      );
    }
    for (const mode of MODES) {
      const got = receivers[mode].uniqueEvents() as { mode: string; electionId: string }[];
      expect(ofElection(other(mode), got)).toEqual([]);
      expect(got.every((e) => e.mode === mode)).toBe(true);
      expect(receivers[mode].requests.every((q) => q.signatureOk)).toBe(true);
    }
  }, 600_000);
});

describe('who sent a report is shown to ADMIN and to the sender only', () => {
  const electionId = uniqueId('modes-sender');
  const reports = `/v1/elections/${electionId}/reports`;

  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('omits submittedBy for province and region readers of the report and of its tally versions', async () => {
    const sender = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    const colleague = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    const region = await credential('REGIONAL_CONFERENCE', { regionId: 'R2' });
    const council = await credential('COUNCIL');
    const report = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    expect((await call('POST', reports, { token: sender.token, body: report })).status).toBe(201);
    const read = (token: string | undefined) =>
      call('GET', `${reports}/${report.submissionId}`, token ? { token } : {});
    const versions = (token: string | undefined) =>
      call(
        'GET',
        `/v1/elections/${electionId}/polling-areas/01-001-01/tallies/NA-01-01`,
        token ? { token } : {},
      );

    for (const token of [undefined, sender.token]) {
      const shown = await read(token);
      expect(shown.status).toBe(200);
      expect(shown.body.submittedBy).toBe(sender.credentialId);
      const listed = await versions(token);
      expect(listed.status).toBe(200);
      expect(listed.body.versions[0].submittedBy).toBe(sender.credentialId);
    }
    for (const token of [colleague.token, region.token, council.token]) {
      const hidden = await read(token);
      expect(hidden.status).toBe(200);
      expect(hidden.body).not.toHaveProperty('submittedBy');
      const listed = await versions(token);
      expect(listed.status).toBe(200);
      expect(listed.body.versions[0]).not.toHaveProperty('submittedBy');
      expect(JSON.stringify([hidden.body, listed.body])).not.toContain(sender.credentialId);
    }
  });
});

describe('submission ids that paths normalise away', () => {
  const electionId = uniqueId('modes-dots');
  const reports = `/v1/elections/${electionId}/reports`;

  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it.each(['..', '.'])('refuses submissionId "%s" with 400, storing nothing', async (submissionId) => {
    const refused = await call('POST', reports, {
      body: { ...tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)), submissionId },
    });
    expectProblem(refused, 400, 'SUBMISSION_ID_NOT_ADDRESSABLE');
    expect(refused.body.errors[0].path).toBe('/submissionId');
    const versions = await call(
      'GET',
      `/v1/elections/${electionId}/polling-areas/01-001-01/tallies/NA-01-01`,
    );
    expect(versions.body.currentVersion).toBe(0);
  });

  it('accepts ids with dots that stay a segment, and reads each back', async () => {
    for (const submissionId of ['...', '.hidden', 'a..b']) {
      const accepted = await call('POST', reports, {
        body: {
          type: 'incident',
          submissionId,
          provinceId: '01',
          category: 'OTHER',
          severity: 'LOW',
          occurredAt: '2026-03-15T08:00:00+07:00',
          description: 'Kiểm tra mã gửi',
        },
      });
      expect(accepted.status).toBe(201);
      const read = await call('GET', `${reports}/${submissionId}`);
      expect(read.status).toBe(200);
      expect(read.body.submissionId).toBe(submissionId);
    }
  });
});
