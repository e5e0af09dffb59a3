import { describe, expect, it } from 'vitest';
import type { BodySummary, Summary } from '../../../web/src/api.ts';
import { describeChange } from '../../../web/src/changes.ts';

const body = (reporting: number, complete: number, filled: number, voted = 0): BodySummary => ({
  registeredVoters: 1000,
  votersVoted: voted,
  turnoutPercent: 0,
  pollingAreas: { reporting, expected: 500 },
  contests: {
    total: 10,
    NO_RESULTS: 0,
    PARTIAL: 0,
    COMPLETE: complete,
    PENDING: 0,
    ELECTED: 0,
    REVOTE_REQUIRED: 0,
    ADDITIONAL_ELECTION_REQUIRED: 0,
  },
  seats: { total: 30, filled },
});
const summary = (na: BodySummary, high = 0): Summary => ({
  bodies: { NATIONAL_ASSEMBLY: na, PROVINCIAL_COUNCIL: body(0, 0, 0), COMMUNE_COUNCIL: body(0, 0, 0) },
  incidents: { CRITICAL: 0, HIGH: high, MEDIUM: 0, LOW: 0 },
});

describe('what the live region says after a poll', () => {
  it('says how many more polling areas reported, units completed and seats filled', () => {
    expect(describeChange(summary(body(100, 1, 3)), summary(body(1300, 3, 9)), 'NATIONAL_ASSEMBLY', 0)).toBe(
      'Đã cập nhật: thêm 1.200 khu vực bỏ phiếu báo cáo; thêm 2 đơn vị bầu cử đủ kết quả; thêm 6 ghế có người trúng cử.',
    );
  });

  it('speaks of the body shown only, and of new incidents and events', () => {
    expect(
      describeChange(summary(body(100, 1, 3)), summary(body(100, 1, 3), 2), 'NATIONAL_ASSEMBLY', 3),
    ).toBe('Đã cập nhật: thêm 2 sự cố; 3 thông báo mới.');
    expect(
      describeChange(summary(body(100, 1, 3)), summary(body(150, 1, 3)), 'PROVINCIAL_COUNCIL', 0),
    ).toBeUndefined();
  });

  it('says nothing when nothing moved, and nothing on the first read', () => {
    expect(
      describeChange(summary(body(100, 1, 3)), summary(body(100, 1, 3)), 'NATIONAL_ASSEMBLY', 0),
    ).toBeUndefined();
    expect(describeChange(undefined, summary(body(100, 1, 3)), 'NATIONAL_ASSEMBLY', 0)).toBeUndefined();
  });
});
