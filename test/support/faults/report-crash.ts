import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { documentClient } from '../../../shared/store/dynamo.ts';
import { readSubmission } from '../../../shared/store/submissions.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Where a report's first attempt is remembered: a crash ends the environment and its memory. */
const SEEN_DIR = process.env.FAULT_SEEN_DIR ?? path.join(process.cwd(), '.local', 'faults-seen');

/**
 * Crashes of POST …/reports, once per submissionId, at the steps where a real crash could stop a
 * request, to prove that a retry is still answered truthfully:
 * - crashwrite-… elections: the report is stored, then the environment dies before answering;
 * - claimonly-… elections: the report's item is taken away again after it was stored, leaving its
 *   submissionId claim alone, as the two-step write of an earlier release could, then it dies.
 */
export function wrap(handler: Handler): Handler {
  const db = documentClient();
  return async (event, context) => {
    const electionId = event.pathParameters?.electionId ?? '';
    const kind = electionId.startsWith('crashwrite-')
      ? 'AFTER_WRITE'
      : electionId.startsWith('claimonly-')
        ? 'CLAIM_ONLY'
        : undefined;
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : event.body;
    const submissionId = kind ? submissionIdOf(body) : undefined;
    if (!kind || !submissionId || !firstAttempt(electionId, submissionId)) return handler(event, context);
    const answer = await handler(event, context);
    if (typeof answer !== 'object' || answer.statusCode !== 201) return answer;
    if (kind === 'CLAIM_ONLY') {
      const table = process.env.REPORTS_TABLE ?? '';
      const claim = await readSubmission(db, table, electionId, submissionId);
      if (claim) await db.send(new DeleteCommand({ TableName: table, Key: claim.target }));
    }
    console.log(JSON.stringify({ fault: `REPORT_CRASH_${kind}`, electionId, submissionId }));
    process.exit(1);
  };
}

function firstAttempt(electionId: string, submissionId: string): boolean {
  mkdirSync(SEEN_DIR, { recursive: true });
  const marker = path.join(SEEN_DIR, `${electionId}.${submissionId}`);
  if (existsSync(marker)) return false;
  writeFileSync(marker, '');
  return true;
}

function submissionIdOf(body: string | undefined): string | undefined {
  try {
    const id = JSON.parse(body ?? '')?.submissionId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
