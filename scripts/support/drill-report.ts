import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ledger } from './drill-ledger.ts';
import type { readLogs } from './replay-metrics.ts';

export interface DrillFigures {
  readonly ledger: Ledger;
  readonly logs: ReturnType<typeof readLogs>;
  readonly putRate: number;
  readonly wallSeconds: number;
}

const s = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** The drill's report: printed, and written as drill-report.json and drill-report.svg into `dir`. */
export function writeDrillReport(dir: string, figures: DrillFigures): { text: string; balanced: boolean } {
  const { ledger, logs } = figures;
  const balanced = ledger.checks.every((c) => c.ok);
  const rate = ledger.accepted / ledger.replaySeconds;
  const perReport = (n: number) => (n / Math.max(1, ledger.accepted)).toFixed(2);
  const lines = [
    `ledger: ${balanced ? 'BALANCED' : 'DOES NOT BALANCE'}`,
    ...ledger.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.found}`),
    `sent: ${JSON.stringify(ledger.sent)}`,
    `faults: ${ledger.windows.map((w) => `${w.fault}${w.detail ? ` (${w.detail})` : ''} ${((w.to - w.from) / 1000).toFixed(1)} s`).join('; ') || 'none'}`,
    `accepted ${ledger.accepted} reports in ${ledger.replaySeconds.toFixed(1)} s = ${rate.toFixed(1)} /s (plain conditional PutItem on the same DynamoDB Local: ${figures.putRate.toFixed(0)} /s; ratio ${(rate / figures.putRate).toFixed(3)})`,
    `freshness, accepted → in the national summary (first minutes): p50 ${s(ledger.freshness.p50)} s, p99 ${s(ledger.freshness.p99)} s`,
    ...ledger.freshnessByHour.map(
      (h) =>
        `  ${String(h.hour).padStart(2, '0')}:00  p50 ${s(h.p50)} s  p99 ${s(h.p99)} s  (${h.count} minutes)`,
    ),
    `hottest aggregate item: ${logs.hottest.count} writes in one second (${logs.hottest.key})`,
    `DynamoDB per report: ${perReport(logs.read)} read units, ${perReport(logs.write)} write units`,
    `aggregator batch duration: p50 ${logs.aggregatorBatchMs.p50} ms, p99 ${logs.aggregatorBatchMs.p99} ms`,
    `settling after the replay (recount clean): ${ledger.drainSeconds.toFixed(1)} s; wall time ${(figures.wallSeconds / 60).toFixed(1)} min`,
  ];
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'drill-report.json'),
    `${JSON.stringify({ balanced, ...figures, ledger: { ...ledger, freshness: { p50: ledger.freshness.p50, p99: ledger.freshness.p99 } } }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'drill-report.svg'), chart(ledger));
  lines.push(`written: ${path.join(dir, 'drill-report.json')}, ${path.join(dir, 'drill-report.svg')}`);
  return { text: lines.join('\n'), balanced };
}

/** Throughput (reports/s) and freshness (p99, s) in ten-second steps, with the faults marked. */
function chart(ledger: Ledger): string {
  const width = 960;
  const windows = [...ledger.windows].sort((a, b) => a.from - b.from);
  const height = 420 + 16 * windows.length;
  const pad = { left: 56, right: 56, top: 36, bottom: 44 + 16 * windows.length };
  const points = ledger.throughput;
  const end = Math.max(10, ...points.map((p) => p.second + 10));
  const maxRate = Math.max(1, ...points.map((p) => p.accepted));
  const maxLag = Math.max(1, ...points.map((p) => p.lagP99 ?? 0));
  const x = (second: number) => pad.left + (second / end) * (width - pad.left - pad.right);
  const yRate = (v: number) => height - pad.bottom - (v / maxRate) * (height - pad.top - pad.bottom);
  const yLag = (v: number) => height - pad.bottom - (v / maxLag) * (height - pad.top - pad.bottom);
  const rate = points.map((p) => `${x(p.second).toFixed(1)},${yRate(p.accepted).toFixed(1)}`).join(' ');
  const lag = points
    .filter((p) => p.lagP99 !== null)
    .map((p) => `${x(p.second).toFixed(1)},${yLag(p.lagP99 ?? 0).toFixed(1)}`)
    .join(' ');
  // Each fault a numbered line at its start, named in the legend under the chart.
  const faults = windows
    .map((w, i) => {
      const at = x(Math.max(0, (w.from - ledger.runStarted) / 1000));
      const seconds = Math.round((w.from - ledger.runStarted) / 1000);
      const legendY = height - pad.bottom + 40 + i * 16;
      return `<line x1="${at}" x2="${at}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#b91c1c" stroke-dasharray="3 3"/><text x="${at + 3}" y="${pad.top + 12}" font-size="11" fill="#b91c1c">${i + 1}</text><text x="${pad.left}" y="${legendY}" font-size="11" fill="#b91c1c">${i + 1}. ${seconds} s: ${w.fault}${w.detail ? ` (${w.detail})` : ''}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<title>Diễn tập: báo cáo được nhận mỗi giây và độ trễ của tổng hợp toàn quốc</title>
<rect width="${width}" height="${height}" fill="#fff"/>
<text x="${pad.left}" y="20" font-size="14">Báo cáo/giây (xanh) và độ trễ p99 đến tổng hợp toàn quốc, giây (cam) — theo thời gian chạy</text>
<line x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}" stroke="#333"/>
<text x="${pad.left}" y="${height - pad.bottom + 16}" font-size="11">0 s</text>
<text x="${width - pad.right - 40}" y="${height - pad.bottom + 16}" font-size="11">${end} s</text>
<text x="8" y="${pad.top + 4}" font-size="11" fill="#1d4ed8">${maxRate.toFixed(0)}/s</text>
<text x="${width - pad.right + 4}" y="${pad.top + 4}" font-size="11" fill="#c2410c">${maxLag.toFixed(1)} s</text>
<polyline fill="none" stroke="#1d4ed8" stroke-width="1.5" points="${rate}"/>
<polyline fill="none" stroke="#c2410c" stroke-width="1.5" points="${lag}"/>
${faults}
</svg>
`;
}
