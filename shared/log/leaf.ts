import { canonicalJson } from '../model/canonical.ts';
import { REPORT_SCHEMAS, type ReportType } from '../model/report.ts';
import type { ElectionMode } from '../model/vocabulary.ts';

/**
 * What the log records, one leaf each: a report version as it was stored, a credential issued or
 * revoked, a definition loaded. The leaf's bytes are the canonical JSON of the record (keys sorted,
 * no insignificant whitespace, UTF-8), so that anyone holding the record gets the same bytes.
 */
export type LeafRecord =
  | {
      readonly kind: 'REPORT';
      readonly electionId: string;
      readonly mode: ElectionMode;
      readonly submissionId: string;
      /** The report as sent: the fields of its type's schema. */
      readonly report: Readonly<Record<string, unknown>>;
      readonly submittedBy: string;
      readonly receivedAt: string;
    }
  | {
      readonly kind: 'CREDENTIAL_ISSUED' | 'CREDENTIAL_REVOKED';
      readonly electionId: string;
      readonly mode: ElectionMode;
      readonly credentialId: string;
      readonly role: string;
      readonly scope: Readonly<Record<string, unknown>>;
      readonly at: string;
    }
  | {
      readonly kind: 'DEFINITION_LOADED';
      readonly electionId: string;
      readonly mode: ElectionMode;
      readonly definitionHash: string;
      readonly at: string;
    };

export function leafBytes(record: LeafRecord): Buffer {
  return Buffer.from(canonicalJson(record), 'utf8');
}

/** A stored report's leaf, from the report item as stored (or as it is about to be). */
export function reportLeaf(
  electionId: string,
  mode: ElectionMode,
  stored: { readonly type: ReportType; readonly submittedBy: string; readonly receivedAt: string } & Readonly<
    Record<string, unknown>
  >,
): { identity: string; record: LeafRecord } {
  const fields = Object.keys(REPORT_SCHEMAS[stored.type].shape);
  const report = Object.fromEntries(fields.filter((f) => stored[f] !== undefined).map((f) => [f, stored[f]]));
  const submissionId = String(stored.submissionId);
  return {
    identity: `REPORT#${submissionId}`,
    record: {
      kind: 'REPORT',
      electionId,
      mode,
      submissionId,
      report,
      submittedBy: stored.submittedBy,
      receivedAt: stored.receivedAt,
    },
  };
}

/** A definition's leaf: one per definition ever loaded for the election. */
export function definitionLeaf(
  electionId: string,
  mode: ElectionMode,
  definitionHash: string,
  at: string,
): { identity: string; record: LeafRecord } {
  return {
    identity: `DEFINITION#${definitionHash}`,
    record: { kind: 'DEFINITION_LOADED', electionId, mode, definitionHash, at },
  };
}

/** A credential's leaf in one election's log: issued, or revoked, with what it may do. */
export function credentialLeaf(
  electionId: string,
  mode: ElectionMode,
  change: 'CREDENTIAL_ISSUED' | 'CREDENTIAL_REVOKED',
  credential: { credentialId: string; role: string; scope: Readonly<Record<string, unknown>>; at: string },
): { identity: string; record: LeafRecord } {
  return {
    identity: `${change}#${credential.credentialId}`,
    record: {
      kind: change,
      electionId,
      mode,
      credentialId: credential.credentialId,
      role: credential.role,
      scope: credential.scope,
      at: credential.at,
    },
  };
}
