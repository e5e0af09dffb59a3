import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  eventually,
  hcmcUnitResult,
  incident,
  naVotes,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

describe('reports: the four types, the law’s checks, and exactly-once acceptance', () => {
  const electionId = uniqueId('reports');
  const reports = `/v1/elections/${electionId}/reports`;
  const post = (body: unknown) => call('POST', reports, { body });

  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('accepts each report type with 201 and answers a replay with 200 and the first body', async () => {
    const bodies = [
      tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
      turnout('01-001-02', '11:00:00', 800, 420),
      incident(
        { provinceId: '79' },
        'WEATHER',
        'HIGH',
        '09:40:00',
        'Mưa lớn, một khu vực bỏ phiếu tạm dừng 20 phút.',
      ),
      hcmcUnitResult(),
    ];
    for (const body of bodies) {
      const first = await post(body);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({ submissionId: body.submissionId, status: 'ACCEPTED', warnings: [] });
      const again = await post(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const stored = await call('GET', `${reports}/${body.submissionId}`);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({
        type: body.type,
        receivedAt: first.body.receivedAt,
        report: { ...body },
      });
    }
  });

  it('refuses other content under a used submissionId with 409 SUBMISSION_ID_REUSED, storing nothing', async () => {
    const body = tally('01-001-02', 'NA-01-01', naVotes(300, 200, 100, 50), { registeredVoters: 800 });
    expect((await post(body)).status).toBe(201);
    const reused = await post({
      ...body,
      validBallots: body.validBallots + 1,
      ballotsReceived: body.ballotsReceived + 1,
      ballotsIssued: body.ballotsIssued + 1,
      votersVoted: body.votersVoted + 1,
    });
    expect(reused.status).toBe(409);
    expect(reused.body.errors[0].code).toBe('SUBMISSION_ID_REUSED');
    const versions = await call(
      'GET',
      `/v1/elections/${electionId}/polling-areas/01-001-02/tallies/NA-01-01`,
    );
    expect(versions.body.versions).toHaveLength(1);
  });

  it('stores one of ten identical submissions sent at once, and answers all ten alike', async () => {
    const body = tally(
      '79-001-01',
      'PC-79-01',
      { 'PC-79-01-1': 700, 'PC-79-01-2': 300 },
      { registeredVoters: 1200 },
      1,
    );
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    const versions = await call(
      'GET',
      `/v1/elections/${electionId}/polling-areas/79-001-01/tallies/PC-79-01`,
    );
    expect(versions.body.versions).toHaveLength(1);
  });

  it('lets one of two racing version-2 corrections win; the other gets VERSION_CONFLICT with currentVersion', async () => {
    const electionId2 = uniqueId('race');
    expect(
      (await call('PUT', `/v1/elections/${electionId2}`, { body: smallElection(electionId2) })).status,
    ).toBe(201);
    const path = `/v1/elections/${electionId2}/reports`;
    expect(
      (await call('POST', path, { body: tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)) }))
        .status,
    ).toBe(201);
    const correction = (a: number) =>
      tally('01-001-01', 'NA-01-01', naVotes(a, 300, 200, 100), {
        version: 2,
        correctionReason: 'Kiểm lại phiếu',
      });
    const [x, y] = await Promise.all([
      call('POST', path, { body: correction(410) }),
      call('POST', path, { body: correction(420) }),
    ]);
    expect([x?.status, y?.status].sort()).toEqual([201, 409]);
    const loser = x?.status === 409 ? x : y;
    expect(loser?.body).toMatchObject({ currentVersion: 2, errors: [{ code: 'VERSION_CONFLICT' }] });
    const history = await call(
      'GET',
      `/v1/elections/${electionId2}/polling-areas/01-001-01/tallies/NA-01-01`,
    );
    expect(history.body.currentVersion).toBe(2);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const winner = history.body.versions[1];
    expect(winner).toMatchObject({ correctionReason: 'Kiểm lại phiếu' });
    expect(winner.changes).toContainEqual({
      path: '/candidateVotes/NA-01-01-1',
      from: 400,
      to: winner.candidateVotes['NA-01-01-1'],
    });
  });

  it('tells a tally ACCEPTED or COUNTED, and SUPERSEDED once corrected', async () => {
    const electionId3 = uniqueId('status');
    expect(
      (await call('PUT', `/v1/elections/${electionId3}`, { body: smallElection(electionId3) })).status,
    ).toBe(201);
    const path = `/v1/elections/${electionId3}/reports`;
    const first = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    expect((await call('POST', path, { body: first })).status).toBe(201);
    await eventually(
      () => call('GET', `${path}/${first.submissionId}`),
      (a) => a.body?.status === 'COUNTED',
    );
    const second = tally('01-001-01', 'NA-01-01', naVotes(401, 300, 200, 100), {
      version: 2,
      correctionReason: 'Sửa lỗi ghi chép',
    });
    expect((await call('POST', path, { body: second })).status).toBe(201);
    expect((await call('GET', `${path}/${first.submissionId}`)).body.status).toBe('SUPERSEDED');
    await eventually(
      () => call('GET', `${path}/${second.submissionId}`),
      (a) => a.body?.status === 'COUNTED',
    );
  });

  it.each([
    ['VOTERS_EXCEED_REGISTERED', { registeredVoters: 100 }],
    ['BALLOTS_RECEIVED_EXCEED_ISSUED', { ballotsIssued: 10 }],
    ['BALLOTS_RECEIVED_MISMATCH', { invalidBallots: 11 }],
    ['CANDIDATE_VOTES_EXCEED_VALID', { candidateVotes: naVotes(2000, 300, 200, 100) }],
    ['VOTES_BELOW_VALID_BALLOTS', { candidateVotes: naVotes(100, 100, 100, 100) }],
    ['VOTES_EXCEED_SEATS_TIMES_VALID', { candidateVotes: naVotes(500, 500, 500, 500) }],
    [
      'CANDIDATES_MISMATCH',
      { candidateVotes: { 'NA-01-01-1': 500, 'NA-01-01-2': 400, 'NA-01-01-3': 300, 'PC-79-01-1': 300 } },
    ],
    [
      'CONTEST_NOT_IN_POLLING_AREA',
      { contestId: 'PC-79-01', candidateVotes: { 'PC-79-01-1': 500, 'PC-79-01-2': 100 } },
    ],
    ['UNKNOWN_CONTEST', { contestId: 'NA-99-99' }],
    ['CORRECTION_REASON_REQUIRED', { version: 2 }],
  ])('refuses %s with 422 and stores nothing', async (code, fields) => {
    const body = {
      ...tally('01-001-02', 'NA-01-01', naVotes(500, 400, 300, 100), { registeredVoters: 800 }),
      ...fields,
    };
    const answer = await post(body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect(answer.body.errors.map((e: { code: string }) => e.code)).toContain(code);
    expect((await call('GET', `${reports}/${body.submissionId}`)).status).toBe(404);
  });

  it('refuses a turnout report outside polling day in the election’s time zone', async () => {
    const base = { type: 'turnout', pollingAreaId: '01-001-01', registeredVoters: 1000, votersVoted: 10 };
    const early = await post({ ...base, submissionId: randomUUID(), asOf: '2026-03-14T23:59:00+07:00' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].code).toBe('TURNOUT_OUTSIDE_POLLING_DAY');
    // 17:30 UTC on the 14th is 00:30 on polling day in Việt Nam.
    expect((await post({ ...base, submissionId: randomUUID(), asOf: '2026-03-14T17:30:00Z' })).status).toBe(
      201,
    );
  });

  it('answers warnings with the 201: a falling turnout, a high invalid share, identical minutes, a swinging correction', async () => {
    const electionId4 = uniqueId('warnings');
    expect(
      (await call('PUT', `/v1/elections/${electionId4}`, { body: smallElection(electionId4) })).status,
    ).toBe(201);
    const path = `/v1/elections/${electionId4}/reports`;
    const reading = (time: string, voted: number) => turnout('01-001-01', time, 1000, voted);
    expect((await call('POST', path, { body: reading('11:00:00', 600) })).body.warnings).toEqual([]);
    const fell = await call('POST', path, { body: reading('13:00:00', 550) });
    expect(fell.body.warnings.map((w: { code: string }) => w.code)).toEqual(['TURNOUT_DECREASED']);

    // A list both areas can hold (01-001-01 lists 1,000, 01-001-02 800), so that the twin can be identical.
    const spoiled = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100), {
      registeredVoters: 850,
      invalidBallots: 200,
      ballotsReceived: 700,
      ballotsIssued: 700,
      votersVoted: 700,
    });
    const spoiledAnswer = await call('POST', path, { body: spoiled });
    expect(spoiledAnswer.status, JSON.stringify(spoiledAnswer.body)).toBe(201);
    expect(spoiledAnswer.body.warnings.map((w: { code: string }) => w.code)).toContain('INVALID_SHARE_HIGH');

    const twin = {
      ...spoiled,
      submissionId: randomUUID(),
      pollingAreaId: '01-001-02',
    };
    const twinAnswer = await call('POST', path, { body: twin });
    expect(twinAnswer.body.warnings.map((w: { code: string }) => w.code)).toContain('IDENTICAL_TALLY');

    const swing = {
      ...spoiled,
      submissionId: randomUUID(),
      version: 2,
      correctionReason: 'Kiểm lại',
      candidateVotes: naVotes(100, 300, 200, 400),
    };
    const swingAnswer = await call('POST', path, { body: swing });
    expect(swingAnswer.status, JSON.stringify(swingAnswer.body)).toBe(201);
    expect(swingAnswer.body.warnings.map((w: { code: string }) => w.code)).toContain('CORRECTION_SWING');
    const stored = await call('GET', `${path}/${swing.submissionId}`);
    expect(stored.body.warnings).toEqual(swingAnswer.body.warnings);
  });
});
