import { describe, expect, it } from 'vitest';
import {
  completeness,
  formatAgo,
  formatClock,
  formatCount,
  formatPercent,
  formatShare,
} from '../../../web/src/format.ts';

const NBSP = '\u00a0';

describe('Vietnamese figures', () => {
  it('groups thousands with dots', () => {
    expect(formatCount(72195)).toBe('72.195');
    expect(formatCount(69456721)).toBe('69.456.721');
    expect(formatCount(0)).toBe('0');
  });

  it('writes percentages with a decimal comma, fixed decimals and a spaced sign', () => {
    expect(formatPercent(83.12)).toBe(`83,12${NBSP}%`);
    expect(formatPercent(44.8)).toBe(`44,80${NBSP}%`);
    expect(formatPercent(83.14, 1)).toBe(`83,1${NBSP}%`);
    expect(formatPercent(0)).toBe(`0${NBSP}%`);
    expect(formatPercent(100)).toBe(`100${NBSP}%`);
  });

  it('never reads complete while one polling area is missing', () => {
    expect(completeness(9996, 10000)).toBe(99.9);
    expect(formatShare(9999, 10000)).toBe(`99,9${NBSP}%`);
    expect(formatShare(831, 1000)).toBe(`83,1${NBSP}%`);
    expect(formatShare(35, 35)).toBe(`100${NBSP}%`);
  });

  it('shows a dash, not 0 %, when nothing is expected', () => {
    expect(completeness(0, 0)).toBeUndefined();
    expect(formatShare(0, 0)).toBe('–');
  });
});

describe('times on the polling day’s clock', () => {
  const now = Date.parse('2026-03-15T13:30:00Z'); // 20:30 in Hà Nội

  it('shows the time alone on the same day in Asia/Ho_Chi_Minh', () => {
    expect(formatClock('2026-03-15T13:15:32Z', now)).toBe('20:15:32');
    expect(formatClock('2026-03-15T20:15:32+07:00', now)).toBe('20:15:32');
  });

  it('adds the date on another day there, even when UTC says the same day', () => {
    // 18:00 UTC on the 15th is 01:00 on the 16th in Hà Nội.
    expect(formatClock('2026-03-15T18:00:00Z', now)).toBe('01:00:00 ngày 16/03/2026');
  });

  it('refuses to print a time it cannot read', () => {
    expect(formatClock('not a time', now)).toBe('–');
  });

  it('says how long ago in Vietnamese', () => {
    expect(formatAgo(12_000)).toBe('12 giây trước');
    expect(formatAgo(0)).toBe('bây giờ');
    expect(formatAgo(3 * 60_000 + 5_000)).toBe('3 phút trước');
    expect(formatAgo(2 * 3_600_000)).toBe('2 giờ trước');
  });
});
