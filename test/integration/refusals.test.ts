import { beforeAll, describe, expect, it } from 'vitest';
import { call, naVotes, smallElection, tally, uniqueId } from './client.ts';

describe('refusals: clear errors, nothing stored', () => {
  const electionId = uniqueId('refusals');
  const reports = `/v1/elections/${electionId}/reports`;

  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('answers 401 without a token (the gateway) and with an unknown token (a problem document)', async () => {
    expect(
      (await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, { token: null })).status,
    ).toBe(401);
    const unknown = await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`, {
      token: 'vnel_notatoken',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.body.errors[0].code).toBe('UNAUTHENTICATED');
  });

  it('answers 400 with every schema problem and its JSON Pointer', async () => {
    const bad = await call('POST', reports, {
      body: {
        ...tally('01-001-01', 'NA-01-01', naVotes(5, 4, 3, 2)),
        validBallots: -1,
        invalidBallots: 1.5,
        extra: true,
      },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['/extra', '/invalidBallots', '/validBallots']);
  });

  it('answers 415 to a body that is not JSON by content type, 400 to one that does not parse', async () => {
    const wrongType = await call('POST', reports, {
      rawBody: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const broken = await call('POST', reports, {
      rawBody: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].code).toBe('INVALID_JSON');
  });

  it('answers 413 to a body over 256 KiB', async () => {
    const big = await call('POST', reports, {
      rawBody: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
  });

  it('answers 404 for an unknown election and 422 for an unknown polling area', async () => {
    const noElection = await call('POST', `/v1/elections/${uniqueId('nope')}/reports`, {
      body: tally('01-001-01', 'NA-01-01', naVotes(5, 4, 3, 2)),
    });
    expect(noElection.status).toBe(404);
    const noArea = await call('POST', reports, { body: tally('99-999-99', 'NA-01-01', naVotes(5, 4, 3, 2)) });
    expect(noArea.status).toBe(422);
    expect(noArea.body.errors.map((e: { code: string }) => e.code)).toEqual(['UNKNOWN_POLLING_AREA']);
  });

  it('answers 409 VERSION_CONFLICT with the current version to a version that is not the next', async () => {
    const skip = await call('POST', reports, {
      body: tally('01-001-01', 'NA-01-01', naVotes(5, 4, 3, 2), { version: 2, correctionReason: 'Đếm lại' }),
    });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ currentVersion: 0, errors: [{ code: 'VERSION_CONFLICT' }] });
    const result = await call('GET', `/v1/elections/${electionId}/results/contests/NA-01-01`);
    expect(result.body.pollingAreas.reporting).toBe(0);
  });

  it('answers 404 from the gateway for a route the API does not have', async () => {
    expect((await call('GET', '/v1/nothing-here')).status).toBe(404);
  });
});
