import type { Place } from '../../model/access.ts';
import { contentHash } from '../../model/canonical.ts';
import type { IncidentReport } from '../../model/report.ts';
import { err, ok, type Result } from '../../model/result.ts';
import { keys } from '../../store/keys.ts';
import {
  brokenRules,
  type IngestContext,
  notStored,
  type PreparedReport,
  placeOf,
  pollingAreaNamed,
  reporterAreaRefusal,
  reportItem,
  scopeRefusal,
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
    const notMine = reporterAreaRefusal(caller, report.pollingAreaId);
    if (notMine) return err(notMine);
    const area = await pollingAreaNamed(ctx, report.pollingAreaId);
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
  const hash = contentHash(report);
  return ok({
    place,
    ready: {
      record: {
        electionId,
        submissionId: report.submissionId,
        type: 'incident',
        contentHash: hash,
        submittedBy: caller.credentialId,
        provinceId: place.provinceId,
        ...(report.pollingAreaId ? { pollingAreaId: report.pollingAreaId } : {}),
      },
      beforeFirstWrite: async () => ({ kind: 'FREE', warnings: [] }),
      item: (receivedAt, submittedBy, warnings) => ({
        ...keys.incident(electionId, place.provinceId, report.occurredAt, report.submissionId),
        ...reportItem('INCIDENT', report, {
          electionId,
          ...place,
          receivedAt,
          submittedBy,
          contentHash: hash,
          warnings,
        }),
      }),
      conflict: () => notStored('incident'),
    },
  });
}
