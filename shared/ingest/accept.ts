import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  claimSubmission,
  putOnce,
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
 * Stores a report exactly once, however often and however concurrently it is sent: the checks
 * that need stored state run first, then the submissionId is claimed with its content hash, then
 * the report item is written conditionally.
 * A replay answers the first answer; other content under the same id is refused; a refused
 * report gives its claim back, so a 4xx leaves nothing stored.
 */
export async function acceptOnce(
  db: DynamoDBDocumentClient,
  tableName: string,
  ready: ReadyReport,
  now: () => string,
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
    return store(claim, false);
  }
  const receivedAt = now();
  const item = ready.item(receivedAt, ready.record.submittedBy, warnings);
  const record: SubmissionRecord = {
    ...ready.record,
    receivedAt,
    warnings,
    target: { pk: item.pk, sk: item.sk },
  };
  const claimed = await claimSubmission(db, tableName, record);
  if (claimed.claimed) return store(record, true);
  if (claimed.existing.contentHash !== contentHash) throw reused(submissionId);
  return store(claimed.existing, false);

  /** Writes the report item of a claim (again, harmlessly, on a replay whose first attempt died). */
  async function store(claim: SubmissionRecord, claimedHere: boolean): Promise<Accepted> {
    const stored = await putOnce(
      db,
      tableName,
      ready.item(claim.receivedAt, claim.submittedBy, claim.warnings),
    );
    const body = {
      submissionId,
      status: 'ACCEPTED' as const,
      receivedAt: claim.receivedAt,
      warnings: claim.warnings,
    };
    // Whoever claimed the id answers 201, even if a concurrent copy wrote the item first.
    if (stored.stored || stored.existing.submissionId === submissionId)
      return { status: claimedHere ? 201 : 200, body };
    await releaseSubmission(db, tableName, { electionId, submissionId, contentHash });
    throw ready.conflict(stored.existing);
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
