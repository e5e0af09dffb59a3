import { inParallel } from '../../concurrency/in-parallel.ts';
import { checkCountingFigures } from '../../law/counting-rules.ts';
import { electedAreCandidates } from '../../law/report-rules.ts';
import { figuresWithinListBound } from '../../law/voter-list.ts';
import type { PlacedContest } from '../../model/election-index.ts';
import type { UnitResultReport } from '../../model/report.ts';
import { err, ok, type Result } from '../../model/result.ts';
import { keys } from '../../store/keys.ts';
import { cachedPollingArea } from '../definitions.ts';
import {
  boundOf,
  brokenRules,
  contestNamed,
  type IngestContext,
  ownItemReady,
  type PreparedReport,
  scopeRefusal,
} from './common.ts';

/** An electoral unit's board minutes of its result (Art. 77), filed by the council or an admin. */
export async function prepareUnitResult(
  ctx: IngestContext,
  report: UnitResultReport,
): Promise<Result<PreparedReport>> {
  const { election, caller } = ctx;
  const electionId = election.electionId;
  const named = await contestNamed(ctx, report.contestId);
  if (!named.ok) return named;
  const contest = named.value;
  const place = { provinceId: contest.contest.provinceId, regionId: contest.regionId };
  const outside = scopeRefusal(caller, 'unitResult', place, `contest ${report.contestId}`);
  if (outside) return err(outside);
  const listed = await unitList(ctx, contest);
  const broken = [
    ...checkCountingFigures(report, contest.contest),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
    ...electedAreCandidates(report.electedCandidateIds, contest.contest),
  ];
  if (broken.length > 0) return err(brokenRules(broken));
  return ok({
    place,
    body: contest.contest.body,
    ready: ownItemReady(ctx, report, {
      kind: 'UNIT_RESULT',
      place,
      key: (receivedAt) => keys.unitResult(electionId, report.contestId, receivedAt, report.submissionId),
      record: { contestId: report.contestId },
      what: 'unit result',
    }),
  });
}

/** A unit's list is its polling areas' lists; contests stored before the total was kept add them up here. */
async function unitList(ctx: IngestContext, placed: PlacedContest): Promise<number> {
  if (placed.registeredVoters !== undefined) return placed.registeredVoters;
  let total = 0;
  await inParallel(placed.expectedPollingAreaIds, 8, async (id) => {
    const area = await cachedPollingArea(ctx.db, ctx.tableName, ctx.election.electionId, id);
    total += area?.pollingArea.registeredVoters ?? 0;
  });
  return total;
}
