import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { problem } from '../../shared/http/problem.ts';
import type { StoredReportAnswer } from '../../shared/ingest/answers.ts';
import { mayReadReport, maySeeSender } from '../../shared/model/access.ts';
import { REPORT_SCHEMAS } from '../../shared/model/report.ts';
import { ROLES } from '../../shared/model/roles.ts';
import { readContestAggregate } from '../../shared/store/contest-aggregates.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionMeta } from '../../shared/store/elections.ts';
import { readItem, readSubmission, type SubmissionRecord } from '../../shared/store/submissions.ts';
import { countTallyVersions, latestTallyVersion } from '../../shared/store/tallies.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const aggregatesTable = requiredEnv('AGGREGATES_TABLE');

/**
 * GET …/reports/{submissionId}: the stored report and whether it is ACCEPTED, COUNTED or SUPERSEDED;
 * who sent it only to ADMIN and to the sender.
 */
export const handler = electionRoute(
  ROLES,
  (id) => readElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId, election }) => {
    const submissionId = identifierParameter(event, 'submissionId');
    const record = await readSubmission(db, reportsTable, electionId, submissionId);
    const item = record ? await readItem(db, reportsTable, record.target) : undefined;
    if (!record || !item)
      throw problem(404, 'REPORT_NOT_FOUND', `No report "${submissionId}" in "${electionId}".`);
    const regionId = election.provinces.find((p) => p.id === record.provinceId)?.regionId ?? '';
    const place = {
      provinceId: record.provinceId ?? '',
      regionId,
      ...(record.pollingAreaId ? { pollingAreaId: record.pollingAreaId } : {}),
    };
    if (!mayReadReport(who, place, record.submittedBy)) {
      throw problem(403, 'OUT_OF_SCOPE', 'This credential may not read this report.');
    }
    // The report as sent: the fields of its type's schema, without what was stored beside it.
    const fields = new Set(Object.keys(REPORT_SCHEMAS[record.type].shape));
    const report = Object.fromEntries(
      Object.entries(item).filter(([key]) => fields.has(key)),
    ) as StoredReportAnswer['report'];
    const body: StoredReportAnswer = {
      submissionId,
      type: record.type,
      status: await statusOf(electionId, record),
      receivedAt: record.receivedAt,
      ...(maySeeSender(who, record.submittedBy) ? { submittedBy: record.submittedBy } : {}),
      warnings: record.warnings,
      mode: election.mode,
      report,
    };
    return { status: 200, body };
  },
);

/**
 * A tally is SUPERSEDED by a later version; COUNTED once the published result was computed from at
 * least as many versions as its contest holds now — versions are only added, so that set includes
 * this one; ACCEPTED until then.
 */
async function statusOf(
  electionId: string,
  record: SubmissionRecord,
): Promise<'ACCEPTED' | 'COUNTED' | 'SUPERSEDED'> {
  if (
    record.type !== 'tally' ||
    !record.contestId ||
    !record.pollingAreaId ||
    !record.version ||
    !record.provinceId
  )
    return 'ACCEPTED';
  const [latest, stored, aggregate] = await Promise.all([
    latestTallyVersion(db, reportsTable, electionId, record.contestId, record.pollingAreaId),
    countTallyVersions(db, reportsTable, electionId, record.contestId),
    readContestAggregate(db, aggregatesTable, electionId, record.provinceId, record.contestId),
  ]);
  if (latest && latest.version > record.version) return 'SUPERSEDED';
  return aggregate && aggregate.sourceItems >= stored ? 'COUNTED' : 'ACCEPTED';
}
