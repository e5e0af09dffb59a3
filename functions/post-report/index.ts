import { SNSClient } from '@aws-sdk/client-sns';
import { defaultAudiences } from '../../config/notifications.ts';
import { electionRoute } from '../../shared/http/election-access.ts';
import { jsonBody } from '../../shared/http/handler.ts';
import { answerOf } from '../../shared/http/problem.ts';
import { acceptOnce } from '../../shared/ingest/accept.ts';
import type { ReportAnswer } from '../../shared/ingest/answers.ts';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { eventsOfReport } from '../../shared/ingest/events-of-report.ts';
import { parseReport } from '../../shared/ingest/parse.ts';
import { prepareReport } from '../../shared/ingest/prepare/index.ts';
import { leafBytes, reportLeaf } from '../../shared/log/leaf.ts';
import { leafHash } from '../../shared/log/merkle.ts';
import { publishEvents } from '../../shared/messaging/events-topic.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const sns = new SNSClient({});
const topicArn = requiredEnv('EVENTS_TOPIC_ARN');
const audiences = defaultAudiences();

/**
 * POST /v1/elections/{electionId}/reports: a report is accepted only once it is stored, exactly
 * once per submissionId. The aggregator hears of it from the reports table's stream, not from
 * this function: the change signal is written with the report and survives a crash after it.
 */
export const handler = electionRoute(
  ['ADMIN', 'PROVINCIAL_COMMITTEE', 'REPORTER', 'COUNCIL'],
  (id) => cachedElectionMeta(db, reportsTable, id),
  async ({ event, who, election }) => {
    const report = answerOf(parseReport(jsonBody(event)));
    const prepared = answerOf(
      await prepareReport({ db, tableName: reportsTable, election, caller: who }, report),
    );
    const accepted = answerOf(
      await acceptOnce(db, reportsTable, prepared.ready, () => new Date().toISOString()),
    );
    // Also on a replay: the first attempt may have stored the report and died before telling anyone.
    // The events it raises go out before the answer, and again on a replay (same ids): a client that
    // retries after a 5xx heals an event lost with the first attempt.
    const events = await eventsOfReport(db, reportsTable, election, report, prepared, accepted.body);
    await publishEvents(sns, topicArn, audiences, events);
    // The receipt: the hash of the leaf that records this version as stored, which the log's
    // sequencer appends from the table's stream; its inclusion proof follows at …/log/proof.
    const { record } = reportLeaf(election.electionId, election.mode, {
      ...report,
      submittedBy: accepted.submittedBy,
      receivedAt: accepted.body.receivedAt,
    });
    const receipt = { leafHash: leafHash(leafBytes(record)).toString('base64') };
    const body: ReportAnswer = { ...accepted.body, mode: election.mode, receipt };
    return { status: accepted.status, body };
  },
);
