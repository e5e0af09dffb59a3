import { SQSClient } from '@aws-sdk/client-sqs';
import { httpRoute, jsonBody, pathParameter, requireRole } from '../../shared/http/handler.ts';
import { HttpProblem, problem } from '../../shared/http/problem.ts';
import { problemsFromZod } from '../../shared/http/zod-problems.ts';
import { sendDirtyContests } from '../../shared/messaging/work.ts';
import { contentHash } from '../../shared/model/canonical.ts';
import { TallyReport } from '../../shared/model/report.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionMeta, readPlacedContest, readPlacedPollingArea } from '../../shared/store/elections.ts';
import { latestTallyVersion, putTallyVersion, type StoredTally } from '../../shared/store/tallies.ts';

const db = documentClient();
const sqs = new SQSClient({});
const reportsTable = requiredEnv('REPORTS_TABLE');
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');

/**
 * POST /v1/elections/{electionId}/reports: a report is accepted only once it is stored; the
 * aggregator then hears which contest changed.
 */
export const handler = httpRoute(async ({ event, caller }) => {
  const who = requireRole(caller, 'ADMIN', 'PROVINCIAL_COMMITTEE', 'REPORTER');
  const electionId = pathParameter(event, 'electionId');
  const parsed = TallyReport.safeParse(jsonBody(event), { reportInput: true });
  if (!parsed.success)
    throw new HttpProblem(400, 'The report does not match the schema.', problemsFromZod(parsed.error));
  const report = parsed.data;

  const meta = await readElectionMeta(db, reportsTable, electionId);
  if (!meta) throw problem(404, 'ELECTION_NOT_FOUND', `No election "${electionId}".`);
  const [pollingArea, contest] = await Promise.all([
    readPlacedPollingArea(db, reportsTable, electionId, report.pollingAreaId),
    readPlacedContest(db, reportsTable, electionId, report.contestId),
  ]);
  const missing = [
    ...(pollingArea
      ? []
      : [
          {
            code: 'UNKNOWN_POLLING_AREA',
            path: '/pollingAreaId',
            message: `No polling area "${report.pollingAreaId}".`,
          },
        ]),
    ...(contest
      ? []
      : [{ code: 'UNKNOWN_CONTEST', path: '/contestId', message: `No contest "${report.contestId}".` }]),
  ];
  if (missing.length > 0)
    throw new HttpProblem(422, 'The report names what this election does not have.', missing);
  if (!pollingArea?.pollingArea.contestIds.includes(report.contestId)) {
    throw problem(
      422,
      'CONTEST_NOT_IN_POLLING_AREA',
      `Polling area "${report.pollingAreaId}" does not vote in "${report.contestId}".`,
      '/contestId',
    );
  }

  const current = await latestTallyVersion(
    db,
    reportsTable,
    electionId,
    report.contestId,
    report.pollingAreaId,
  );
  const currentVersion = current?.version ?? 0;
  if (report.version !== currentVersion + 1) throw versionConflict(currentVersion);

  const stored: StoredTally = {
    ...report,
    electionId,
    receivedAt: new Date().toISOString(),
    submittedBy: who.credentialId,
    contentHash: contentHash(report),
  };
  const put = await putTallyVersion(db, reportsTable, stored);
  if (!put.stored) throw versionConflict(put.existing.version);

  await sendDirtyContests(sqs, workQueueUrl, { electionId, contestIds: [report.contestId] });
  return {
    status: 201,
    body: {
      submissionId: report.submissionId,
      status: 'ACCEPTED',
      receivedAt: stored.receivedAt,
      warnings: [],
    },
  };
});

function versionConflict(currentVersion: number): HttpProblem {
  return new HttpProblem(
    409,
    `This polling area's tally for this contest is at version ${currentVersion}; send version ${currentVersion + 1}.`,
    [{ code: 'VERSION_CONFLICT', path: '/version', message: `The current version is ${currentVersion}.` }],
    { currentVersion },
  );
}
