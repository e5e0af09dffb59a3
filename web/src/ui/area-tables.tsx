import type { Body, ContestRow, Summary } from '../api.ts';
import { completeness, formatCount, formatPercent, formatShare } from '../format.ts';
import { STATUS_LABEL } from '../labels.ts';
import { outcomeBadge } from '../law.ts';
import type { View } from '../route.ts';
import { useHref } from './context.ts';
import { type Column, SortableTable } from './table.tsx';

export interface AreaRow {
  readonly id: string;
  readonly name: string;
  readonly summary: Summary;
  /** Absent when the viewer may not open it. */
  readonly view?: View;
}

const LEAST_COMPLETE_FIRST = { column: 'reporting', direction: 'ascending' } as const;

function Share({ part, whole }: { part: number; whole: number }) {
  return (
    <>
      <span class="share">{formatShare(part, whole)}</span>{' '}
      <span class="of">
        {formatCount(part)}/{formatCount(whole)}
      </span>
    </>
  );
}

/** The regions of the nation or the provinces of a region, least complete first. */
export function AreaTable({
  id,
  caption,
  nameLabel,
  rows,
  body,
}: {
  id: string;
  caption: string;
  nameLabel: string;
  rows: readonly AreaRow[];
  body: Body;
}) {
  const href = useHref();
  const of = (row: AreaRow) => row.summary.bodies[body];
  const columns: Column<AreaRow>[] = [
    {
      id: 'name',
      label: nameLabel,
      value: (r) => r.name,
      cell: (r) => (r.view ? <a href={href(r.view)}>{r.name}</a> : r.name),
    },
    {
      id: 'reporting',
      label: 'Khu vực bỏ phiếu đã báo cáo',
      numeric: true,
      value: (r) => completeness(of(r).pollingAreas.reporting, of(r).pollingAreas.expected),
      cell: (r) => <Share part={of(r).pollingAreas.reporting} whole={of(r).pollingAreas.expected} />,
    },
    {
      id: 'turnout',
      label: 'Cử tri đã bỏ phiếu',
      numeric: true,
      value: (r) => (of(r).registeredVoters > 0 ? of(r).turnoutPercent : undefined),
      cell: (r) => (of(r).registeredVoters > 0 ? formatPercent(of(r).turnoutPercent) : '–'),
    },
    {
      id: 'complete',
      label: 'Đơn vị đủ kết quả',
      numeric: true,
      value: (r) => completeness(of(r).contests.COMPLETE, of(r).contests.total),
      cell: (r) => <Share part={of(r).contests.COMPLETE} whole={of(r).contests.total} />,
    },
    {
      id: 'seats',
      label: 'Ghế có người trúng cử',
      numeric: true,
      value: (r) => completeness(of(r).seats.filled, of(r).seats.total),
      cell: (r) => `${formatCount(of(r).seats.filled)}/${formatCount(of(r).seats.total)}`,
    },
    {
      id: 'incidents',
      label: 'Sự cố khẩn cấp, cao',
      numeric: true,
      firstDirection: 'descending',
      value: (r) => r.summary.incidents.CRITICAL + r.summary.incidents.HIGH,
      cell: (r) => formatCount(r.summary.incidents.CRITICAL + r.summary.incidents.HIGH),
    },
  ];
  return (
    <SortableTable
      id={id}
      caption={caption}
      rows={rows}
      columns={columns}
      initial={LEAST_COMPLETE_FIRST}
      nameOf={(r) => r.name}
      keyOf={(r) => r.id}
      empty="Không có số liệu."
    />
  );
}

/** A province's electoral units of one body, least complete first, outcome badges once complete. */
export function ContestTable({
  rows,
  body,
  caption,
}: {
  rows: readonly (ContestRow & { readonly displayName: string })[];
  body: Body;
  caption: string;
}) {
  const href = useHref();
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    {
      id: 'name',
      label: 'Đơn vị bầu cử',
      value: (r) => r.displayName,
      cell: (r) => (
        <>
          <a href={href({ kind: 'contest', contestId: r.contestId })}>{r.displayName}</a>
          {r.displayName !== r.contestId && <span class="id">{r.contestId}</span>}
        </>
      ),
    },
    {
      id: 'status',
      label: 'Tình trạng',
      value: (r) => ['NO_RESULTS', 'PARTIAL', 'COMPLETE'].indexOf(r.status),
      cell: (r) => STATUS_LABEL[r.status],
    },
    {
      id: 'reporting',
      label: 'Khu vực bỏ phiếu đã báo cáo',
      numeric: true,
      value: (r) => completeness(r.pollingAreas.reporting, r.pollingAreas.expected),
      cell: (r) => <Share part={r.pollingAreas.reporting} whole={r.pollingAreas.expected} />,
    },
    {
      id: 'turnout',
      label: 'Cử tri đã bỏ phiếu',
      numeric: true,
      value: (r) => (r.pollingAreas.reporting > 0 ? r.turnoutPercent : undefined),
      cell: (r) => (r.pollingAreas.reporting > 0 ? formatPercent(r.turnoutPercent) : '–'),
    },
    {
      id: 'outcome',
      label: 'Kết quả',
      value: (r) => outcomeBadge(r.status, r.outcome)?.text,
      cell: (r) => {
        const badge = outcomeBadge(r.status, r.outcome);
        return badge ? <span class={`badge ${badge.tone}`}>{badge.text}</span> : '–';
      },
    },
  ];
  return (
    <SortableTable
      id={`contests-${body}`}
      caption={caption}
      rows={rows}
      columns={columns}
      initial={LEAST_COMPLETE_FIRST}
      nameOf={(r) => r.displayName}
      keyOf={(r) => r.contestId}
      empty="Chưa đơn vị bầu cử nào của cơ quan này có báo cáo."
    />
  );
}
