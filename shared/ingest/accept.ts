import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import { err, ok, type Refusal, type Result, refusal } from '../model/result.ts';
import {
  claimAndStore,
  putOnce,
  readItem,
  readSubmission,
  releaseSubmission,
  type SubmissionRecord,
} from '../store/submissions.ts';

/** A report that passed every check, ready to be stored under its submissionId. */
export interface ReadyReport {
  readonly record: Omit<SubmissionRecord, 'receivedAt' | 'warnings' | 'target'>;
  /** Checks that need the stored state (the next version, warnings); skipped on a replay. */
  readonly beforeFirstWrite: () => Promise<FirstWriteCheck>;
  /** The report item, given the receivedAt and sender of the first accepted copy. */
  readonly item: (
    receivedAt: string,
    submittedBy: string,
    warnings: readonly Warning[],
  ) => Record<string, unknown> & { pk: string; sk: string };
  /** Explains why an item already holding the report's key is not this report. */
  readonly conflict: (existing: Record<string, unknown>) => Refusal;
}

/**
 * What the stored state says before anything is written: the report's key is free (with the
 * warnings it raises), it already holds a stored report (this one, replayed, or another), or the
 * report is refused.
 */
export type FirstWriteCheck =
  | { readonly kind: 'FREE'; readonly warnings: readonly Warning[] }
  | { readonly kind: 'TAKEN'; readonly existing: Record<string, unknown> }
  | { readonly kind: 'REFUSED'; readonly refusal: Refusal };

export interface Accepted {
  readonly status: 201 | 200;
  /** Who sent the copy that was stored first: the one the log records. */
  readonly submittedBy: string;
  readonly body: {
    submissionId: string;
    status: 'ACCEPTED';
    receivedAt: string;
    warnings: readonly Warning[];
  };
}

/**
 * Stores a report exactly once, however often and however concurrently it is sent: the checks
 * that need stored state run first, then the submissionId claim (with the content hash) and the
 * report item are written in one transaction, so an acknowledgement is only ever given for a
 * stored report. A replay answers the first answer; other content under the same id is refused;
 * a report whose version is taken leaves nothing stored. A claim without its report (left by a
 * crash of an earlier release) is completed by the retry that finds it, and answered 201.
 */
export async function acceptOnce(
  db: DynamoDBDocumentClient,
  tableName: string,
  ready: ReadyReport,
  now: () => string,
): Promise<Result<Accepted>> {
  const { electionId, submissionId, contentHash } = ready.record;
  const checked = await ready.beforeFirstWrite();
  if (checked.kind === 'REFUSED') return err(checked.refusal);
  if (checked.kind === 'TAKEN') {
    // Known from the stored item: this report replayed, or another that took its place.
    const claim = await readSubmission(db, tableName, electionId, submissionId);
    if (claim && claim.contentHash !== contentHash) return err(reused(submissionId));
    if (claim && checked.existing.submissionId === submissionId) return ok(answer(claim, 200));
    // A claim left without its report (a crash of an earlier release) can never be completed now.
    if (claim) await releaseSubmission(db, tableName, { electionId, submissionId, contentHash });
    return err(ready.conflict(checked.existing));
  }
  const warnings = checked.warnings;
  const receivedAt = now();
  const item = ready.item(receivedAt, ready.record.submittedBy, warnings);
  const record: SubmissionRecord = {
    ...ready.record,
    receivedAt,
    warnings,
    target: { pk: item.pk, sk: item.sk },
  };
  const written = await claimAndStore(db, tableName, record, item);
  switch (written.outcome) {
    case 'STORED':
      return ok(answer(record, 201));
    case 'CLAIMED':
      if (written.existing.contentHash !== contentHash) return err(reused(submissionId));
      return complete(written.existing);
    case 'TAKEN':
      return err(ready.conflict(written.existing));
  }

  /**
   * The id is claimed for this content: a replay if its report is stored; if not (a claim left
   * without its report), the report is written now and this is its first acknowledgement.
   */
  async function complete(claim: SubmissionRecord): Promise<Result<Accepted>> {
    const found = await readItem(db, tableName, claim.target);
    if (found?.submissionId === submissionId) return ok(answer(claim, 200));
    const stored = found
      ? { stored: false as const, existing: found }
      : await putOnce(db, tableName, ready.item(claim.receivedAt, claim.submittedBy, claim.warnings));
    if (stored.stored) return ok(answer(claim, 201));
    // A concurrent retry of the same claim completed it first: it gave the 201.
    if (stored.existing.submissionId === submissionId) return ok(answer(claim, 200));
    // The version was taken by another report meanwhile: this claim can never be completed.
    await releaseSubmission(db, tableName, { electionId, submissionId, contentHash });
    return err(ready.conflict(stored.existing));
  }

  function answer(claim: SubmissionRecord, status: 201 | 200): Accepted {
    return {
      status,
      submittedBy: claim.submittedBy,
      body: { submissionId, status: 'ACCEPTED', receivedAt: claim.receivedAt, warnings: claim.warnings },
    };
  }
}

function reused(submissionId: string): Refusal {
  return refusal('CONFLICT', `submissionId "${submissionId}" was already used for a different report.`, [
    {
      code: 'SUBMISSION_ID_REUSED',
      path: '/submissionId',
      message: 'Send a new submissionId for different content.',
    },
  ]);
}
