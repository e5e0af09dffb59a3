import type { TurnoutPoint } from '../api.ts';
import { formatCount, formatPercent } from '../format.ts';
import { ScrollBox } from './table.tsx';

const W = 640;
const H = 240;
// Room for "100 %" and "19:00" at the phone's larger type (20 units).
const PAD = { left: 64, right: 30, top: 24, bottom: 40 };

/** "09:00" → 9. */
function hourOf(slot: string): number {
  const [h = '0', m = '0'] = slot.split(':');
  return Number(h) + Number(m) / 60;
}

/**
 * The turnout through the day: one point per reporting slot, each over its own list of voters.
 * Drawn by hand (a dozen points need no chart library); the table below is its twin, and the one
 * screen readers are pointed to.
 */
export function TurnoutChart({ series, expected }: { series: readonly TurnoutPoint[]; expected: number }) {
  if (series.length === 0) {
    return <p class="muted">Chưa có báo cáo số cử tri đi bầu trong ngày.</p>;
  }
  const hours = series.map((p) => hourOf(p.slot));
  // Polls open at 07:00 and close at 19:00 as a rule; a slot outside those hours widens the axis.
  const from = Math.min(7, ...hours);
  const to = Math.max(19, ...hours);
  const x = (h: number) => PAD.left + ((h - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (percent: number) => PAD.top + (1 - percent / 100) * (H - PAD.top - PAD.bottom);
  const points = series.map((p) => [x(hourOf(p.slot)), y(p.turnoutPercent)] as const);
  const ticks: number[] = [];
  for (let h = Math.ceil(from); h <= to; h += 2) ticks.push(h);
  const last = series[series.length - 1];
  return (
    <div class="turnout">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Biểu đồ tỷ lệ cử tri đi bầu theo giờ; lần báo cáo gần nhất ${last?.slot}: ${last ? formatPercent(last.turnoutPercent) : ''}. Số liệu ở bảng bên dưới.`}
      >
        {[0, 25, 50, 75, 100].map((p) => (
          <g key={p} class={p === 50 ? 'grid half' : 'grid'}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} />
            <text x={PAD.left - 6} y={y(p) + 4} text-anchor="end">
              {p} %
            </text>
          </g>
        ))}
        {ticks.map((h) => (
          <text key={h} class="tick" x={x(h)} y={H - 12} text-anchor="middle">
            {`${String(h).padStart(2, '0')}:00`}
          </text>
        ))}
        <polyline
          class="line"
          points={points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}
        />
        {points.map(([px, py], i) => (
          <g key={series[i]?.slot} class="point">
            <circle cx={px} cy={py} r={4.5} />
            <text x={px} y={py - 10} text-anchor="middle">
              {formatPercent(series[i]?.turnoutPercent ?? 0, 1)}
            </text>
          </g>
        ))}
      </svg>
      <ScrollBox labelledBy="turnout-caption">
        <table>
          <caption id="turnout-caption">Cử tri đi bầu theo giờ báo cáo</caption>
          <thead>
            <tr>
              <th scope="col">Giờ</th>
              <th scope="col" class="num">
                Đã bỏ phiếu
              </th>
              <th scope="col" class="num">
                Cử tri trong danh sách
              </th>
              <th scope="col" class="num">
                Tỷ lệ
              </th>
              <th scope="col" class="num">
                Khu vực báo cáo
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.slot}>
                <th scope="row">{p.slot}</th>
                <td class="num">{formatCount(p.votersVoted)}</td>
                <td class="num">{formatCount(p.registeredVoters)}</td>
                <td class="num">{formatPercent(p.turnoutPercent)}</td>
                <td class="num">
                  {formatCount(p.pollingAreas)}/{formatCount(expected)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </div>
  );
}
