import type { Body, Summary } from './api.ts';
import { formatCount } from './format.ts';

/**
 * One short sentence for the live region when a poll brought something new ("Đã cập nhật: thêm 120
 * khu vực bỏ phiếu báo cáo"), so that a screen reader hears what moved, not every tick.
 */
export function describeChange(
  before: Summary | undefined,
  after: Summary | undefined,
  body: Body,
  newEvents: number,
): string | undefined {
  const parts: string[] = [];
  if (before && after) {
    const b = before.bodies[body];
    const a = after.bodies[body];
    const reported = a.pollingAreas.reporting - b.pollingAreas.reporting;
    if (reported > 0) parts.push(`thêm ${formatCount(reported)} khu vực bỏ phiếu báo cáo`);
    const completed = a.contests.COMPLETE - b.contests.COMPLETE;
    if (completed > 0) parts.push(`thêm ${formatCount(completed)} đơn vị bầu cử đủ kết quả`);
    const filled = a.seats.filled - b.seats.filled;
    if (filled > 0) parts.push(`thêm ${formatCount(filled)} ghế có người trúng cử`);
    const voted = a.votersVoted - b.votersVoted;
    if (parts.length === 0 && voted !== 0) parts.push('số cử tri đi bầu thay đổi');
    const incidents = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const).reduce(
      (n, s) => n + after.incidents[s] - before.incidents[s],
      0,
    );
    if (incidents > 0) parts.push(`thêm ${formatCount(incidents)} sự cố`);
  }
  if (newEvents > 0) parts.push(`${formatCount(newEvents)} thông báo mới`);
  return parts.length > 0 ? `Đã cập nhật: ${parts.join('; ')}.` : undefined;
}
