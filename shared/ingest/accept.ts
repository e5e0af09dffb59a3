import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  claimAndStore,
  claimSubmission,
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
  readonly beforeFirstWrite: () => Promise<readonly Warning[]>;
  /** The report item, given the receivedAt and sender of the first accepted copy. */
  readonly item: (
    receivedAt: string,
    submittedBy: string,
    warnings: readonly Warning[],
  ) => Record<string, unknown> & { pk: string; sk: string };
  /** Explains why an item already holding the report's key is not this report. */
  readonly conflict: (existing: Record<string, unknown>) => HttpProblem;
}

export interface Accepted {
  readonly status: 201 | 200;
  readonly body: {
    submissionId: string;
    status: 'ACCEPTED';
    receivedAt: string;
    warnings: readonly Warning[];
  };
}

/**
 * Crashes injected by configuration (local cloud tests only), each at a step where a real crash
 * could stop a request, to prove that a retry is still answered truthfully.
 */
export interface IngestFaults {
  /** Stops once the report is stored by this request, before anyone is told. */
  readonly crashAfterWrite?: () => never;
  /** Stores the claim alone and stops: what the two-step write of earlier releases could leave. */
  readonly crashAfterClaimOnly?: () => never;
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
  faults: IngestFaults = {},
): Promise<Accepted> {
  const { electionId, submissionId, contentHash } = ready.record;
  let warnings: readonly Warning[];
  try {
    warnings = await ready.beforeFirstWrite();
  } catch (error) {
    // A replay of a stored tally fails the version check against itself: answer it as a replay.
    const claim =
      error instanceof HttpProblem && error.status === 409
        ? await readSubmission(db, tableName, electionId, submissionId)
        : undefined;
    if (!claim) throw error;
    if (claim.contentHash !== contentHash) throw reused(submissionId);
    return complete(claim);
  }
  const receivedAt = now();
  const item = ready.item(receivedAt, ready.record.submittedBy, warnings);
  const record: SubmissionRecord = {
    ...ready.record,
    receivedAt,
    warnings,
    target: { pk: item.pk, sk: item.sk },
  };
  if (faults.crashAfterClaimOnly && (await claimSubmission(db, tableName, record)).claimed)
    faults.crashAfterClaimOnly();
  const written = await claimAndStore(db, tableName, record, item);
  switch (written.outcome) {
    case 'STORED':
      faults.crashAfterWrite?.();
      return answer(record, 201);
    case 'CLAIMED':
      if (written.existing.contentHash !== contentHash) throw reused(submissionId);
      return complete(written.existing);
    case 'TAKEN':
      throw ready.conflict(written.existing);
  }

  /**
   * The id is claimed for this content: a replay if its report is stored; if not (a claim left
   * without its report), the report is written now and this is its first acknowledgement.
   */
  async function complete(claim: SubmissionRecord): Promise<Accepted> {
    const found = await readItem(db, tableName, claim.target);
    if (found?.submissionId === submissionId) return answer(claim, 200);
    const stored = found
      ? { stored: false as const, existing: found }
      : await putOnce(db, tableName, ready.item(claim.receivedAt, claim.submittedBy, claim.warnings));
    if (stored.stored) return answer(claim, 201);
    // A concurrent retry of the same claim completed it first: it gave the 201.
    if (stored.existing.submissionId === submissionId) return answer(claim, 200);
    // The version was taken by another report meanwhile: this claim can never be completed.
    await releaseSubmission(db, tableName, { electionId, submissionId, contentHash });
    throw ready.conflict(stored.existing);
  }

  function answer(claim: SubmissionRecord, status: 201 | 200): Accepted {
    return {
      status,
      body: { submissionId, status: 'ACCEPTED', receivedAt: claim.receivedAt, warnings: claim.warnings },
    };
  }
}

function reused(submissionId: string): HttpProblem {
  return new HttpProblem(409, `submissionId "${submissionId}" was already used for a different report.`, [
    {
      code: 'SUBMISSION_ID_REUSED',
      path: '/submissionId',
      message: 'Send a new submissionId for different content.',
    },
  ]);
}
