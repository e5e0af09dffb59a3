import { describe, expect, it } from 'vitest';
import {
  correctionHasReason,
  electedAreCandidates,
  localDate,
  turnoutOnPollingDay,
} from '../../../shared/law/report-rules.ts';

const contest = {
  id: 'NA-01-01',
  seats: 2,
  candidates: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id, birthDate: '1970-01-01' })),
};

describe('report rules', () => {
  it('a correction (version > 1) must say why; a first version need not', () => {
    expect(correctionHasReason(1, undefined)).toBeUndefined();
    expect(correctionHasReason(2, undefined)?.code).toBe('CORRECTION_REASON_REQUIRED');
    expect(correctionHasReason(2, 'Kiểm lại')).toBeUndefined();
  });
  it('reads polling day in the election’s time zone, not UTC', () => {
    expect(localDate('2026-03-14T17:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-03-15');
    expect(turnoutOnPollingDay('2026-03-14T17:30:00Z', '2026-03-15', 'Asia/Ho_Chi_Minh')).toBeUndefined();
    expect(
      turnoutOnPollingDay('2026-03-15T23:59:59+07:00', '2026-03-15', 'Asia/Ho_Chi_Minh'),
    ).toBeUndefined();
    expect(turnoutOnPollingDay('2026-03-15T17:00:00Z', '2026-03-15', 'Asia/Ho_Chi_Minh')?.code).toBe(
      'TURNOUT_OUTSIDE_POLLING_DAY',
    );
  });
  it('Art. 77 (2) k: the elected are candidates of the unit, listed once, no more than its seats', () => {
    expect(electedAreCandidates(['a', 'b'], contest)).toEqual([]);
    expect(electedAreCandidates(['a', 'x'], contest).map((p) => p.code)).toEqual(['UNKNOWN_CANDIDATE']);
    expect(electedAreCandidates(['a', 'a'], contest).map((p) => p.code)).toEqual(['DUPLICATE_ID']);
    expect(electedAreCandidates(['a', 'b', 'c'], contest).map((p) => p.code)).toEqual([
      'ELECTED_EXCEED_SEATS',
    ]);
  });
});
