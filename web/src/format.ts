/** Numbers and times as officials read them: Vietnamese separators, the polling day's own clock. */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const counts = new Intl.NumberFormat('vi-VN');
const decimals = [0, 1, 2].map(
  (digits) =>
    new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
);
const clock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const day = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const relative = new Intl.RelativeTimeFormat('vi', { numeric: 'auto' });

/** 72195 → "72.195". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/**
 * 83.1 → "83,10 %": always `digits` decimals, so that a column of shares lines up, except the
 * exact ends "0 %" and "100 %". The sign is appended here rather than by the percent style, whose
 * spacing differs between ICU versions.
 */
export function formatPercent(percent: number, digits: 0 | 1 | 2 = 2): string {
  const places = percent === 0 || percent === 100 ? 0 : digits;
  return `${(decimals[places] as Intl.NumberFormat).format(percent)}\u00a0%`;
}

/**
 * What share of `whole` has come in, rounded down so that a level never reads "100 %" while one
 * polling area is missing; undefined when nothing is expected.
 */
export function completeness(part: number, whole: number): number | undefined {
  if (whole <= 0) return undefined;
  return Math.floor((part * 1000) / whole) / 10;
}

/** "212/396 (53,5 %)"-style share; a dash when nothing is expected. */
export function formatShare(part: number, whole: number): string {
  const c = completeness(part, whole);
  return c === undefined ? '–' : formatPercent(c, 1);
}

/** "20:15:32", with the date in front when it is not the day of `now` on the polling day's clock. */
export function formatClock(iso: string, now: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '–';
  const time = clock.format(at);
  return day.format(at) === day.format(new Date(now)) ? time : `${time} ngày ${day.format(at)}`;
}

/** "12 giây trước", "3 phút trước", "bây giờ". */
export function formatAgo(elapsedMs: number): string {
  const seconds = Math.max(0, Math.round(elapsedMs / 1000));
  if (seconds < 60) return relative.format(-seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, 'minute');
  return relative.format(-Math.floor(minutes / 60), 'hour');
}
