import { describe, expect, it } from 'vitest';
import { authorizationVerdict, policyFor } from '../../../shared/credentials/authorization.ts';
import type { Credential } from '../../../shared/credentials/store.ts';

const now = new Date('2026-03-15T10:00:00Z');
const credential = (overrides: Partial<Credential> = {}): Credential => ({
  credentialId: 'cred-1',
  role: 'REPORTER',
  scope: { pollingAreaIds: ['A1'] },
  mode: 'LIVE',
  label: 'l',
  createdAt: '2026-03-14T00:00:00Z',
  expiresAt: '2026-03-15T12:00:00Z',
  ...overrides,
});

describe('authorizationVerdict', () => {
  it('allows a live credential with its context flattened to strings', () => {
    expect(authorizationVerdict(credential(), now, 30)).toEqual({
      allow: true,
      context: {
        credentialId: 'cred-1',
        role: 'REPORTER',
        scope: '{"pollingAreaIds":["A1"]}',
        mode: 'LIVE',
        expiresAt: '2026-03-15T12:00:00Z',
      },
    });
  });

  it('refuses an unknown, a revoked and an expired credential', () => {
    expect(authorizationVerdict(undefined, now, 30)).toEqual({ allow: false, reason: 'UNKNOWN' });
    expect(authorizationVerdict(credential({ revokedAt: '2026-03-15T09:00:00Z' }), now, 30)).toMatchObject({
      reason: 'REVOKED',
    });
    expect(authorizationVerdict(credential({ expiresAt: '2026-03-15T10:00:00Z' }), now, 30)).toMatchObject({
      reason: 'EXPIRED',
    });
  });

  it('refuses a credential that would expire while its allow is cached, so no cached allow outlives it', () => {
    const soon = credential({ expiresAt: '2026-03-15T10:00:30Z' });
    expect(authorizationVerdict(soon, now, 30)).toMatchObject({
      allow: false,
      reason: 'EXPIRES_WITHIN_CACHE',
    });
    expect(authorizationVerdict(soon, now, 29)).toMatchObject({ allow: true });
    expect(authorizationVerdict(soon, now, 0)).toMatchObject({ allow: true });
  });
});

describe('policyFor', () => {
  it('covers every method of the stage, so that a cached policy fits the next route too', () => {
    const policy = policyFor(
      'arn:aws:execute-api:ap-southeast-1:123456789012:abc123/prod/GET/v1/elections/x',
      'Deny',
    );
    expect(policy.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:ap-southeast-1:123456789012:abc123/prod/*/*',
      },
    ]);
  });
});
