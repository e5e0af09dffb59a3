import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, credential, eventually, naVotes, smallElection, tally, turnout, uniqueId } from './client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('credentials and roles, as the contract’s table says', () => {
  const electionId = uniqueId('roles');
  const reports = `/v1/elections/${electionId}/reports`;
  const hanoiTally = () => tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
  const tokens: string[] = [];

  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('issues a token of at least 128 random bits, shown once, and refuses a scope the role does not take', async () => {
    const issued = await call('POST', '/v1/credentials', { body: { role: 'OBSERVER', label: 'báo chí' } });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^vnel_[A-Za-z0-9_-]{43}$/);
    tokens.push(issued.body.token);
    const badScope = await call('POST', '/v1/credentials', {
      body: { role: 'REPORTER', scope: { provinceId: '01' }, label: 'x' },
    });
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/scope/pollingAreaIds',
      '/scope/provinceId',
    ]);
    const past = await call('POST', '/v1/credentials', {
      body: { role: 'OBSERVER', label: 'x', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
  });

  it('lets only ADMIN issue or revoke credentials', async () => {
    const { token, credentialId } = await credential('COUNCIL');
    tokens.push(token);
    expect(
      (await call('POST', '/v1/credentials', { token, body: { role: 'ADMIN', label: 'x' } })).status,
    ).toBe(403);
    expect((await call('DELETE', `/v1/credentials/${credentialId}`, { token })).status).toBe(403);
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { token, body: smallElection(electionId) })).status,
    ).toBe(403);
  });

  it('lets a REPORTER submit for its own polling areas only, and not read results', async () => {
    const { token } = await credential('REPORTER', { pollingAreaIds: ['01-001-01'] });
    tokens.push(token);
    expect((await call('POST', reports, { token, body: hanoiTally() })).status).toBe(201);
    const other = await call('POST', reports, {
      token,
      body: tally('01-001-02', 'NA-01-01', naVotes(300, 200, 100, 50), { registeredVoters: 800 }),
    });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].code).toBe('OUT_OF_SCOPE');
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token })).status,
    ).toBe(403);
  });

  it('lets a PROVINCIAL_COMMITTEE submit and read in its province only', async () => {
    const { token } = await credential('PROVINCIAL_COMMITTEE', { provinceId: '79' });
    tokens.push(token);
    const own = tally(
      '79-001-01',
      'PC-79-01',
      { 'PC-79-01-1': 700, 'PC-79-01-2': 300 },
      { registeredVoters: 1200 },
      1,
    );
    expect((await call('POST', reports, { token, body: own })).status).toBe(201);
    expect((await call('GET', `${reports}/${own.submissionId}`, { token })).status).toBe(200);
    const elsewhere = await call('POST', reports, {
      token,
      body: tally('01-001-02', 'NA-01-01', naVotes(300, 200, 100, 50), { registeredVoters: 800 }),
    });
    expect(elsewhere.status).toBe(403);
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/PC-79-01`, { token })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token })).status,
    ).toBe(403);
  });

  it('lets a REGIONAL_CONFERENCE read its region and nothing it may not, and never submit', async () => {
    const { token } = await credential('REGIONAL_CONFERENCE', { regionId: 'R2' });
    tokens.push(token);
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/PC-79-01`, { token })).status,
    ).toBe(403);
    expect((await call('POST', reports, { token, body: hanoiTally() })).status).toBe(403);
  });

  it('lets the COUNCIL file unit result minutes but not polling-area reports; OBSERVER reads only', async () => {
    const council = await credential('COUNCIL');
    const observer = await credential('OBSERVER');
    tokens.push(council.token, observer.token);
    const minutes = {
      type: 'unitResult',
      submissionId: uniqueId('minutes'),
      contestId: 'NA-01-01',
      registeredVoters: 1800,
      votersVoted: 1500,
      ballotsIssued: 1500,
      ballotsReceived: 1500,
      validBallots: 1490,
      invalidBallots: 10,
      candidateVotes: naVotes(1000, 900, 800, 200),
      electedCandidateIds: ['NA-01-01-1', 'NA-01-01-2'],
    };
    expect((await call('POST', reports, { token: council.token, body: minutes })).status).toBe(201);
    expect((await call('POST', reports, { token: council.token, body: hanoiTally() })).status).toBe(403);
    expect((await call('POST', reports, { token: observer.token, body: hanoiTally() })).status).toBe(403);
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/PC-79-01`, { token: observer.token }))
        .status,
    ).toBe(200);
  });

  it('keeps TEST credentials away from LIVE elections and LIVE credentials away from TEST ones', async () => {
    const test = await credential('ADMIN', {}, 'TEST');
    tokens.push(test.token);
    const refused = await call('POST', reports, { token: test.token, body: hanoiTally() });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe('MODE_MISMATCH');
    const drillId = uniqueId('drill');
    const drill = { ...smallElection(drillId), mode: 'TEST' as const };
    expect((await call('PUT', `/v1/elections/${drillId}`, { token: test.token, body: drill })).status).toBe(
      201,
    );
    const drillReport = await call('POST', `/v1/elections/${drillId}/reports`, {
      token: test.token,
      body: hanoiTally(),
    });
    expect(drillReport.status).toBe(201);
    expect(drillReport.body.mode).toBe('TEST');
    expect((await call('POST', `/v1/elections/${drillId}/reports`, { body: hanoiTally() })).status).toBe(403);
  });

  it('stops a revoked token within 60 s, even after the authorizer cached it', async () => {
    const { token, credentialId } = await credential('OBSERVER');
    tokens.push(token);
    const read = () => call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token });
    expect((await read()).status).toBe(200);
    expect((await call('DELETE', `/v1/credentials/${credentialId}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/credentials/${credentialId}`)).status).toBe(204);
    const started = Date.now();
    await eventually(read, (a) => a.status === 401, 60_000);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect((await call('DELETE', '/v1/credentials/cred-unknown')).status).toBe(404);
  }, 600_000);

  it('never writes a token to a log', async () => {
    expect((await call('POST', reports, { body: turnout('01-001-02', '09:00:00', 800, 100) })).status).toBe(
      201,
    );
    const logDir = path.join(ROOT, '.local', 'test', 'logs');
    const logs = readdirSync(logDir)
      .map((f) => readFileSync(path.join(logDir, f), 'utf8'))
      .join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('"routeKey"');
    for (const token of tokens) expect(logs).not.toContain(token.slice(5));
  });
});
