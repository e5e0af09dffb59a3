import { NOTIFICATION_SETTINGS } from '../../config/notifications.ts';
import { percentHalfUp } from '../law/percent.ts';
import { offsetOn } from '../law/report-rules.ts';
import type { PlacedContest } from '../model/election-index.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import type { Difference } from '../tabulation/unit-result-check.ts';
import { contestName, contestScope } from './contest-events.ts';
import { eventIdOf, modePrefix, type RoutedEvent, routedEvent } from './envelope.ts';

type Mode = ElectionMode;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A contest of a big city has hundreds of polling areas; the count says the rest. */
const MISSING_LISTED = 200;

const numbers = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/**
 * UNIT_RESULT_MISMATCH: an electoral board's own result minutes differ from what its polling
 * areas' minutes add up to (Art. 77). `fact` names the computed result compared with, so the same
 * minutes found wrong against another result are a new finding.
 */
export function unitResultMismatchEvent(
  electionId: string,
  mode: Mode,
  placed: PlacedContest,
  check: { readonly submissionId: string; readonly differences: readonly Difference[] },
  fact: string,
  occurredAt: string,
): RoutedEvent | undefined {
  if (check.differences.length === 0) return undefined;
  const { contest } = placed;
  const summary =
    `${contestName(placed)}: biên bản xác định kết quả bầu cử của Ban bầu cử khác kết quả tính từ ` +
    `các biên bản kết quả kiểm phiếu ở ${check.differences.length} điểm (Điều 77), cần kiểm tra.`;
  return routedEvent(
    {
      eventId: eventIdOf('UNIT_RESULT_MISMATCH', electionId, contest.id, check.submissionId, fact),
      type: 'UNIT_RESULT_MISMATCH',
      electionId,
      mode,
      occurredAt,
      severity: 'HIGH',
      scope: contestScope(placed),
      summary: `${modePrefix(mode)}${summary}`,
      data: {
        contestId: contest.id,
        body: contest.body,
        submissionId: check.submissionId,
        differenceCount: check.differences.length,
        differences: check.differences,
      },
    },
    'CONTEST',
    contest.body,
  );
}

const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  ELECTED: 'đã có người trúng cử',
  ADDITIONAL_ELECTION_REQUIRED: 'phải bầu cử thêm',
  REVOTE_REQUIRED: 'phải bầu cử lại',
  PENDING: 'đang chờ',
};

/** PROVINCE_COMPLETE: every contest of a province has all its minutes; one per province. */
export function provinceCompleteEvent(
  electionId: string,
  mode: Mode,
  province: { readonly id: string; readonly name: string; readonly regionId: string },
  summary: {
    readonly contests: number;
    readonly byOutcome: Readonly<Record<string, number>>;
    readonly seatsFilled?: number | undefined;
  },
  occurredAt: string,
): RoutedEvent {
  const known = Object.keys(OUTCOME_NAMES);
  const states = [
    ...known,
    ...Object.keys(summary.byOutcome)
      .filter((s) => !known.includes(s))
      .sort(),
  ];
  const outcomes = states
    .filter((s) => (summary.byOutcome[s] ?? 0) > 0)
    .map((s) => `${numbers.format(summary.byOutcome[s] ?? 0)} ${OUTCOME_NAMES[s] ?? s}`)
    .join(', ');
  const seats =
    summary.seatsFilled === undefined ? '' : `${numbers.format(summary.seatsFilled)} người trúng cử`;
  const detail = [outcomes, seats].filter((part) => part !== '').join('; ');
  return routedEvent(
    {
      eventId: eventIdOf('PROVINCE_COMPLETE', electionId, province.id),
      type: 'PROVINCE_COMPLETE',
      electionId,
      mode,
      occurredAt,
      severity: 'INFO',
      scope: { regionId: province.regionId, provinceId: province.id },
      summary: `${modePrefix(mode)}${province.name}: cả ${numbers.format(summary.contests)} đơn vị bầu cử đã đủ kết quả${detail ? ` (${detail})` : ''}.`,
      data: {
        provinceId: province.id,
        provinceName: province.name,
        contests: summary.contests,
        byOutcome: summary.byOutcome,
        ...(summary.seatsFilled === undefined ? {} : { seatsFilled: summary.seatsFilled }),
      },
    },
    'PROVINCE',
  );
}

/**
 * Turnout no one can later take back: the list total grows during the day, so the larger of the
 * definition's list and the reported one is the denominator.
 */
export function confirmedTurnoutPercent(
  votersVoted: number,
  registeredOnList: number,
  registeredReported: number,
): number {
  return percentHalfUp(votersVoted, Math.max(registeredOnList, registeredReported));
}

/** Every threshold the turnout has reached and that was not published yet, lowest first. */
export function milestonesToPublish(
  percent: number,
  thresholds: readonly number[],
  reached: ReadonlySet<number>,
): number[] {
  return [...new Set(thresholds)].filter((t) => t <= percent && !reached.has(t)).sort((a, b) => a - b);
}

/** The area a turnout figure is about; its own id names the milestone. */
export type TurnoutArea =
  | { readonly level: 'NATION'; readonly name: string }
  | { readonly level: 'REGION'; readonly regionId: string; readonly name: string }
  | {
      readonly level: 'PROVINCE';
      readonly regionId: string;
      readonly provinceId: string;
      readonly name: string;
    };

export interface TurnoutFigures {
  /** The reporting slot, "HH" in the election's time zone. */
  readonly slot: string;
  readonly votersVoted: number;
  readonly registeredVoters: number;
  readonly pollingAreasReporting: number;
  readonly percent: number;
}

/** TURNOUT_MILESTONE: an area's confirmed turnout reached a configured threshold; once per area and threshold. */
export function turnoutMilestoneEvent(
  electionId: string,
  mode: Mode,
  area: TurnoutArea,
  threshold: number,
  figures: TurnoutFigures,
  occurredAt: string,
): RoutedEvent {
  const areaId = area.level === 'NATION' ? 'VN' : area.level === 'REGION' ? area.regionId : area.provinceId;
  const scope =
    area.level === 'NATION'
      ? {}
      : area.level === 'REGION'
        ? { regionId: area.regionId }
        : { regionId: area.regionId, provinceId: area.provinceId };
  const summary =
    `Tỷ lệ cử tri đi bầu ${area.level === 'NATION' ? 'trên cả nước' : `tại ${area.name}`} đã đạt mốc ${numbers.format(threshold)}% ` +
    `(${numbers.format(figures.percent)}%, lúc ${Number(figures.slot)} giờ): ` +
    `${numbers.format(figures.votersVoted)}/${numbers.format(figures.registeredVoters)} cử tri, ` +
    `${numbers.format(figures.pollingAreasReporting)} khu vực bỏ phiếu đã báo cáo.`;
  return routedEvent(
    {
      eventId: eventIdOf('TURNOUT_MILESTONE', electionId, area.level, areaId, String(threshold)),
      type: 'TURNOUT_MILESTONE',
      electionId,
      mode,
      occurredAt,
      severity: 'INFO',
      scope,
      summary: `${modePrefix(mode)}${summary}`,
      data: { level: area.level, ...scope, threshold, ...figures },
    },
    area.level,
  );
}

export type DeadlineKind = 'NIGHT' | 'COUNTING_MINUTES' | 'RESULT_MINUTES';

export interface ReportingDeadline {
  readonly kind: DeadlineKind;
  /** RFC 3339 with the offset of the election's time zone on that day. */
  readonly at: string;
  /** The article that sets it; none for NIGHT, which is configuration. */
  readonly article?: string;
}

/**
 * When silence becomes news: polling night (configuration), the counting minutes at the latest
 * 3 days after polling day (Art. 76 (3)) and the board's result minutes at the latest 5 days after
 * (Art. 77 (3), (4)). "N days after" ends with day E+N, so each legal deadline is the next midnight.
 */
export function reportingDeadlines(
  pollingDay: string,
  timeZone: string,
  settings: { readonly silentAfterHours: number } = NOTIFICATION_SETTINGS.overdue,
): ReportingDeadline[] {
  const start = Date.parse(`${pollingDay}T00:00:00Z`);
  return [
    { kind: 'NIGHT', at: localInstant(start + settings.silentAfterHours * HOUR_MS, timeZone) },
    { kind: 'COUNTING_MINUTES', at: localInstant(start + 4 * DAY_MS, timeZone), article: 'Art. 76 (3)' },
    { kind: 'RESULT_MINUTES', at: localInstant(start + 6 * DAY_MS, timeZone), article: 'Art. 77 (3), (4)' },
  ];
}

/** The deadlines passed within the window: older ones are history, so an election loaded late does not alarm. */
export function dueDeadlines(
  now: Date,
  deadlines: readonly ReportingDeadline[],
  alertWindowHours: number,
): ReportingDeadline[] {
  const t = now.getTime();
  return deadlines.filter((d) => {
    const at = Date.parse(d.at);
    return at <= t && t < at + alertWindowHours * HOUR_MS;
  });
}

/**
 * REPORTS_OVERDUE: at NIGHT and COUNTING_MINUTES, polling areas of the contest without a tally;
 * at RESULT_MINUTES, the board's result minutes not filed. Nothing when nothing is missing.
 * One per contest and deadline; it happened at the deadline, whenever the sweep noticed.
 */
export function reportsOverdueEvent(
  electionId: string,
  mode: Mode,
  placed: PlacedContest,
  deadline: ReportingDeadline,
  missing: {
    readonly pollingAreaIds: readonly string[];
    readonly expected: number;
    readonly unitResultFiled: boolean;
  },
): RoutedEvent | undefined {
  const missingCount = missing.pollingAreaIds.length;
  if (deadline.kind === 'RESULT_MINUTES' ? missing.unitResultFiled : missingCount === 0) return undefined;
  const { contest } = placed;
  const when = wallClock(deadline.at);
  const silent = `${numbers.format(missingCount)}/${numbers.format(missing.expected)} khu vực bỏ phiếu chưa gửi biên bản kết quả kiểm phiếu`;
  const summary = {
    NIGHT: `đến ${when} còn ${silent}.`,
    COUNTING_MINUTES: `đã quá hạn ${when} (chậm nhất 03 ngày sau ngày bầu cử, Điều 76 khoản 3) mà còn ${silent}.`,
    RESULT_MINUTES:
      `đã quá hạn ${when} (chậm nhất 05 ngày sau ngày bầu cử, Điều 77 khoản ` +
      `${contest.body === 'NATIONAL_ASSEMBLY' ? 3 : 4}) mà Ban bầu cử chưa gửi biên bản xác định kết quả bầu cử.` +
      (missingCount > 0 ? ` Còn ${silent}.` : ''),
  }[deadline.kind];
  return routedEvent(
    {
      eventId: eventIdOf('REPORTS_OVERDUE', electionId, contest.id, deadline.kind),
      type: 'REPORTS_OVERDUE',
      electionId,
      mode,
      occurredAt: deadline.at,
      severity: deadline.kind === 'NIGHT' ? 'MEDIUM' : 'HIGH',
      scope: contestScope(placed),
      summary: `${modePrefix(mode)}${contestName(placed)}: ${summary}`,
      data: {
        contestId: contest.id,
        body: contest.body,
        kind: deadline.kind,
        deadline: deadline.at,
        article: deadline.article ?? null,
        missingPollingAreaIds: missing.pollingAreaIds.slice(0, MISSING_LISTED),
        missingCount,
        expected: missing.expected,
        unitResultFiled: missing.unitResultFiled,
      },
    },
    'CONTEST',
    contest.body,
  );
}

/** A wall-clock time, given as if it were UTC, as the instant it is in the zone on that day. */
function localInstant(wallClockMs: number, timeZone: string): string {
  const local = new Date(wallClockMs).toISOString().slice(0, 19);
  return `${local}${offsetOn(local.slice(0, 10), timeZone)}`;
}

/** "00:00 ngày 19/03/2026" from an instant written with its local offset, as reportingDeadlines writes it. */
function wallClock(at: string): string {
  return `${at.slice(11, 16)} ngày ${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)}`;
}
