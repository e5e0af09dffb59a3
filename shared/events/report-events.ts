import type { Warning } from '../checks/anomalies.ts';
import type { FigureChange } from '../checks/diff.ts';
import type { IncidentReport, ReportType } from '../model/report.ts';
import type { Body, ElectionMode } from '../model/vocabulary.ts';
import { eventIdOf, modePrefix, type RoutedEvent, routedEvent } from './envelope.ts';

/** The bodies as officials write them in short. */
export const BODY_NAMES: Readonly<Record<Body, string>> = {
  NATIONAL_ASSEMBLY: 'ĐBQH',
  PROVINCIAL_COUNCIL: 'HĐND tỉnh',
  COMMUNE_COUNCIL: 'HĐND xã',
};

const REPORT_NAMES: Readonly<Record<ReportType, string>> = {
  tally: 'biên bản kết quả kiểm phiếu',
  turnout: 'báo cáo nhanh số cử tri đi bầu',
  incident: 'báo cáo sự cố',
  unitResult: 'biên bản xác định kết quả bầu cử',
};

/** The checks' findings in words an official reads; the English message stays in the data. */
const WARNING_NAMES: Readonly<Record<string, string>> = {
  INVALID_SHARE_HIGH: 'tỷ lệ phiếu không hợp lệ cao bất thường',
  TURNOUT_DECREASED: 'số cử tri đã bỏ phiếu thấp hơn báo cáo trước',
  IDENTICAL_TALLY: 'số liệu giống hệt biên bản của một khu vực bỏ phiếu khác',
  CORRECTION_SWING: 'bản sửa làm thay đổi số phiếu của một người ứng cử quá ngưỡng',
  REGISTERED_DIFFERS_FROM_LIST:
    'số cử tri trong danh sách khác với danh sách cử tri đã nạp của khu vực bỏ phiếu',
};

const CATEGORY_NAMES: Readonly<Record<IncidentReport['category'], string>> = {
  INTERRUPTION: 'gián đoạn bỏ phiếu',
  SECURITY: 'an ninh',
  WEATHER: 'thời tiết',
  EQUIPMENT: 'thiết bị',
  COMPLAINT: 'khiếu nại, tố cáo',
  OTHER: 'khác',
};

/** A reporter's own words may run to thousands of characters; a summary is read on a phone. */
const IN_SUMMARY = 300;

/** Where a stored report sits: its election, and the region and province of its polling area or contest. */
export interface ReportContext {
  readonly electionId: string;
  readonly mode: ElectionMode;
  readonly regionId: string;
  readonly provinceId: string;
  readonly provinceName?: string | undefined;
}

export interface StoredTally {
  readonly submissionId: string;
  readonly pollingAreaId: string;
  readonly contestId: string;
  readonly version: number;
  readonly correctionReason?: string | undefined;
  readonly receivedAt: string;
}

export interface StoredReport {
  readonly submissionId: string;
  readonly type: ReportType;
  readonly pollingAreaId?: string | undefined;
  readonly contestId?: string | undefined;
  readonly receivedAt: string;
}

/**
 * TALLY_CORRECTED: a polling area replaced its counting minutes. Published with the body so that
 * a correction of NA minutes reaches the council; the first version corrects nothing.
 */
export function tallyCorrectedEvent(
  ctx: ReportContext,
  tally: StoredTally,
  body: Body,
  changes: readonly FigureChange[],
): RoutedEvent | undefined {
  if (tally.version <= 1) return undefined;
  const what = changes.length === 0 ? 'không số liệu nào thay đổi' : `${changes.length} số liệu thay đổi`;
  const reason = tally.correctionReason ? shortened(tally.correctionReason, IN_SUMMARY) : '';
  const why = reason === '' ? '' : ` Lý do: ${reason}${/[.!?…]$/.test(reason) ? '' : '.'}`;
  const summary =
    `Khu vực bỏ phiếu ${tally.pollingAreaId} (${provinceOf(ctx)}) đã sửa ${REPORT_NAMES.tally} ` +
    `${BODY_NAMES[body]}, đơn vị bầu cử ${tally.contestId} (lần gửi thứ ${tally.version}): ${what}.${why}`;
  return routedEvent(
    {
      eventId: eventIdOf(
        'TALLY_CORRECTED',
        ctx.electionId,
        tally.contestId,
        tally.pollingAreaId,
        String(tally.version),
      ),
      type: 'TALLY_CORRECTED',
      electionId: ctx.electionId,
      mode: ctx.mode,
      occurredAt: tally.receivedAt,
      severity: 'LOW',
      scope: {
        regionId: ctx.regionId,
        provinceId: ctx.provinceId,
        contestId: tally.contestId,
        pollingAreaId: tally.pollingAreaId,
      },
      summary: `${modePrefix(ctx.mode)}${summary}`,
      data: {
        submissionId: tally.submissionId,
        pollingAreaId: tally.pollingAreaId,
        contestId: tally.contestId,
        body,
        version: tally.version,
        previousVersion: tally.version - 1,
        correctionReason: tally.correctionReason ?? null,
        changes,
      },
    },
    'POLLING_AREA',
    body,
  );
}

/** ANOMALY_DETECTED, one per warning: the report is stored and counted, and someone should look at it. */
export function anomalyEvents(
  ctx: ReportContext,
  report: StoredReport,
  body: Body | undefined,
  warnings: readonly Warning[],
): RoutedEvent[] {
  const subject = body ? `${REPORT_NAMES[report.type]} ${BODY_NAMES[body]}` : REPORT_NAMES[report.type];
  const places = [
    ...(report.pollingAreaId ? [`khu vực bỏ phiếu ${report.pollingAreaId}`] : []),
    ...(report.contestId ? [`đơn vị bầu cử ${report.contestId}`] : []),
  ];
  const where = places.length > 0 ? `${places.join(', ')} (${provinceOf(ctx)})` : provinceOf(ctx);
  const scopeLevel = report.pollingAreaId ? 'POLLING_AREA' : report.contestId ? 'CONTEST' : 'PROVINCE';
  return warnings.map((warning) => {
    const finding = WARNING_NAMES[warning.code] ?? `cảnh báo ${warning.code}`;
    return routedEvent(
      {
        eventId: eventIdOf(
          'ANOMALY_DETECTED',
          ctx.electionId,
          report.submissionId,
          warning.code,
          warning.path,
        ),
        type: 'ANOMALY_DETECTED',
        electionId: ctx.electionId,
        mode: ctx.mode,
        occurredAt: report.receivedAt,
        severity: 'MEDIUM',
        scope: {
          regionId: ctx.regionId,
          provinceId: ctx.provinceId,
          ...(report.contestId ? { contestId: report.contestId } : {}),
          ...(report.pollingAreaId ? { pollingAreaId: report.pollingAreaId } : {}),
        },
        summary: `${modePrefix(ctx.mode)}Bất thường trong ${subject} của ${where}: ${finding}. Cần kiểm tra.`,
        data: {
          submissionId: report.submissionId,
          reportType: report.type,
          pollingAreaId: report.pollingAreaId ?? null,
          contestId: report.contestId ?? null,
          code: warning.code,
          path: warning.path,
          message: warning.message,
        },
      },
      scopeLevel,
      body,
    );
  });
}

/**
 * INCIDENT_REPORTED for HIGH and CRITICAL incidents, which someone must act on now (Art. 71: an
 * interruption is reported at once); LOW and MEDIUM ones are counted in the summaries, not pushed.
 */
export function incidentEvent(
  ctx: ReportContext,
  incident: IncidentReport & { readonly receivedAt: string },
): RoutedEvent | undefined {
  if (incident.severity !== 'HIGH' && incident.severity !== 'CRITICAL') return undefined;
  const critical = incident.severity === 'CRITICAL';
  const where = incident.pollingAreaId
    ? `khu vực bỏ phiếu ${incident.pollingAreaId}, ${provinceOf(ctx)}`
    : provinceOf(ctx);
  const summary =
    `${critical ? 'KHẨN CẤP: Sự cố nghiêm trọng' : 'Sự cố mức cao'} (${CATEGORY_NAMES[incident.category]}) ` +
    `tại ${where}: ${shortened(incident.description, IN_SUMMARY)}`;
  return routedEvent(
    {
      eventId: eventIdOf('INCIDENT_REPORTED', ctx.electionId, incident.submissionId),
      type: 'INCIDENT_REPORTED',
      electionId: ctx.electionId,
      mode: ctx.mode,
      occurredAt: incident.receivedAt,
      severity: incident.severity,
      scope: {
        regionId: ctx.regionId,
        provinceId: ctx.provinceId,
        ...(incident.pollingAreaId ? { pollingAreaId: incident.pollingAreaId } : {}),
      },
      summary: `${modePrefix(ctx.mode)}${summary}`,
      data: {
        submissionId: incident.submissionId,
        category: incident.category,
        severity: incident.severity,
        occurredAt: incident.occurredAt,
        description: incident.description,
        ...(incident.pollingAreaId ? { pollingAreaId: incident.pollingAreaId } : {}),
        provinceId: ctx.provinceId,
      },
    },
    incident.pollingAreaId ? 'POLLING_AREA' : 'PROVINCE',
  );
}

function provinceOf(ctx: ReportContext): string {
  return ctx.provinceName ?? ctx.provinceId;
}

/** Cut between letters as a reader sees them: a decomposed Vietnamese letter keeps its marks. */
function shortened(text: string, max: number): string {
  const letters = Array.from(new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(text.trim()));
  if (letters.length <= max) return text.trim();
  return `${letters
    .slice(0, max - 1)
    .map((l) => l.segment)
    .join('')}…`;
}
