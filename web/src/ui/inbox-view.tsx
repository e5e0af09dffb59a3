import { useEffect } from 'preact/hooks';
import { formatClock, formatCount } from '../format.ts';
import { EVENT_LABEL, SEVERITY_LABEL } from '../labels.ts';
import { INBOX_KEEP } from '../poller.ts';
import { inboxAudience, mayReadProvince } from '../roles.ts';
import type { View } from '../route.ts';
import { Loading, Refusal } from './chrome.tsx';
import { useDashboard, useHref, useNow } from './context.ts';

/** The viewer's notifications, newest first, following the inbox's cursor as events arrive. */
export function InboxView() {
  const { poller, viewer, route, names } = useDashboard();
  const href = useHref();
  const now = useNow(60_000);
  const follow = inboxAudience(viewer);
  const inbox = follow ? poller.inbox(route.electionId, follow.audience) : undefined;
  const count = inbox?.items.length ?? 0;
  useEffect(() => {
    if (follow) poller.markInboxSeen(route.electionId, follow.audience);
  }, [count]);
  if (!follow) {
    return (
      <>
        <h1 id="page-title" tabIndex={-1}>
          Thông báo
        </h1>
        <p>Vai trò của bạn không có hộp thông báo.</p>
      </>
    );
  }
  if (inbox?.failure) return <Refusal failure={inbox.failure} what="hộp thông báo này" />;
  if (!inbox?.loaded && count === 0) return <Loading />;
  const linkOf = (scope: { contestId?: string; provinceId?: string }): View | undefined => {
    if (scope.contestId) return { kind: 'contest', contestId: scope.contestId };
    if (scope.provinceId && mayReadProvince(viewer, scope.provinceId, names.regionOf(scope.provinceId)))
      return { kind: 'province', provinceId: scope.provinceId };
    return undefined;
  };
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Thông báo
      </h1>
      <p class="subtitle">
        Hộp thông báo {audienceLabel(follow.audience, names)}, mới nhất trước
        {count >= INBOX_KEEP ? ` (hiện ${formatCount(INBOX_KEEP)} thông báo gần nhất)` : ''}.
      </p>
      {count === 0 ? (
        <p>Chưa có thông báo nào.</p>
      ) : (
        <ol class="inbox">
          {inbox?.items.map((event) => {
            const view = linkOf(event.scope);
            const severity = event.severity.toLowerCase();
            return (
              <li key={event.eventId} class={`event sev-${severity}`}>
                <p class="event-head">
                  <span class={`sev-badge sev-${severity}`}>{SEVERITY_LABEL[event.severity]}</span>{' '}
                  <strong>{EVENT_LABEL[event.type] ?? event.type}</strong>{' '}
                  <time dateTime={event.occurredAt}>{formatClock(event.occurredAt, now)}</time>
                </p>
                <p>{view ? <a href={href(view)}>{event.summary}</a> : event.summary}</p>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}

/** "COUNCIL", "REGION:R2", "PROVINCE:01" as an official says them. */
function audienceLabel(
  audience: string | undefined,
  names: { region(id: string): string | undefined; province(id: string): string | undefined },
): string {
  if (!audience) return 'của bạn';
  if (audience === 'COUNCIL') return 'của Hội đồng bầu cử quốc gia';
  const [kind, id = ''] = audience.split(':');
  if (kind === 'REGION') return `của hội nghị ${names.region(id) ?? id}`;
  if (kind === 'PROVINCE') return `của Ủy ban bầu cử ${names.province(id) ?? id}`;
  return audience;
}
