import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, readWholeInbox, smallElection, tally, uniqueId } from './client.ts';

describe('the first slice: a tally stored, counted, readable and published', () => {
  const electionId = uniqueId('slice');
  const election = smallElection(electionId);

  beforeAll(async () => {
    const put = await call('PUT', `/v1/elections/${electionId}`, { body: election });
    expect(put.status).toBe(201);
  });

  it('answers health without a token', async () => {
    const health = await call('GET', '/v1/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers 200 to the identical definition again', async () => {
    const again = await call('PUT', `/v1/elections/${electionId}`, { body: election });
    expect(again.status).toBe(200);
  });

  it('counts a tally into the contest result and publishes its completion to the council and its region only', async () => {
    const first = await call('POST', `/v1/elections/${electionId}/reports`, {
      body: tally('01-001-01', 'NA-01-01', {
        'NA-01-01-1': 700,
        'NA-01-01-2': 650,
        'NA-01-01-3': 300,
        'NA-01-01-4': 100,
      }),
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'ACCEPTED', warnings: [] });

    const partial = await eventually(
      () => call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`),
      (a) => a.body?.pollingAreas?.reporting === 1,
    );
    expect(partial.body).toMatchObject({
      status: 'PARTIAL',
      validBallots: 875,
      outcome: { state: 'PENDING', electedCandidateIds: [] },
    });
    expect(partial.body.candidates[0]).toMatchObject({
      candidateId: 'NA-01-01-1',
      votes: 700,
      percentOfValid: 80,
      rank: 1,
      name: 'Nguyễn Văn An',
    });

    const second = await call('POST', `/v1/elections/${electionId}/reports`, {
      body: tally(
        '01-001-02',
        'NA-01-01',
        { 'NA-01-01-1': 500, 'NA-01-01-2': 100, 'NA-01-01-3': 450, 'NA-01-01-4': 20 },
        { registeredVoters: 800 },
      ),
    });
    expect(second.status).toBe(201);

    const complete = await eventually(
      () => call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`),
      (a) => a.body?.status === 'COMPLETE',
    );
    // 1410 valid ballots: candidates 2 and 3 tie at 750 for the last seat; the older (born 1971) wins.
    expect(complete.body).toMatchObject({
      pollingAreas: { reporting: 2, expected: 2 },
      validBallots: 1410,
      outcome: { state: 'ELECTED', electedCandidateIds: ['NA-01-01-1', 'NA-01-01-3'], unfilledSeats: 0 },
    });
    expect(complete.body.candidates.map((c: { candidateId: string }) => c.candidateId)).toEqual([
      'NA-01-01-1',
      'NA-01-01-3',
      'NA-01-01-2',
      'NA-01-01-4',
    ]);

    const council = await eventually(
      () => readWholeInbox(electionId, 'COUNCIL'),
      (events) => events.length > 0,
    );
    expect(council).toHaveLength(1);
    expect(council[0]).toMatchObject({
      type: 'CONTEST_COMPLETE',
      scope: { regionId: 'R2', provinceId: '01', contestId: 'NA-01-01' },
      audiences: ['COUNCIL', 'REGION:R2', 'PROVINCE:01'],
    });
    expect(council[0].summary).toContain('Hà Nội');
    const region = await eventually(
      () => readWholeInbox(electionId, 'REGION:R2'),
      (events) => events.some((e) => e.type === 'PROVINCE_COMPLETE'),
    );
    // Hà Nội has no other contest: the region also hears that the province is complete.
    expect(region.map((e) => e.type)).toEqual(['CONTEST_COMPLETE', 'PROVINCE_COMPLETE']);
    expect(region[0].eventId).toBe(council[0].eventId);
    for (const other of ['R1', 'R3', 'R4', 'R5', 'R6']) {
      expect(await readWholeInbox(electionId, `REGION:${other}`)).toEqual([]);
    }
  });

  it('sends a provincial-council completion to its region but not to the council', async () => {
    const posted = await call('POST', `/v1/elections/${electionId}/reports`, {
      body: tally(
        '79-001-01',
        'PC-79-01',
        { 'PC-79-01-1': 900, 'PC-79-01-2': 200 },
        { registeredVoters: 1200 },
        1,
      ),
    });
    expect(posted.status).toBe(201);
    const mine = (bodies: any[]) => bodies.filter((b) => b.scope.contestId === 'PC-79-01');
    const region = await eventually(
      () => readWholeInbox(electionId, 'REGION:R5').then(mine),
      (events) => events.length > 0,
    );
    expect(region[0]).toMatchObject({ type: 'CONTEST_COMPLETE', audiences: ['REGION:R5', 'PROVINCE:79'] });
    expect(mine(await readWholeInbox(electionId, 'COUNCIL'))).toEqual([]);
  });

  it('asks region R5 for a re-vote when turnout is not above half the list', async () => {
    const revoteId = uniqueId('revote');
    expect((await call('PUT', `/v1/elections/${revoteId}`, { body: smallElection(revoteId) })).status).toBe(
      201,
    );
    const posted = await call('POST', `/v1/elections/${revoteId}/reports`, {
      body: tally(
        '79-001-01',
        'PC-79-01',
        { 'PC-79-01-1': 400, 'PC-79-01-2': 100 },
        { registeredVoters: 1200 },
        1,
      ),
    });
    expect(posted.status).toBe(201);
    const events = await eventually(
      () => readWholeInbox(revoteId, 'REGION:R5').then((all) => all.filter((e) => e.scope.contestId)),
      (found) => found.length >= 2,
    );
    expect(events.map((e) => e.type).sort()).toEqual(['CONTEST_COMPLETE', 'REVOTE_REQUIRED']);
    expect(events.find((e) => e.type === 'REVOTE_REQUIRED')?.data.outcome.state).toBe('REVOTE_REQUIRED');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.status).toBe(304);
  });
});
