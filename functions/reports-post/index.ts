import { SNSClient } from '@aws-sdk/client-sns';
import { defaultAudiences } from '../../config/notifications.ts';
import { electionIdParameter } from '../../shared/http/election-access.ts';
import { httpRoute, jsonBody, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { requireMode } from '../../shared/http/scope.ts';
import { acceptOnce, type IngestFaults } from '../../shared/ingest/accept.ts';
import type { ReportAnswer } from '../../shared/ingest/answers.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { parseReport } from '../../shared/ingest/parse.ts';
import { prepareReport } from '../../shared/ingest/prepare.ts';
import { reportAnnouncements } from '../../shared/ingest/report-announcements.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { publishEvents } from '../../shared/messaging/events-topic.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const sns = new SNSClient({});
const topicArn = requiredEnv('EVENTS_TOPIC_ARN');
const audiences = defaultAudiences();

/**
 * Crashes of the whole process for elections whose id starts with a prefix, once per report
 * (the retry finds the claim and takes the other path). Set only by the local cloud's tests.
 */
const crashAfterWritePrefix = process.env.FAULT_CRASH_AFTER_WRITE_ELECTION_PREFIX;
const claimOnlyPrefix = process.env.FAULT_CLAIM_ONLY_ELECTION_PREFIX;

function faultsFor(electionId: string): IngestFaults {
  const crash = (step: string) => (): never => {
    logger.warn('Crashing the process, as configured', { electionId, step });
    process.exit(1);
  };
  return {
    ...(crashAfterWritePrefix && electionId.startsWith(crashAfterWritePrefix)
      ? { crashAfterWrite: crash('after the write') }
      : {}),
    ...(claimOnlyPrefix && electionId.startsWith(claimOnlyPrefix)
      ? { crashAfterClaimOnly: crash('after the claim alone') }
      : {}),
  };
}

/**
 * POST /v1/elections/{electionId}/reports: a report is accepted only once it is stored, exactly
 * once per submissionId. The aggregator hears of it from the reports table's stream, not from
 * this function: the change signal is written with the report and survives a crash after it.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const who = requireRole(caller, 'ADMIN', 'PROVINCIAL_COMMITTEE', 'REPORTER', 'COUNCIL');
  const electionId = electionIdParameter(event);
  const report = parseReport(jsonBody(event));
  const election = await cachedElectionMeta(db, reportsTable, electionId);
  if (!election) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
  requireMode(who, election.mode);
  const prepared = await prepareReport({ db, tableName: reportsTable, election, caller: who }, report);
  const accepted = await acceptOnce(
    db,
    reportsTable,
    prepared.ready,
    () => new Date().toISOString(),
    faultsFor(electionId),
  );
  // Also on a replay: the first attempt may have stored the report and died before telling anyone.
  // The events it raises go out before the answer, and again on a replay (same ids): a client that
  // retries after a 5xx heals an event lost with the first attempt.
  const announcements = await reportAnnouncements(
    db,
    reportsTable,
    election,
    report,
    prepared,
    accepted.body,
  );
  await publishEvents(sns, topicArn, audiences, announcements);
  const body: ReportAnswer = { ...accepted.body, mode: election.mode };
  return { status: accepted.status, body };
});
