import { turnoutFell } from '../../checks/anomalies.ts';
import { votersWithinRegistered } from '../../law/counting-rules.ts';
import { turnoutOnPollingDay, turnoutSlot } from '../../law/report-rules.ts';
import { figuresWithinListBound, registeredDiffersFromList } from '../../law/voter-list.ts';
import type { TurnoutReport } from '../../model/report.ts';
import { err, ok, type Result } from '../../model/result.ts';
import { keys } from '../../store/keys.ts';
import { readLatestTurnoutReading } from '../../store/report-reads.ts';
import {
  boundOf,
  brokenRules,
  defined,
  type IngestContext,
  ownItemReady,
  type PreparedReport,
  placeOf,
  scopeRefusal,
  sendersPollingArea,
} from './common.ts';

/** A polling area's count of voters so far, reported through the day. */
export async function prepareTurnout(
  ctx: IngestContext,
  report: TurnoutReport,
): Promise<Result<PreparedReport>> {
  const { election, caller } = ctx;
  const electionId = election.electionId;
  const area = await sendersPollingArea(ctx, report.pollingAreaId);
  if (!area.ok) return area;
  const pollingArea = area.value;
  const place = placeOf(pollingArea);
  const outside = scopeRefusal(caller, 'turnout', place, `polling area ${report.pollingAreaId}`);
  if (outside) return err(outside);
  const listed = pollingArea.pollingArea.registeredVoters;
  const broken = [
    ...defined(
      votersWithinRegistered(report),
      turnoutOnPollingDay(report.asOf, election.pollingDay, election.timeZone),
    ),
    ...figuresWithinListBound(report, listed, boundOf(election, listed)),
  ];
  if (broken.length > 0) return err(brokenRules(broken));
  const slot = turnoutSlot(report.asOf, election.timeZone);
  const provinceId = pollingArea.provinceId;
  return ok({
    place,
    ready: ownItemReady(ctx, report, {
      kind: 'TURNOUT',
      place,
      key: () =>
        keys.turnout(electionId, provinceId, slot, report.pollingAreaId, report.asOf, report.submissionId),
      record: { pollingAreaId: report.pollingAreaId },
      warnings: async () =>
        defined(
          registeredDiffersFromList(report.registeredVoters, listed),
          turnoutFell(await previousTurnout(ctx, provinceId, slot, report), report.votersVoted, report.asOf),
        ),
      what: 'turnout report',
    }),
  });
}

/** How many earlier slots to look back in for the polling area's previous turnout report. */
const LOOK_BACK_SLOTS = 4;

/** The polling area's latest turnout report before this one: in this slot, else in the few before it. */
async function previousTurnout(ctx: IngestContext, provinceId: string, slot: string, report: TurnoutReport) {
  for (let back = 0; back <= LOOK_BACK_SLOTS; back++) {
    const hour = Number(slot) - back;
    if (hour < 0) break;
    const found = await readLatestTurnoutReading(ctx.db, ctx.tableName, {
      electionId: ctx.election.electionId,
      provinceId,
      slot: String(hour).padStart(2, '0'),
      pollingAreaId: report.pollingAreaId,
      ...(back === 0 ? { before: new Date(report.asOf).toISOString() } : {}),
    });
    if (found) return found;
  }
  return undefined;
}
