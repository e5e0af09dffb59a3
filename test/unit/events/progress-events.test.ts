import { describe, expect, it } from 'vitest';
import { audiencesOf, defaultAudiences, NOTIFICATION_SETTINGS } from '../../../config/notifications.ts';
import type { RoutedEvent } from '../../../shared/events/envelope.ts';
import {
  confirmedTurnoutPercent,
  dueDeadlines,
  milestonesToPublish,
  provinceCompleteEvent,
  type ReportingDeadline,
  reportingDeadlines,
  reportsOverdueEvent,
  turnoutMilestoneEvent,
  unitResultMismatchEvent,
} from '../../../shared/events/progress-events.ts';
import type { PlacedContest } from '../../../shared/model/election-index.ts';
import type { Body } from '../../../shared/model/vocabulary.ts';

const placed = (body: Body = 'NATIONAL_ASSEMBLY', id = 'NA-01-01'): PlacedContest => ({
  contest: {
    id,
    body,
    name: 'Đơn vị bầu cử số 1',
    provinceId: '01',
    seats: 3,
    candidates: [{ id: `${id}-1`, name: 'Nguyễn Văn An', birthDate: '1968-02-01' }],
  },
  regionId: 'R2',
  provinceName: 'Hà Nội',
  expectedPollingAreaIds: ['HN-001-01', 'HN-001-02', 'HN-001-03'],
});
const audiences = (a: RoutedEvent | undefined) => (a ? audiencesOf(a.attributes, defaultAudiences()) : []);
const deadlines = reportingDeadlines('2026-03-15', 'Asia/Ho_Chi_Minh');
const deadline = (kind: ReportingDeadline['kind']): ReportingDeadline => {
  const found = deadlines.find((d) => d.kind === kind);
  if (!found) throw new Error(`no ${kind} deadline`);
  return found;
};

describe('UNIT_RESULT_MISMATCH (Art. 77: the board’s minutes against the computed result)', () => {
  const differences = [
    { path: '/validBallots', filed: 1000, computed: 998 },
    { path: '/candidateVotes/NA-01-01-1', filed: 600, computed: 598 },
  ];

  it('is HIGH at contest level, names Điều 77 and counts the differences', () => {
    const a = unitResultMismatchEvent('e', 'LIVE', placed(), { submissionId: 'u-1', differences }, 'f1', 't');
    expect(a?.event).toMatchObject({
      type: 'UNIT_RESULT_MISMATCH',
      severity: 'HIGH',
      occurredAt: 't',
      scope: { regionId: 'R2', provinceId: '01', contestId: 'NA-01-01' },
      data: { contestId: 'NA-01-01', body: 'NATIONAL_ASSEMBLY', submissionId: 'u-1', differences },
    });
    expect(a?.attributes).toMatchObject({ scopeLevel: 'CONTEST', body: 'NATIONAL_ASSEMBLY' });
    expect(a?.event.summary).toContain('Điều 77');
    expect(a?.event.summary).toContain('2 điểm');
    expect(audiences(a)).toEqual(expect.arrayContaining(['COUNCIL', 'REGION:R2']));
  });

  it('says nothing when the minutes agree', () => {
    expect(
      unitResultMismatchEvent('e', 'LIVE', placed(), { submissionId: 'u-1', differences: [] }, 'f1', 't'),
    ).toBeUndefined();
  });

  it('keeps the id for the same minutes against the same result, and changes it otherwise', () => {
    const id = (submissionId: string, fact: string, when = 't') =>
      unitResultMismatchEvent('e', 'LIVE', placed(), { submissionId, differences }, fact, when)?.event
        .eventId;
    expect(id('u-1', 'f1')).toBe(id('u-1', 'f1', 'later'));
    expect(id('u-1', 'f2')).not.toBe(id('u-1', 'f1'));
    expect(id('u-2', 'f1')).not.toBe(id('u-1', 'f1'));
  });
});

describe('PROVINCE_COMPLETE', () => {
  const hanoi = { id: '01', name: 'Hà Nội', regionId: 'R2' };
  const summary = {
    contests: 12,
    byOutcome: { ELECTED: 10, REVOTE_REQUIRED: 1, ADDITIONAL_ELECTION_REQUIRED: 1 },
  };

  it('is INFO at province level, once per province, and lists the outcomes in Vietnamese', () => {
    const a = provinceCompleteEvent('e', 'LIVE', hanoi, { ...summary, seatsFilled: 30 }, 't');
    expect(a.event).toMatchObject({
      type: 'PROVINCE_COMPLETE',
      severity: 'INFO',
      scope: { regionId: 'R2', provinceId: '01' },
      data: { provinceId: '01', contests: 12, byOutcome: summary.byOutcome, seatsFilled: 30 },
    });
    expect(a.attributes.scopeLevel).toBe('PROVINCE');
    expect(a.event.summary).toBe(
      'Hà Nội: cả 12 đơn vị bầu cử đã đủ kết quả (10 đã có người trúng cử, 1 phải bầu cử thêm, ' +
        '1 phải bầu cử lại; 30 người trúng cử).',
    );
    expect(a.event.eventId).toBe(provinceCompleteEvent('e', 'LIVE', hanoi, summary, 'later').event.eventId);
    expect(a.event.eventId).not.toBe(
      provinceCompleteEvent('e', 'LIVE', { ...hanoi, id: '31' }, summary, 't').event.eventId,
    );
    expect(a.event.eventId).not.toBe(provinceCompleteEvent('e2', 'LIVE', hanoi, summary, 't').event.eventId);
    expect(audiences(a)).toContain('REGION:R2');
    expect(audiences(a)).not.toContain('COUNCIL');
  });
});

describe('turnout milestones', () => {
  it('divides by the larger of the two lists, rounded half up to 2 decimals', () => {
    expect(confirmedTurnoutPercent(512_300, 1_000_000, 990_000)).toBe(51.23);
    expect(confirmedTurnoutPercent(512_300, 990_000, 1_000_000)).toBe(51.23);
    expect(confirmedTurnoutPercent(22_566, 100_000, 0)).toBe(22.57);
    expect(confirmedTurnoutPercent(0, 0, 0)).toBe(0);
  });

  it('publishes every threshold crossed and not yet reached, lowest first', () => {
    const thresholds = NOTIFICATION_SETTINGS.turnoutThresholds;
    expect(milestonesToPublish(49.99, thresholds, new Set())).toEqual([]);
    expect(milestonesToPublish(50, thresholds, new Set())).toEqual([50]);
    expect(milestonesToPublish(91.2, thresholds, new Set([50]))).toEqual([75, 90]);
    expect(milestonesToPublish(99.7, [95, 50, 90, 75], new Set([50, 75, 90, 95]))).toEqual([]);
  });

  const figures = {
    slot: '11',
    votersVoted: 512_300,
    registeredVoters: 1_000_000,
    pollingAreasReporting: 812,
    percent: 51.23,
  };

  it('says where, which milestone and when, in Vietnamese with a decimal comma', () => {
    const a = turnoutMilestoneEvent(
      'e',
      'LIVE',
      { level: 'PROVINCE', regionId: 'R2', provinceId: '01', name: 'Hà Nội' },
      50,
      figures,
      't',
    );
    expect(a.event).toMatchObject({
      type: 'TURNOUT_MILESTONE',
      severity: 'INFO',
      scope: { regionId: 'R2', provinceId: '01' },
      data: { level: 'PROVINCE', threshold: 50, percent: 51.23, slot: '11', pollingAreasReporting: 812 },
    });
    expect(a.attributes.scopeLevel).toBe('PROVINCE');
    expect(a.event.summary).toContain('Tỷ lệ cử tri đi bầu tại Hà Nội đã đạt mốc 50% (51,23%, lúc 11 giờ)');
    expect(a.event.summary).toContain('512.300/1.000.000 cử tri');
  });

  it('names each milestone by its own area: provinces of one region and the region itself differ', () => {
    const id = (area: Parameters<typeof turnoutMilestoneEvent>[2], threshold = 50) =>
      turnoutMilestoneEvent('e', 'LIVE', area, threshold, figures, 't').event.eventId;
    const hanoi = id({ level: 'PROVINCE', regionId: 'R2', provinceId: '01', name: 'Hà Nội' });
    const haiphong = id({ level: 'PROVINCE', regionId: 'R2', provinceId: '31', name: 'Hải Phòng' });
    const region = id({ level: 'REGION', regionId: 'R2', name: 'Đồng bằng sông Hồng' });
    const nation = id({ level: 'NATION', name: 'cả nước' });
    expect(new Set([hanoi, haiphong, region, nation]).size).toBe(4);
    expect(id({ level: 'PROVINCE', regionId: 'R2', provinceId: '01', name: 'TP. Hà Nội' })).toBe(hanoi);
    expect(id({ level: 'PROVINCE', regionId: 'R2', provinceId: '01', name: 'Hà Nội' }, 75)).not.toBe(hanoi);
  });

  it('sends national milestones to the council, regional ones to their region', () => {
    const nation = turnoutMilestoneEvent('e', 'LIVE', { level: 'NATION', name: 'cả nước' }, 75, figures, 't');
    expect(nation.event.scope).toEqual({});
    expect(nation.attributes.scopeLevel).toBe('NATION');
    expect(nation.event.summary).toContain('Tỷ lệ cử tri đi bầu trên cả nước đã đạt mốc 75%');
    expect(audiences(nation)).toContain('COUNCIL');
    const region = turnoutMilestoneEvent(
      'e',
      'TEST',
      { level: 'REGION', regionId: 'R2', name: 'Đồng bằng sông Hồng' },
      75,
      figures,
      't',
    );
    expect(region.event.scope).toEqual({ regionId: 'R2' });
    expect(audiences(region)).toContain('REGION:R2');
    expect(audiences(region)).not.toContain('COUNCIL');
    expect(region.event.summary).toMatch(/^\[THỬ NGHIỆM\] Tỷ lệ cử tri đi bầu/);
  });
});

describe('reporting deadlines', () => {
  it('puts polling night at the start of polling day + 24 h, local time', () => {
    expect(deadline('NIGHT')).toEqual({ kind: 'NIGHT', at: '2026-03-16T00:00:00+07:00' });
    expect(reportingDeadlines('2026-03-15', 'Asia/Ho_Chi_Minh', { silentAfterHours: 30 })[0]?.at).toBe(
      '2026-03-16T06:00:00+07:00',
    );
  });

  it('ends the counting minutes’ 3 days after polling day at the start of E+4 (Art. 76 (3))', () => {
    expect(deadline('COUNTING_MINUTES')).toEqual({
      kind: 'COUNTING_MINUTES',
      at: '2026-03-19T00:00:00+07:00',
      article: 'Art. 76 (3)',
    });
  });

  it('ends the board’s result minutes’ 5 days after polling day at the start of E+6 (Art. 77 (3), (4))', () => {
    expect(deadline('RESULT_MINUTES')).toMatchObject({ at: '2026-03-21T00:00:00+07:00' });
    expect(deadlines.map((d) => d.kind)).toEqual(['NIGHT', 'COUNTING_MINUTES', 'RESULT_MINUTES']);
  });

  it('writes each deadline with the zone’s offset on its own day', () => {
    const europe = reportingDeadlines('2026-03-26', 'Europe/Berlin');
    expect(europe.map((d) => d.at)).toEqual([
      '2026-03-27T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      '2026-04-01T00:00:00+02:00',
    ]);
  });

  it('is due from the deadline until the alert window closes', () => {
    const at = (iso: string) => dueDeadlines(new Date(iso), deadlines, 24).map((d) => d.kind);
    expect(at('2026-03-15T23:59:59+07:00')).toEqual([]);
    expect(at('2026-03-16T00:00:00+07:00')).toEqual(['NIGHT']);
    expect(at('2026-03-16T23:59:59+07:00')).toEqual(['NIGHT']);
    expect(at('2026-03-17T00:00:00+07:00')).toEqual([]);
    expect(at('2026-03-19T08:00:00+07:00')).toEqual(['COUNTING_MINUTES']);
    expect(at('2026-03-21T00:00:00+07:00')).toEqual(['RESULT_MINUTES']);
    expect(at('2026-03-25T00:00:00+07:00')).toEqual([]);
    expect(dueDeadlines(new Date('2026-03-19T08:00:00+07:00'), deadlines, 4)).toEqual([]);
  });
});

describe('REPORTS_OVERDUE', () => {
  const missing = { pollingAreaIds: ['HN-001-02'], expected: 3, unitResultFiled: false };

  it('at polling night: MEDIUM, for polling areas without a tally', () => {
    const a = reportsOverdueEvent('e', 'LIVE', placed(), deadline('NIGHT'), missing);
    expect(a?.event).toMatchObject({
      type: 'REPORTS_OVERDUE',
      severity: 'MEDIUM',
      occurredAt: '2026-03-16T00:00:00+07:00',
      scope: { regionId: 'R2', provinceId: '01', contestId: 'NA-01-01' },
      data: {
        contestId: 'NA-01-01',
        body: 'NATIONAL_ASSEMBLY',
        kind: 'NIGHT',
        deadline: '2026-03-16T00:00:00+07:00',
        missingPollingAreaIds: ['HN-001-02'],
        missingCount: 1,
        expected: 3,
      },
    });
    expect(a?.attributes).toMatchObject({ scopeLevel: 'CONTEST', body: 'NATIONAL_ASSEMBLY' });
    expect(a?.event.summary).toContain('1/3 khu vực bỏ phiếu chưa gửi biên bản kết quả kiểm phiếu');
    expect(
      reportsOverdueEvent('e', 'LIVE', placed(), deadline('NIGHT'), { ...missing, pollingAreaIds: [] }),
    ).toBe(undefined);
  });

  it('after the counting minutes’ deadline (Art. 76 (3)): HIGH, naming the article', () => {
    const a = reportsOverdueEvent('e', 'LIVE', placed(), deadline('COUNTING_MINUTES'), missing);
    expect(a?.event.severity).toBe('HIGH');
    expect(a?.event.data).toMatchObject({ kind: 'COUNTING_MINUTES', article: 'Art. 76 (3)' });
    expect(a?.event.summary).toContain('Điều 76 khoản 3');
  });

  it('after the result minutes’ deadline (Art. 77 (3), (4)): about the board’s minutes, not the polling areas', () => {
    const due = deadline('RESULT_MINUTES');
    expect(
      reportsOverdueEvent('e', 'LIVE', placed(), due, { ...missing, unitResultFiled: true }),
    ).toBeUndefined();
    const na = reportsOverdueEvent('e', 'LIVE', placed(), due, { ...missing, pollingAreaIds: [] });
    expect(na?.event.severity).toBe('HIGH');
    expect(na?.event.summary).toContain('Ban bầu cử chưa gửi biên bản xác định kết quả bầu cử');
    expect(na?.event.summary).toContain('Điều 77 khoản 3');
    const council = reportsOverdueEvent('e', 'LIVE', placed('PROVINCIAL_COUNCIL', 'PC-01-01'), due, missing);
    expect(council?.event.summary).toContain('Điều 77 khoản 4');
    expect(council?.event.summary).toContain('1/3 khu vực bỏ phiếu');
  });

  it('is one event per contest and deadline kind', () => {
    const id = (kind: ReportingDeadline['kind'], contest = placed()) =>
      reportsOverdueEvent('e', 'LIVE', contest, deadline(kind), missing)?.event.eventId;
    expect(id('NIGHT')).toBe(
      reportsOverdueEvent('e', 'LIVE', placed(), deadline('NIGHT'), {
        ...missing,
        pollingAreaIds: ['a', 'b'],
      })?.event.eventId,
    );
    expect(id('COUNTING_MINUTES')).not.toBe(id('NIGHT'));
    expect(id('NIGHT', placed('NATIONAL_ASSEMBLY', 'NA-01-02'))).not.toBe(id('NIGHT'));
  });

  it('routes NA contests to the council, council contests to their region only', () => {
    const na = reportsOverdueEvent('e', 'LIVE', placed(), deadline('COUNTING_MINUTES'), missing);
    expect(audiences(na)).toEqual(expect.arrayContaining(['COUNCIL', 'REGION:R2']));
    const commune = reportsOverdueEvent(
      'e',
      'LIVE',
      placed('COMMUNE_COUNCIL', 'CC-01-01'),
      deadline('COUNTING_MINUTES'),
      missing,
    );
    expect(audiences(commune)).toContain('REGION:R2');
    expect(audiences(commune)).not.toContain('COUNCIL');
  });

  it('lists at most 200 missing polling areas and counts them all, and marks a TEST election', () => {
    const many = Array.from({ length: 250 }, (_, i) => `PA-${i}`);
    const a = reportsOverdueEvent('e', 'TEST', placed(), deadline('NIGHT'), {
      pollingAreaIds: many,
      expected: 400,
      unitResultFiled: false,
    });
    expect(a?.event.data.missingPollingAreaIds).toHaveLength(200);
    expect(a?.event.data.missingCount).toBe(250);
    expect(a?.event.summary).toMatch(/^\[THỬ NGHIỆM\] /);
  });
});
