import type { Place } from '../../model/access.ts';
import type { IncidentReport } from '../../model/report.ts';
import { err, ok, type Result } from '../../model/result.ts';
import { keys } from '../../store/keys.ts';
import {
  brokenRules,
  type IngestContext,
  ownItemReady,
  type PreparedReport,
  placeOf,
  scopeRefusal,
  sendersPollingArea,
} from './common.ts';

/** Something that happened at a polling area, or in a province at large, at any hour. */
export async function prepareIncident(
  ctx: IngestContext,
  report: IncidentReport,
): Promise<Result<PreparedReport>> {
  const { election, caller } = ctx;
  const electionId = election.electionId;
  let place: Place;
  if (report.pollingAreaId !== undefined) {
    const area = await sendersPollingArea(ctx, report.pollingAreaId);
    if (!area.ok) return area;
    place = placeOf(area.value);
  } else {
    const province = election.provinces.find((p) => p.id === report.provinceId);
    if (!province)
      return err(
        brokenRules([
          { code: 'UNKNOWN_PROVINCE', path: '/provinceId', message: `No province "${report.provinceId}".` },
        ]),
      );
    place = { provinceId: province.id, regionId: province.regionId };
  }
  const what = report.pollingAreaId ? `polling area ${report.pollingAreaId}` : `province ${place.provinceId}`;
  const outside = scopeRefusal(caller, 'incident', place, what);
  if (outside) return err(outside);
  return ok({
    place,
    ready: ownItemReady(ctx, report, {
      kind: 'INCIDENT',
      place,
      key: () => keys.incident(electionId, place.provinceId, report.occurredAt, report.submissionId),
      record: report.pollingAreaId ? { pollingAreaId: report.pollingAreaId } : {},
      what: 'incident',
    }),
  });
}
