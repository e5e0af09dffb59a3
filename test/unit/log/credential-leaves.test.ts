import { describe, expect, it } from 'vitest';
import { leavesOfCredentialChange } from '../../../shared/transparency/leaves-of-changes.ts';

const item = {
  pk: 'CRED#cred-1',
  sk: '#CRED',
  kind: 'CREDENTIAL_ID',
  tokenHash: 'secret-hash',
  credentialId: 'cred-1',
  role: 'REPORTER',
  scope: { pollingAreaIds: ['01-001-01'] },
  mode: 'LIVE',
  label: 'KV 1',
  createdAt: '2026-03-10T08:00:00.000Z',
  expiresAt: '2026-03-20T08:00:00.000Z',
};
const elections = async (mode: string) => (mode === 'LIVE' ? ['vn-2026', 'vn-2026-b'] : ['drill']);

describe('credential leaves', () => {
  it('records an issued credential in every election of its mode, with what it may do and never its token', async () => {
    const leaves = await leavesOfCredentialChange(item, elections);
    expect(leaves.map((l) => l.electionId)).toEqual(['vn-2026', 'vn-2026-b']);
    const record = JSON.parse(leaves[0]?.leaf.toString() ?? '{}');
    expect(record).toEqual({
      kind: 'CREDENTIAL_ISSUED',
      electionId: 'vn-2026',
      mode: 'LIVE',
      credentialId: 'cred-1',
      role: 'REPORTER',
      scope: { pollingAreaIds: ['01-001-01'] },
      at: '2026-03-10T08:00:00.000Z',
    });
    expect(leaves[0]?.identity).toBe('CREDENTIAL_ISSUED#cred-1');
  });

  it('records a revocation as its own leaf, and ignores the item keyed by the token', async () => {
    const revoked = await leavesOfCredentialChange(
      { ...item, mode: 'TEST', revokedAt: '2026-03-15T10:00:00.000Z' },
      elections,
    );
    expect(revoked.map((l) => [l.electionId, l.identity])).toEqual([['drill', 'CREDENTIAL_REVOKED#cred-1']]);
    expect(await leavesOfCredentialChange({ ...item, kind: 'CREDENTIAL' }, elections)).toEqual([]);
  });
});
