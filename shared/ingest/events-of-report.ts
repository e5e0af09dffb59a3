import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../checks/anomalies.ts';
import { diffFigures } from '../checks/diff.ts';
import type { RoutedEvent } from '../events/envelope.ts';
import { anomalyEvents, incidentEvent, tallyCorrectedEvent } from '../events/report-events.ts';
import type { Report } from '../model/report.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { readTallyVersion } from '../store/tallies.ts';
import type { PreparedReport } from './prepare/index.ts';

/**
 * The events a stored report raises: its warnings (ANOMALY_DETECTED), a correction with what it
 * changed (TALLY_CORRECTED), a serious incident (INCIDENT_REPORTED). Built from the stored answer,
 * so a replay raises the same events with the same ids.
 */
export async function eventsOfReport(
  db: DynamoDBDocumentClient,
  tableName: string,
  election: ElectionMeta,
  report: Report,
  prepared: Pick<PreparedReport, 'place' | 'body'>,
  accepted: { readonly receivedAt: string; readonly warnings: readonly Warning[] },
): Promise<RoutedEvent[]> {
  const ctx = {
    electionId: election.electionId,
    mode: election.mode,
    regionId: prepared.place.regionId,
    provinceId: prepared.place.provinceId,
    provinceName: election.provinces.find((p) => p.id === prepared.place.provinceId)?.name,
  };
  const { receivedAt } = accepted;
  const found: RoutedEvent[] = anomalyEvents(
    ctx,
    {
      submissionId: report.submissionId,
      type: report.type,
      pollingAreaId: 'pollingAreaId' in report ? report.pollingAreaId : undefined,
      contestId: 'contestId' in report ? report.contestId : undefined,
      receivedAt,
    },
    prepared.body,
    accepted.warnings,
  );
  if (report.type === 'tally' && report.version > 1 && prepared.body) {
    const previous = await readTallyVersion(
      db,
      tableName,
      election.electionId,
      report.contestId,
      report.pollingAreaId,
      report.version - 1,
    );
    const corrected =
      previous &&
      tallyCorrectedEvent(ctx, { ...report, receivedAt }, prepared.body, diffFigures(previous, report));
    if (corrected) found.push(corrected);
  }
  if (report.type === 'incident') {
    const incident = incidentEvent(ctx, { ...report, receivedAt });
    if (incident) found.push(incident);
  }
  return found;
}
