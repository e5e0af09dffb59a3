import { describe, expect, it } from 'vitest';
import { call, credential } from './client.ts';

describe('GET /v1/me', () => {
  it.each([
    ['COUNCIL', {}],
    ['OBSERVER', {}],
    ['PROVINCIAL_COMMITTEE', { provinceId: '01' }],
    ['REGIONAL_CONFERENCE', { regionId: 'R2' }],
    ['REPORTER', { pollingAreaIds: ['01-001-01', '01-001-02'] }],
  ] as const)('tells a %s its role, mode, scope and expiry, and nothing more', async (role, scope) => {
    const issued = await credential(role, scope);
    const expiresAt = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    const withExpiry = await call('POST', '/v1/credentials', {
      body: { role, scope, label: `me ${role}`, expiresAt },
    });
    expect(withExpiry.status).toBe(201);
    const issuedBody = withExpiry.body;
    for (const [token, credentialId] of [
      [issued.token, issued.credentialId],
      [issuedBody.token, issuedBody.credentialId],
    ]) {
      const me = await call('GET', '/v1/me', { token });
      expect(me.status).toBe(200);
      expect(Object.keys(me.body).sort()).toEqual(
        ['credentialId', 'role', 'mode', 'expiresAt', ...Object.keys(scope)].sort(),
      );
      expect(me.body).toMatchObject({ credentialId, role, mode: 'LIVE', ...scope });
      expect(me.headers.get('cache-control')).toBe('private, no-store');
    }
    const chosen = await call('GET', '/v1/me', { token: issuedBody.token });
    expect(Date.parse(chosen.body.expiresAt)).toBe(Date.parse(expiresAt));
  });

  it('tells the bootstrap ADMIN who it is, and a TEST credential that it is TEST', async () => {
    const admin = await call('GET', '/v1/me');
    expect(admin.status).toBe(200);
    expect(admin.body.role).toBe('ADMIN');
    expect(admin.body.mode).toBe('LIVE');
    expect(Date.parse(admin.body.expiresAt)).toBeGreaterThan(Date.now());
    const drill = await credential('OBSERVER', {}, 'TEST');
    const me = await call('GET', '/v1/me', { token: drill.token });
    expect(me.body).toMatchObject({ credentialId: drill.credentialId, role: 'OBSERVER', mode: 'TEST' });
  });

  it('answers 401 with a problem document without a token, with an unknown one and with a revoked one', async () => {
    const revoked = await credential('OBSERVER');
    expect((await call('DELETE', `/v1/credentials/${revoked.credentialId}`)).status).toBe(204);
    for (const token of [null, 'not-a-token', `${'x'.repeat(43)}`, revoked.token]) {
      const answer = await call('GET', '/v1/me', { token });
      expect(answer.status, String(token)).toBe(401);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body.errors[0].code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(answer.body)).not.toContain('credentialId');
    }
  });
});
