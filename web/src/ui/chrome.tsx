import type { ComponentChildren } from 'preact';
import { formatAgo, formatClock } from '../format.ts';
import { breadcrumbs } from '../names.ts';
import type { Failure } from '../poller.ts';
import { freshness } from '../staleness.ts';
import { useDashboard, useHref, useNow } from './context.ts';

/** Full width and on every page of a TEST election: drill figures must never pass for live ones. */
export function TestBanner() {
  return (
    <div class="test-banner">
      <strong>DỮ LIỆU THỬ NGHIỆM – KHÔNG PHẢI KẾT QUẢ CHÍNH THỨC</strong>
    </div>
  );
}

/** Amber after two missed intervals, red after five minutes; neutral while paused. */
export function ConnectionBanner() {
  const { poller } = useDashboard();
  const now = useNow();
  const health = poller.status();
  if (health.paused) {
    return (
      <div class="banner paused">
        Đã tạm dừng cập nhật tự động. Số liệu trên trang không thay đổi cho đến khi bạn bấm “Tiếp tục cập
        nhật”.
      </div>
    );
  }
  const state = freshness({ ...health, now });
  if (state === 'fresh') return null;
  const since = health.lastSuccessAt
    ? ` Lần đọc được gần nhất: ${formatAgo(now - health.lastSuccessAt)}.`
    : ' Chưa đọc được số liệu nào.';
  return (
    <div class={`banner ${state}`} role="alert">
      <strong>{state === 'lost' ? 'Mất kết nối đã lâu' : 'Mất kết nối'} — số liệu có thể đã cũ.</strong>
      {since} Trang tự thử lại.
    </div>
  );
}

/** "Số liệu tính đến …" is the server's as-of; "Kiểm tra lần cuối" the last successful read. */
export function Clocks({ asOf }: { asOf: string | null | undefined }) {
  const { poller } = useDashboard();
  const now = useNow();
  const { lastSuccessAt } = poller.status();
  return (
    <p class="clocks">
      <span>
        Số liệu tính đến:{' '}
        {asOf ? <time dateTime={asOf}>{formatClock(asOf, now)}</time> : <span>chưa có báo cáo</span>}
      </span>
      <span>
        Kiểm tra lần cuối: {lastSuccessAt === undefined ? 'đang kiểm tra…' : formatAgo(now - lastSuccessAt)}
      </span>
    </p>
  );
}

export function Breadcrumbs() {
  const { route, names, viewer } = useDashboard();
  const href = useHref();
  const trail = breadcrumbs(route.view, names, viewer);
  return (
    <nav aria-label="Vị trí" class="crumbs">
      <ol>
        {trail.map((crumb, i) => (
          <li key={`${i}-${crumb.label}`}>
            {crumb.view ? (
              <a href={href(crumb.view)}>{crumb.label}</a>
            ) : (
              <span aria-current={i === trail.length - 1 ? 'page' : undefined}>{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Provisional() {
  return (
    <p class="provisional">
      Số liệu tạm thời, chưa chính thức, tổng hợp từ báo cáo của các địa phương; kết quả chính thức do Hội
      đồng bầu cử quốc gia và các Ủy ban bầu cử công bố.
    </p>
  );
}

/** What the page says when the API refuses a view: never a blank page. */
export function Refusal({ failure, what }: { failure: Failure; what: string }) {
  const { home } = useDashboard();
  const href = useHref();
  const message =
    failure.code === 'MODE_MISMATCH'
      ? `Mã truy cập này dành cho chế độ khác (thật hoặc thử nghiệm) nên không xem được ${what}.`
      : failure.status === 403
        ? `Mã truy cập của bạn không có quyền xem ${what}.`
        : failure.status === 404
          ? `Không tìm thấy ${what}.`
          : `Máy chủ từ chối yêu cầu xem ${what}.`;
  return (
    <section class="refusal" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Không xem được trang này
      </h1>
      <p>{message}</p>
      <p class="muted">
        Mã lỗi: {failure.code ?? 'không rõ'} (HTTP {failure.status})
      </p>
      <p>
        <a href={href(home)}>Về trang theo dõi của bạn</a>
      </p>
    </section>
  );
}

export function Loading() {
  const { poller } = useDashboard();
  return (
    <p class="loading" aria-busy="true">
      {poller.status().failures > 0 ? 'Chưa tải được số liệu — đang thử lại…' : 'Đang tải số liệu…'}
    </p>
  );
}

export function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="panel">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
