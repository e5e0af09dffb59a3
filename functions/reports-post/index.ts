import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { defaultAudiences } from '../../config/notifications.ts';
import { httpRoute, jsonBody, requireRole } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';
import { requireMode } from '../../shared/http/scope.ts';
import { acceptOnce } from '../../shared/ingest/accept.ts';
import type { ReportAnswer } from '../../shared/ingest/answers.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { parseReport } from '../../shared/ingest/parse.ts';
import { prepareReport } from '../../shared/ingest/prepare.ts';
import { reportAnnouncements } from '../../shared/ingest/report-announcements.ts';
import { publishEvents } from '../../shared/messaging/events-topic.ts';
import { sendWork } from '../../shared/messaging/work.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { electionIdParameter } from '../../shared/store/election-access.ts';

const db = documentClient();
const sqs = new SQSClient({});
const reportsTable = requiredEnv('REPORTS_TABLE');
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');
const sns = new SNSClient({});
const topicArn = requiredEnv('EVENTS_TOPIC_ARN');
const audiences = defaultAudiences();

/**
 * POST /v1/elections/{electionId}/reports: a report is accepted only once it is stored, exactly
 * once per submissionId; the aggregator then hears which contests changed.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const who = requireRole(caller, 'ADMIN', 'PROVINCIAL_COMMITTEE', 'REPORTER', 'COUNCIL');
  const electionId = electionIdParameter(event);
  const report = parseReport(jsonBody(event));
  const election = await cachedElectionMeta(db, reportsTable, electionId);
  if (!election) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
  requireMode(who, election.mode);
  const prepared = await prepareReport({ db, tableName: reportsTable, election, caller: who }, report);
  const accepted = await acceptOnce(db, reportsTable, prepared.ready, () => new Date().toISOString());
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
  await Promise.all([
    sendWork(sqs, workQueueUrl, { electionId, ...prepared.dirty }),
    publishEvents(sns, topicArn, audiences, announcements),
  ]);
  const body: ReportAnswer = { ...accepted.body, mode: election.mode };
  return { status: accepted.status, body };
});
