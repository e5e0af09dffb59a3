import { describe, expect, it } from 'vitest';
import { call, naVotes, smallElection, tally, uniqueId } from './client.ts';

describe('election definitions', () => {
  it('lists every inconsistency of a definition with 422, and stores nothing', async () => {
    const id = uniqueId('bad');
    const def = smallElection(id);
    const broken = {
      ...def,
      contests: [
        { ...def.contests[0], seats: 4 },
        { ...def.contests[1], candidates: def.contests[1]?.candidates.slice(0, 1) },
        def.contests[0],
      ],
      pollingAreas: [
        ...def.pollingAreas,
        { ...def.pollingAreas[0], id: 'x', contestIds: ['NA-01-01', 'NA-01-01'] },
      ],
    };
    const answer = await call('PUT', `/v1/elections/${id}`, { body: broken });
    expect(answer.status).toBe(422);
    const codes = answer.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'SEATS_ABOVE_LEGAL_MAXIMUM',
        'TOO_FEW_CANDIDATES',
        'DUPLICATE_ID',
        'CONTESTS_PER_BODY',
      ]),
    );
    expect((await call('GET', `/v1/elections/${id}`)).status).toBe(404);
  });

  it('returns the definition, replaces it before any report, then locks it', async () => {
    const id = uniqueId('lock');
    const def = smallElection(id);
    expect((await call('PUT', `/v1/elections/${id}`, { body: def })).status).toBe(201);
    expect((await call('GET', `/v1/elections/${id}`)).body).toEqual(def);

    const fewer = { ...def, pollingAreas: def.pollingAreas.filter((p) => p.id !== '01-001-02') };
    const replaced = await call('PUT', `/v1/elections/${id}`, { body: fewer });
    expect(replaced.status).toBe(200);
    expect(replaced.body.status).toBe('REPLACED');
    // The polling area that left the definition takes no report any more.
    const gone = await call('POST', `/v1/elections/${id}/reports`, {
      body: tally('01-001-02', 'NA-01-01', naVotes(300, 200, 100, 50), { registeredVoters: 800 }),
    });
    expect(gone.status).toBe(422);

    expect(
      (
        await call('POST', `/v1/elections/${id}/reports`, {
          body: tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
        })
      ).status,
    ).toBe(201);
    const locked = await call('PUT', `/v1/elections/${id}`, { body: def });
    expect(locked.status).toBe(409);
    expect(locked.body.errors[0].code).toBe('ELECTION_LOCKED');
    expect((await call('PUT', `/v1/elections/${id}`, { body: fewer })).status).toBe(200);
  });

  it('refuses a body whose id is not the path’s', async () => {
    const answer = await call('PUT', `/v1/elections/${uniqueId('other')}`, {
      body: smallElection('not-this-one'),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0]).toMatchObject({ code: 'ELECTION_ID_MISMATCH', path: '/id' });
  });

  it('publishes an OpenAPI document of every route, with the schemas the handlers validate with', async () => {
    const doc = await call('GET', '/v1/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/elections/{electionId}/reports',
        '/v1/credentials/{credentialId}',
        '/v1/health',
      ]),
    );
    const report =
      doc.body.paths['/v1/elections/{electionId}/reports'].post.requestBody.content['application/json']
        .schema;
    expect(JSON.stringify(report)).toContain('candidateVotes');
    expect(
      report.anyOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const).sort(),
    ).toEqual(['incident', 'tally', 'turnout', 'unitResult']);
  });
});
