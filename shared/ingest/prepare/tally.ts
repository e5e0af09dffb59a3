import {
  correctionSwing,
  figuresOf,
  identicalToAnother,
  invalidShareAboveNorm,
} from '../../checks/anomalies.ts';
import { checkCountingFigures } from '../../law/counting-rules.ts';
import { correctionHasReason } from '../../law/report-rules.ts';
import { figuresWithinListBound, registeredDiffersFromList } from '../../law/voter-list.ts';
import { contentHash } from '../../model/canonical.ts';
import type { TallyReport } from '../../model/report.ts';
import { err, ok, type Result } from '../../model/result.ts';
import {
  currentFiguresOfContest,
  readTallyVersion,
  type StoredTally,
  tallyItem,
} from '../../store/tallies.ts';
import type { FirstWriteCheck } from '../accept.ts';
import {
  boundOf,
  brokenRules,
  contestNamed,
  defined,
  type IngestContext,
  type PreparedReport,
  placeOf,
  pollingAreaNamed,
  reporterAreaRefusal,
  scopeRefusal,
  unknownContest,
  unknownPollingArea,
  versionConflict,
} from './common.ts';

/** A polling area's counting minutes for one contest (Art. 73–75), one version after another. */
export async function prepareTally(ctx: IngestContext, report: TallyReport): Promise<Result<PreparedReport>> {
  const { db, tableName, election, caller } = ctx;
  const electionId = election.electionId;
  const notMine = reporterAreaRefusal(caller, report.pollingAreaId);
  if (notMine) return err(notMine);
  const [area, named] = await Promise.all([
    pollingAreaNamed(ctx, report.pollingAreaId),
    contestNamed(ctx, report.contestId),
  ]);
  if (!area.ok || !named.ok)
    return err(
      brokenRules([
        ...(area.ok ? [] : [unknownPollingArea(report.pollingAreaId)]),
        ...(named.ok ? [] : [unknownContest(report.contestId)]),
      ]),
    );
  const pollingArea = area.value;
  const contest = named.value;
  const outside = scopeRefusal(caller, 'tally', placeOf(pollingArea), `polling area ${report.pollingAreaId}`);
  if (outside) return err(outside);
  if (!pollingArea.pollingArea.contestIds.includes(report.contestId)) {
    return err(
      brokenRules([
        {
          code: 'CONTEST_NOT_IN_POLLING_AREA',
          path: '/contestId',
          message: `Polling area "${report.pollingAreaId}" does not vote in "${report.contestId}".`,
        },
      ]),
    );
  }
  const listed = pollingArea.pollingArea.registeredVoters;
  const broken = [
    ...checkCountingFigures(report, contest.contest),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
    ...defined(correctionHasReason(report.version, report.correctionReason)),
  ];
  if (broken.length > 0) return err(brokenRules(broken));

  const figuresHash = contentHash(figuresOf(report));
  const hash = contentHash(report);
  const readVersion = (version: number) =>
    readTallyVersion(db, tableName, electionId, report.contestId, report.pollingAreaId, version);
  return ok({
    place: placeOf(pollingArea),
    body: contest.contest.body,
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'tally',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: pollingArea.provinceId,
        pollingAreaId: report.pollingAreaId,
        contestId: report.contestId,
        version: report.version,
      },
      beforeFirstWrite: async (): Promise<FirstWriteCheck> => {
        // One consistent read of the contest's current minutes gives both the version to follow and their figures.
        const current = await currentFiguresOfContest(db, tableName, electionId, report.contestId);
        const own = current.find((c) => c.pollingAreaId === report.pollingAreaId);
        const currentVersion = own?.version ?? 0;
        if (report.version <= currentVersion) {
          // The version is stored already: this report (a replay) or another one.
          const existing = await readVersion(report.version);
          if (existing) return { kind: 'TAKEN', existing: { ...existing } };
        }
        if (report.version !== currentVersion + 1)
          return { kind: 'REFUSED', refusal: versionConflict(currentVersion) };
        const previous = own ? await readVersion(own.version) : undefined;
        return {
          kind: 'FREE',
          warnings: defined(
            registeredDiffersFromList(report.registeredVoters, listed),
            invalidShareAboveNorm(report),
            identicalToAnother(
              figuresHash,
              current.filter((o) => o.pollingAreaId !== report.pollingAreaId),
            ),
            previous ? correctionSwing(previous, report) : undefined,
          ),
        };
      },
      item: (receivedAt, submittedBy, warnings) =>
        tallyItem({
          ...report,
          electionId,
          receivedAt,
          submittedBy,
          contentHash: hash,
          figuresHash,
          warnings,
        } satisfies StoredTally),
      conflict: (existing) => versionConflict(Number(existing.version)),
    },
  });
}
