import { beforeAll, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../shared/model/election.ts';
import {
  call,
  credential,
  eventually,
  hcmcUnitResult,
  readWholeInbox,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

/** The small election with province 79's only polling area holding the contract's 1,850 voters. */
function electionOf1850(id: string, extra: Partial<ElectionDefinition> = {}): ElectionDefinition {
  const def = smallElection(id);
  return {
    ...def,
    pollingAreas: def.pollingAreas.map((p) => (p.id === '79-001-01' ? { ...p, registeredVoters: 1850 } : p)),
    ...extra,
  };
}

const votes = (a: number, b: number) => ({ 'PC-79-01-1': a, 'PC-79-01-2': b });
const codes = (answer: { body: any }) => (answer.body?.errors ?? []).map((e: { code: string }) => e.code);

describe('figures the polling area’s list cannot hold are refused; differences within it are warned', () => {
  const electionId = uniqueId('bounds');
  const reports = `/v1/elections/${electionId}/reports`;
  let reporter: string;

  beforeAll(async () => {
    const loaded = await call('PUT', `/v1/elections/${electionId}`, { body: electionOf1850(electionId) });
    expect(loaded.status).toBe(201);
    reporter = (await credential('REPORTER', { pollingAreaIds: ['79-001-01'] })).token;
  });

  it('refuses a tally claiming trillions of voters for an area of 1,850, stores nothing, counts nothing', async () => {
    const claimed = tally(
      '79-001-01',
      'PC-79-01',
      votes(8_999_999_999_990, 0),
      { registeredVoters: 9_000_000_000_000, votersVoted: 8_999_999_999_990 },
      1,
    );
    const refused = await call('POST', reports, { token: reporter, body: claimed });
    expect([400, 422]).toContain(refused.status);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('GET', `${reports}/${claimed.submissionId}`)).status).toBe(404);

    // Within what the schema takes, but far above what the list can hold: 422 with its own code.
    const inflated = tally(
      '79-001-01',
      'PC-79-01',
      votes(3000, 1000),
      { registeredVoters: 5000, votersVoted: 4010, ballotsIssued: 4010, ballotsReceived: 4010 },
      1,
    );
    const bounded = await call('POST', reports, { token: reporter, body: inflated });
    expect(bounded.status).toBe(422);
    expect(new Set(codes(bounded))).toEqual(new Set(['ABOVE_LIST_BOUND']));
    expect(bounded.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        '/registeredVoters',
        '/votersVoted',
        '/ballotsIssued',
        '/candidateVotes/PC-79-01-1',
      ]),
    );
    expect((await call('GET', `${reports}/${inflated.submissionId}`)).status).toBe(404);

    // Ballots issued are tied to the list by nothing but the bound.
    const issued = tally('79-001-01', 'PC-79-01', votes(1000, 800), { registeredVoters: 1850 }, 1);
    const issuedAnswer = await call('POST', reports, {
      token: reporter,
      body: { ...issued, ballotsIssued: 50_000_000 },
    });
    expect(issuedAnswer.status).toBe(422);
    expect(issuedAnswer.body.errors).toEqual([
      expect.objectContaining({ code: 'ABOVE_LIST_BOUND', path: '/ballotsIssued' }),
    ]);

    const contest = await call('GET', `/v1/elections/${electionId}/results/contests/PC-79-01`);
    expect(contest.status).toBe(200);
    expect(contest.body.status).not.toBe('COMPLETE');
  });

  it('accepts a list within the on-day allowance with a warning, raised as ANOMALY_DETECTED', async () => {
    const within = tally('79-001-01', 'PC-79-01', votes(1000, 800), { registeredVoters: 1900 }, 1);
    const accepted = await call('POST', reports, { token: reporter, body: within });
    expect(accepted.status).toBe(201);
    expect(accepted.body.warnings).toEqual([
      expect.objectContaining({ code: 'REGISTERED_DIFFERS_FROM_LIST', path: '/registeredVoters' }),
    ]);
    const counted = await eventually(
      () => call('GET', `/v1/elections/${electionId}/results/contests/PC-79-01`),
      (a) => a.body?.status === 'COMPLETE',
      60_000,
    );
    // Only the lawful minutes were counted: none of the refused figures reached the result.
    expect(counted.body).toMatchObject({ registeredVoters: 1900, validBallots: 1800 });
    const events = await eventually(
      () => readWholeInbox(electionId, 'PROVINCE:79'),
      (items) =>
        items.some((e) => e.type === 'ANOMALY_DETECTED' && e.data?.submissionId === within.submissionId),
      60_000,
    );
    const anomaly = events.find(
      (e) => e.type === 'ANOMALY_DETECTED' && e.data?.submissionId === within.submissionId,
    );
    expect(anomaly.data.code).toBe('REGISTERED_DIFFERS_FROM_LIST');
    expect(anomaly.summary).toContain('danh sách cử tri');
  });

  it('refuses a turnout report above the bound, and warns of one within it', async () => {
    const above = await call('POST', reports, {
      token: reporter,
      body: turnout('79-001-01', '10:00:00', 1850, 2036),
    });
    expect(above.status).toBe(422);
    expect(codes(above)).toContain('ABOVE_LIST_BOUND');
    const listAbove = await call('POST', reports, {
      token: reporter,
      body: turnout('79-001-01', '10:00:00', 2_000_000, 1000),
    });
    expect(listAbove.status).toBe(422);
    expect(codes(listAbove)).toEqual(['ABOVE_LIST_BOUND']);
    const within = await call('POST', reports, {
      token: reporter,
      body: turnout('79-001-01', '10:00:00', 1870, 900),
    });
    expect(within.status).toBe(201);
    expect(within.body.warnings.map((w: { code: string }) => w.code)).toEqual([
      'REGISTERED_DIFFERS_FROM_LIST',
    ]);
    const exact = await call('POST', reports, {
      token: reporter,
      body: turnout('79-001-01', '11:00:00', 1850, 1000),
    });
    expect(exact.status).toBe(201);
    expect(exact.body.warnings).toEqual([]);
  });

  it('bounds a board’s unit result by the lists of the unit’s polling areas', async () => {
    const minutes = {
      ...hcmcUnitResult(),
      registeredVoters: 9000,
      votersVoted: 8010,
      ballotsIssued: 8010,
      ballotsReceived: 8010,
      validBallots: 8000,
      invalidBallots: 10,
      candidateVotes: votes(7000, 1000),
    };
    const answer = await call('POST', reports, { body: minutes });
    expect(answer.status).toBe(422);
    expect(new Set(codes(answer))).toEqual(new Set(['ABOVE_LIST_BOUND']));
  });
});

describe('the allowance is the election’s own', () => {
  it('takes listAllowance from the definition, and refuses one out of range', async () => {
    const electionId = uniqueId('strict-list');
    const strict = electionOf1850(electionId, { listAllowance: { percent: 0, minimum: 0 } });
    expect((await call('PUT', `/v1/elections/${electionId}`, { body: strict })).status).toBe(201);
    const reports = `/v1/elections/${electionId}/reports`;
    const one = tally('79-001-01', 'PC-79-01', votes(1000, 800), { registeredVoters: 1851 }, 1);
    const answer = await call('POST', reports, { body: one });
    expect(answer.status).toBe(422);
    expect(codes(answer)).toEqual(['ABOVE_LIST_BOUND']);

    const wrong = uniqueId('wrong-allowance');
    const refused = await call('PUT', `/v1/elections/${wrong}`, {
      body: electionOf1850(wrong, { listAllowance: { percent: 500, minimum: 0 } }),
    });
    expect(refused.status).toBe(400);
  });
});

describe('no integer of the API exceeds what the country can hold', () => {
  it('refuses definitions with figures of another order', async () => {
    const electionId = uniqueId('huge');
    const def = smallElection(electionId);
    const huge = [
      { ...def, pollingAreas: def.pollingAreas.map((p) => ({ ...p, registeredVoters: 9_000_000_000_000 })) },
      { ...def, contests: def.contests.map((c) => ({ ...c, seats: 9_000_000_000_000 })) },
    ];
    for (const body of huge) {
      const answer = await call('PUT', `/v1/elections/${electionId}`, { body });
      expect(answer.status).toBe(400);
    }
    // Each list within the schema, together more voters than the country has.
    const crowded = {
      ...def,
      pollingAreas: def.pollingAreas.map((p) => ({ ...p, registeredVoters: 60_000_000 })),
    };
    const answer = await call('PUT', `/v1/elections/${electionId}`, { body: crowded });
    expect(answer.status).toBe(422);
    expect(codes(answer)).toContain('LIST_TOTAL_ABOVE_COUNTRY');
    expect((await call('GET', `/v1/elections/${electionId}`)).status).toBe(404);
  });

  it('refuses a query limit of another order', async () => {
    const electionId = uniqueId('limits');
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
    const answer = await call(
      'GET',
      `/v1/elections/${electionId}/notifications?audience=COUNCIL&limit=9000000000000`,
    );
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['INVALID_LIMIT']);
  });
});
