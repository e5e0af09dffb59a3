import { diffFigures } from '../../shared/checks/diff.ts';
import { electionRoute, identifierParameter } from '../../shared/http/election-access.ts';
import { problem } from '../../shared/http/problem.ts';
import type { TallyVersionsAnswer } from '../../shared/ingest/answers.ts';
import { mayReadReport, maySeeSender } from '../../shared/model/access.ts';
import { ROLES } from '../../shared/model/roles.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { readElectionMeta, readPlacedPollingArea } from '../../shared/store/elections.ts';
import { listTallyVersions } from '../../shared/store/tallies.ts';

const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');

/**
 * GET …/polling-areas/{pollingAreaId}/tallies/{contestId}: every version of the minutes, with who
 * sent it (to ADMIN and to that sender only), when, why, and what changed from the version before.
 */
export const handler = electionRoute(
  ROLES,
  (id) => readElectionMeta(db, reportsTable, id),
  async ({ event, who, electionId }) => {
    const pollingAreaId = identifierParameter(event, 'pollingAreaId');
    const contestId = identifierParameter(event, 'contestId');
    const placed = await readPlacedPollingArea(db, reportsTable, electionId, pollingAreaId);
    if (!placed?.pollingArea.contestIds.includes(contestId)) {
      throw problem(
        404,
        'TALLY_NOT_FOUND',
        `Polling area "${pollingAreaId}" has no contest "${contestId}" in "${electionId}".`,
      );
    }
    const versions = await listTallyVersions(db, reportsTable, electionId, contestId, pollingAreaId);
    const place = { provinceId: placed.provinceId, regionId: placed.regionId, pollingAreaId };
    const readable =
      versions.length === 0
        ? mayReadReport(who, place, '')
        : versions.some((v) => mayReadReport(who, place, v.submittedBy));
    if (!readable) throw problem(403, 'OUT_OF_SCOPE', 'This credential may not read these minutes.');
    const body: TallyVersionsAnswer = {
      electionId,
      pollingAreaId,
      contestId,
      currentVersion: versions.at(-1)?.version ?? 0,
      versions: versions.map((v, i) => {
        const before = versions[i - 1];
        return {
          version: v.version,
          submissionId: v.submissionId,
          ...(maySeeSender(who, v.submittedBy) ? { submittedBy: v.submittedBy } : {}),
          receivedAt: v.receivedAt,
          ...(v.correctionReason ? { correctionReason: v.correctionReason } : {}),
          registeredVoters: v.registeredVoters,
          votersVoted: v.votersVoted,
          ballotsIssued: v.ballotsIssued,
          ballotsReceived: v.ballotsReceived,
          validBallots: v.validBallots,
          invalidBallots: v.invalidBallots,
          candidateVotes: v.candidateVotes,
          ...(v.complaints ? { complaints: v.complaints } : {}),
          warnings: v.warnings ?? [],
          changes: before ? diffFigures(before, v) : [],
        };
      }),
    };
    return { status: 200, body };
  },
);
