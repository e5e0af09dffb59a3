import { describe, expect, it } from 'vitest';
import { audiencesOf, defaultAudiences } from '../../../config/notifications.ts';
import type { RoutedEvent } from '../../../shared/events/envelope.ts';
import {
  anomalyEvents,
  incidentEvent,
  type ReportContext,
  tallyCorrectedEvent,
} from '../../../shared/events/report-events.ts';
import type { IncidentReport } from '../../../shared/model/report.ts';

const hanoi: ReportContext = {
  electionId: 'vn-2026',
  mode: 'LIVE',
  regionId: 'R2',
  provinceId: '01',
  provinceName: 'Hà Nội',
};
const receivedAt = '2026-03-15T21:10:00+07:00';
const tally = (version: number, pollingAreaId = 'HN-001-01') => ({
  submissionId: `s-${pollingAreaId}-${version}`,
  pollingAreaId,
  contestId: 'NA-01-01',
  version,
  correctionReason: 'Nhập nhầm số phiếu hợp lệ',
  receivedAt,
});
const changes = [
  { path: '/validBallots', from: 1826, to: 1828 },
  { path: '/invalidBallots', from: 14, to: 12 },
];
const incident = (
  severity: IncidentReport['severity'],
  where: { pollingAreaId: string } | { provinceId: string } = { pollingAreaId: 'HN-001-01' },
) => ({
  type: 'incident' as const,
  submissionId: `i-${severity}`,
  ...where,
  category: 'SECURITY' as const,
  severity,
  occurredAt: '2026-03-15T09:40:00+07:00',
  description: 'Một nhóm người tụ tập gây rối trước điểm bỏ phiếu.',
  receivedAt: '2026-03-15T09:45:00+07:00',
});
const audiences = (a: RoutedEvent | undefined) => (a ? audiencesOf(a.attributes, defaultAudiences()) : []);

describe('TALLY_CORRECTED', () => {
  it('says nothing about a first version, which corrects nothing', () => {
    expect(tallyCorrectedEvent(hanoi, tally(1), 'NATIONAL_ASSEMBLY', [])).toBeUndefined();
  });

  it('publishes a correction at LOW severity with what changed, in Vietnamese', () => {
    const routed = tallyCorrectedEvent(hanoi, tally(2), 'NATIONAL_ASSEMBLY', changes);
    expect(routed?.event).toMatchObject({
      type: 'TALLY_CORRECTED',
      electionId: 'vn-2026',
      mode: 'LIVE',
      occurredAt: receivedAt,
      severity: 'LOW',
      scope: { regionId: 'R2', provinceId: '01', contestId: 'NA-01-01', pollingAreaId: 'HN-001-01' },
      data: {
        submissionId: 's-HN-001-01-2',
        body: 'NATIONAL_ASSEMBLY',
        version: 2,
        previousVersion: 1,
        correctionReason: 'Nhập nhầm số phiếu hợp lệ',
        changes,
      },
    });
    expect(routed?.attributes).toMatchObject({ scopeLevel: 'POLLING_AREA', body: 'NATIONAL_ASSEMBLY' });
    expect(routed?.event.summary).toContain('đã sửa biên bản kết quả kiểm phiếu ĐBQH');
    expect(routed?.event.summary).toContain('2 số liệu thay đổi');
    expect(routed?.event.summary).toContain('Hà Nội');
    expect(routed?.event.summary).toMatch(/Lý do: Nhập nhầm số phiếu hợp lệ\.$/);
  });

  it('reaches the council and the region for NA minutes, only the region for commune-council minutes', () => {
    const na = audiences(tallyCorrectedEvent(hanoi, tally(2), 'NATIONAL_ASSEMBLY', changes));
    expect(na).toEqual(expect.arrayContaining(['COUNCIL', 'REGION:R2']));
    expect(na).not.toContain('REGION:R5');
    const commune = audiences(tallyCorrectedEvent(hanoi, tally(2), 'COMMUNE_COUNCIL', changes));
    expect(commune).toContain('REGION:R2');
    expect(commune).not.toContain('COUNCIL');
  });

  it('gives the same version of the same minutes the same id, another version or polling area another', () => {
    const id = (version: number, pollingAreaId?: string) =>
      tallyCorrectedEvent(hanoi, tally(version, pollingAreaId), 'NATIONAL_ASSEMBLY', changes)?.event.eventId;
    expect(id(2)).toBeDefined();
    expect(id(2)).toBe(
      tallyCorrectedEvent(hanoi, { ...tally(2), receivedAt: 'later' }, 'NATIONAL_ASSEMBLY', [])?.event
        .eventId,
    );
    expect(id(3)).not.toBe(id(2));
    expect(id(2, 'HN-001-02')).not.toBe(id(2));
  });

  it('marks a TEST election at the start of the summary', () => {
    const test = tallyCorrectedEvent({ ...hanoi, mode: 'TEST' }, tally(2), 'PROVINCIAL_COUNCIL', changes);
    expect(test?.event.summary).toMatch(/^\[THỬ NGHIỆM\] /);
    expect(test?.event.mode).toBe('TEST');
    expect(tallyCorrectedEvent(hanoi, tally(2), 'PROVINCIAL_COUNCIL', changes)?.event.summary).not.toMatch(
      /THỬ NGHIỆM/,
    );
  });
});

describe('ANOMALY_DETECTED', () => {
  const report = {
    submissionId: 's-1',
    type: 'tally' as const,
    pollingAreaId: 'HN-001-01',
    contestId: 'NA-01-01',
    receivedAt,
  };
  const invalidShare = { code: 'INVALID_SHARE_HIGH', path: '/invalidBallots', message: '12.0 % invalid' };
  const identical = { code: 'IDENTICAL_TALLY', path: '', message: 'identical to HN-001-02' };

  it('raises one MEDIUM event per warning, and none without warnings', () => {
    expect(anomalyEvents(hanoi, report, 'NATIONAL_ASSEMBLY', [])).toEqual([]);
    const events = anomalyEvents(hanoi, report, 'NATIONAL_ASSEMBLY', [invalidShare, identical]);
    expect(events).toHaveLength(2);
    expect(events.map((a) => a.event.severity)).toEqual(['MEDIUM', 'MEDIUM']);
    expect(events[0]?.event).toMatchObject({
      type: 'ANOMALY_DETECTED',
      occurredAt: receivedAt,
      scope: { regionId: 'R2', provinceId: '01', contestId: 'NA-01-01', pollingAreaId: 'HN-001-01' },
      data: {
        submissionId: 's-1',
        reportType: 'tally',
        pollingAreaId: 'HN-001-01',
        contestId: 'NA-01-01',
        code: 'INVALID_SHARE_HIGH',
        path: '/invalidBallots',
        message: '12.0 % invalid',
      },
    });
    expect(events[0]?.event.summary).toContain('tỷ lệ phiếu không hợp lệ cao bất thường');
    expect(events[0]?.event.eventId).not.toBe(events[1]?.event.eventId);
  });

  it('keeps the id of the same finding on the same report, and changes it for another report', () => {
    const once = anomalyEvents(hanoi, report, 'NATIONAL_ASSEMBLY', [invalidShare])[0]?.event.eventId;
    const again = anomalyEvents(hanoi, { ...report, receivedAt: 'retry' }, 'NATIONAL_ASSEMBLY', [
      invalidShare,
    ])[0]?.event.eventId;
    const other = anomalyEvents(hanoi, { ...report, submissionId: 's-2' }, 'NATIONAL_ASSEMBLY', [
      invalidShare,
    ])[0]?.event.eventId;
    expect(once).toBe(again);
    expect(other).not.toBe(once);
  });

  it('routes NA findings to the council; a turnout report without a contest stays with its region', () => {
    const na = anomalyEvents(hanoi, report, 'NATIONAL_ASSEMBLY', [invalidShare])[0];
    expect(audiences(na)).toEqual(expect.arrayContaining(['COUNCIL', 'REGION:R2']));
    const turnout = anomalyEvents(
      hanoi,
      { submissionId: 't-1', type: 'turnout', pollingAreaId: 'HN-001-01', receivedAt },
      undefined,
      [{ code: 'TURNOUT_DECREASED', path: '/votersVoted', message: 'fell' }],
    )[0];
    expect(turnout?.attributes).toMatchObject({ scopeLevel: 'POLLING_AREA' });
    expect(turnout?.attributes.body).toBeUndefined();
    expect(turnout?.event.scope).not.toHaveProperty('contestId');
    expect(audiences(turnout)).toContain('REGION:R2');
    expect(audiences(turnout)).not.toContain('COUNCIL');
  });

  it('puts a board’s unit result at contest level', () => {
    const unit = anomalyEvents(
      hanoi,
      { submissionId: 'u-1', type: 'unitResult', contestId: 'PC-01-03', receivedAt },
      'PROVINCIAL_COUNCIL',
      [invalidShare],
    )[0];
    expect(unit?.attributes).toMatchObject({ scopeLevel: 'CONTEST', body: 'PROVINCIAL_COUNCIL' });
    expect(unit?.event.summary).toContain('biên bản xác định kết quả bầu cử HĐND tỉnh');
  });
});

describe('INCIDENT_REPORTED (Art. 71: reported at once)', () => {
  it('pushes HIGH and CRITICAL incidents only; LOW and MEDIUM are counted, not pushed', () => {
    expect(incidentEvent(hanoi, incident('LOW'))).toBeUndefined();
    expect(incidentEvent(hanoi, incident('MEDIUM'))).toBeUndefined();
    expect(incidentEvent(hanoi, incident('HIGH'))?.event.severity).toBe('HIGH');
    expect(incidentEvent(hanoi, incident('CRITICAL'))?.event.severity).toBe('CRITICAL');
  });

  it('marks a CRITICAL incident as urgent and sends it to the council; a HIGH one to the region', () => {
    const critical = incidentEvent(hanoi, incident('CRITICAL'));
    expect(critical?.event.summary).toMatch(/^KHẨN CẤP: /);
    expect(critical?.event.summary).toContain('an ninh');
    expect(critical?.event.summary).toContain('gây rối');
    expect(audiences(critical)).toEqual(expect.arrayContaining(['COUNCIL', 'REGION:R2']));
    const high = incidentEvent(hanoi, incident('HIGH'));
    expect(high?.event.summary).not.toContain('KHẨN CẤP');
    expect(audiences(high)).toContain('REGION:R2');
    expect(audiences(high)).not.toContain('COUNCIL');
    const test = incidentEvent({ ...hanoi, mode: 'TEST' }, incident('CRITICAL'));
    expect(test?.event.summary).toMatch(/^\[THỬ NGHIỆM\] KHẨN CẤP: /);
  });

  it('speaks of a polling area when it names one, else of the province', () => {
    const atArea = incidentEvent(hanoi, incident('HIGH'));
    expect(atArea?.attributes.scopeLevel).toBe('POLLING_AREA');
    expect(atArea?.event.scope).toEqual({ regionId: 'R2', provinceId: '01', pollingAreaId: 'HN-001-01' });
    expect(atArea?.event.data).toMatchObject({
      submissionId: 'i-HIGH',
      category: 'SECURITY',
      severity: 'HIGH',
      occurredAt: '2026-03-15T09:40:00+07:00',
      pollingAreaId: 'HN-001-01',
      provinceId: '01',
    });
    const inProvince = incidentEvent(hanoi, incident('HIGH', { provinceId: '01' }));
    expect(inProvince?.attributes.scopeLevel).toBe('PROVINCE');
    expect(inProvince?.event.scope).toEqual({ regionId: 'R2', provinceId: '01' });
    expect(inProvince?.event.data).not.toHaveProperty('pollingAreaId');
  });

  it('derives the id from the submission, and keeps a long description out of the summary', () => {
    const a = incidentEvent(hanoi, incident('HIGH'));
    expect(a?.event.eventId).toBe(
      incidentEvent(hanoi, { ...incident('HIGH'), receivedAt: 'retry' })?.event.eventId,
    );
    expect(a?.event.eventId).not.toBe(incidentEvent(hanoi, incident('CRITICAL'))?.event.eventId);
    const long = incidentEvent(hanoi, { ...incident('HIGH'), description: 'mưa lớn, '.repeat(400) });
    expect(long?.event.summary.length).toBeLessThan(500);
    expect(long?.event.summary.endsWith('…')).toBe(true);
    expect(long?.event.data.description).toHaveLength(3600);
  });
});
