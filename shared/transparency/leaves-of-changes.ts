import { credentialLeaf, definitionLeaf, leafBytes, reportLeaf } from '../log/leaf.ts';
import type { COUNTED_REPORT_KINDS } from '../messaging/report-changes.ts';
import type { ReportType } from '../model/report.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import type { LeafMessage } from './sequence.ts';

const TYPE_OF_KIND: Record<(typeof COUNTED_REPORT_KINDS)[number], ReportType> = {
  TALLY: 'tally',
  TURNOUT: 'turnout',
  INCIDENT: 'incident',
  UNIT_RESULT: 'unitResult',
};

/**
 * The leaf an item of the reports table's stream calls for: a stored report version, or a
 * definition loaded (the election's item, on its creation and on each replacement). Undefined for
 * anything else. The mode of a report is its election's, looked up by the caller.
 */
export async function leafOfChange(
  item: Record<string, unknown>,
  modeOf: (electionId: string) => Promise<ElectionMode | undefined>,
): Promise<LeafMessage | undefined> {
  const { kind, electionId } = item;
  if (typeof electionId !== 'string') return undefined;
  if (kind === 'ELECTION') {
    const { mode, definitionHash, loadedAt } = item as {
      mode?: ElectionMode;
      definitionHash?: string;
      loadedAt?: string;
    };
    if (!mode || !definitionHash || !loadedAt) return undefined;
    const { identity, record } = definitionLeaf(electionId, mode, definitionHash, loadedAt);
    return { electionId, mode, identity, leaf: leafBytes(record) };
  }
  const type = TYPE_OF_KIND[kind as keyof typeof TYPE_OF_KIND];
  if (!type || typeof item.submittedBy !== 'string' || typeof item.receivedAt !== 'string') return undefined;
  const mode = await modeOf(electionId);
  if (!mode) return undefined;
  const { identity, record } = reportLeaf(electionId, mode, {
    ...item,
    type,
    submittedBy: item.submittedBy,
    receivedAt: item.receivedAt,
  });
  return { electionId, mode, identity, leaf: leafBytes(record) };
}

/**
 * The leaves a credential's change calls for, from the credentials table's stream (its item by id):
 * issued, or revoked, recorded in the log of every election of its mode that exists. What the
 * credential may do is recorded; its token's hash never is.
 */
export async function leavesOfCredentialChange(
  item: Record<string, unknown>,
  electionsOfMode: (mode: ElectionMode) => Promise<string[]>,
): Promise<LeafMessage[]> {
  const { kind, credentialId, role, scope, mode, createdAt, revokedAt } = item as {
    kind?: string;
    credentialId?: string;
    role?: string;
    scope?: Record<string, unknown>;
    mode?: ElectionMode;
    createdAt?: string;
    revokedAt?: string;
  };
  if (kind !== 'CREDENTIAL_ID' || !credentialId || !role || !mode || !createdAt) return [];
  const change = revokedAt ? 'CREDENTIAL_REVOKED' : 'CREDENTIAL_ISSUED';
  const at = revokedAt ?? createdAt;
  return (await electionsOfMode(mode)).map((electionId) => {
    const { identity, record } = credentialLeaf(electionId, mode, change, {
      credentialId,
      role,
      scope: scope ?? {},
      at,
    });
    return { electionId, mode, identity, leaf: leafBytes(record) };
  });
}
