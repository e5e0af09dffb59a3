import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Me, urls } from '../api.ts';
import { DEFAULT_BACKOFF } from '../backoff.ts';
import { DEFAULT_ELECTION_ID } from '../config.ts';
import { breadcrumbs, Names } from '../names.ts';
import { Poller } from '../poller.ts';
import { ReportingFace, reportPath } from '../report/face.tsx';
import {
  homeView,
  inboxAudience,
  ROLE_LABEL,
  readsResults,
  sendsReports,
  type Viewer,
  viewerOf,
} from '../roles.ts';
import { formatRoute, parseRoute, type Route } from '../route.ts';
import { isTokenShaped, type TokenStore, tokenFromFragment } from '../session.ts';
import { AreaView } from './area-view.tsx';
import { Breadcrumbs, ConnectionBanner, Provisional, TestBanner } from './chrome.tsx';
import { ContestView } from './contest-view.tsx';
import { type Dashboard, DashboardContext } from './context.ts';
import { InboxView } from './inbox-view.tsx';
import { SignIn } from './sign-in.tsx';

const ELECTION_KEY = 'election-night.election';

/** What GET /v1/me said of one token: a check of the token before stands for nothing. */
type Check = { readonly token?: string } & (
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly viewer: Viewer }
  | { readonly state: 'unreachable'; readonly status?: number }
);

export interface AppProps {
  readonly store: TokenStore;
  readonly pollIntervalMs: number;
  /** Set when the page was opened with a `#token=` that cannot be a token. */
  readonly linkProblem?: string;
}

export function App({ store, pollIntervalMs, linkProblem }: AppProps) {
  const [token, setToken] = useState(store.get());
  const [message, setMessage] = useState(linkProblem);
  const [checked, setCheck] = useState<Check>({ state: 'checking' });
  const check: Check = checked.token === token ? checked : { state: 'checking' };
  const [attempt, setAttempt] = useState(0);
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const signOut = (why?: string) => {
    store.clear();
    setToken(undefined);
    setMessage(why);
  };

  // A `#token=` link opened in a tab that is already open.
  useEffect(() => {
    const onHash = (event: HashChangeEvent) => {
      // The event's own URL: a later change of the fragment must not hide the token this one brought.
      const link = tokenFromFragment(new URL(event.newURL).hash);
      if (!link) return;
      if (tokenFromFragment(location.hash)) {
        history.replaceState(
          null,
          '',
          `${location.pathname}${location.search}${link.rest ? `#${link.rest}` : ''}`,
        );
      }
      if (!isTokenShaped(link.token))
        return setMessage('Đường liên kết đăng nhập không chứa mã truy cập hợp lệ.');
      store.set(link.token);
      setToken(link.token);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!token) return;
    let live = true;
    setCheck({ token, state: 'checking' });
    readMe(token).then((answer) => {
      if (!live) return;
      if (answer.kind === 'unauthorized')
        signOut('Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi. Hãy đăng nhập bằng mã khác.');
      else if (answer.kind === 'ok') setCheck({ token, state: 'ok', viewer: viewerOf(answer.me) });
      // An API without GET /v1/me: offer everything and let each read say what is refused.
      else if (answer.kind === 'absent') setCheck({ token, state: 'ok', viewer: { role: 'UNKNOWN' } });
      else
        setCheck(
          answer.status
            ? { token, state: 'unreachable', status: answer.status }
            : { token, state: 'unreachable' },
        );
    });
    return () => {
      live = false;
    };
  }, [token, attempt]);

  if (!token) {
    return (
      <SignIn
        message={message}
        electionId={sessionStorage.getItem(ELECTION_KEY) ?? DEFAULT_ELECTION_ID}
        onSignIn={(t, electionId) => {
          store.set(t);
          sessionStorage.setItem(ELECTION_KEY, electionId);
          const parsed = parseRoute(location.hash);
          if (parsed.kind === 'route' && parsed.route.electionId !== electionId)
            history.replaceState(null, '', '#/');
          setMessage(undefined);
          setToken(t);
        }}
      />
    );
  }
  if (check.state === 'checking') {
    return (
      <main id="main" class="sign-in" aria-busy="true">
        <p>Đang kiểm tra mã truy cập…</p>
      </main>
    );
  }
  if (check.state === 'unreachable') {
    return (
      <main id="main" class="sign-in">
        <h1>Chưa kết nối được máy chủ</h1>
        <p role="alert">
          Không kiểm tra được mã truy cập{check.status ? ` (HTTP ${check.status})` : ''}. Hãy kiểm tra kết nối
          mạng rồi thử lại.
        </p>
        <p class="actions">
          <button type="button" onClick={() => setAttempt(attempt + 1)}>
            Thử lại
          </button>{' '}
          <button type="button" class="secondary" onClick={() => signOut()}>
            Đăng xuất
          </button>
        </p>
      </main>
    );
  }
  const reporting = reportPath(hash);
  if (sendsReports(check.viewer) && (reporting || !readsResults(check.viewer))) {
    const parsed = parseRoute(hash);
    const electionId =
      reporting?.electionId ??
      (parsed.kind === 'route' ? parsed.route.electionId : undefined) ??
      sessionStorage.getItem(ELECTION_KEY) ??
      DEFAULT_ELECTION_ID;
    return (
      <ReportingFace
        key={`${token}-${electionId}`}
        token={token}
        scope={check.viewer}
        electionId={electionId}
        onSignOut={() => signOut('Bạn đã đăng xuất.')}
      />
    );
  }
  return (
    <SignedIn
      key={token}
      token={token}
      viewer={check.viewer}
      pollIntervalMs={pollIntervalMs}
      onSignOut={signOut}
    />
  );
}

async function readMe(
  token: string,
): Promise<
  | { kind: 'ok'; me: Me }
  | { kind: 'absent' }
  | { kind: 'unauthorized' }
  | { kind: 'unreachable'; status?: number }
> {
  const key = await meKey(token);
  try {
    const response = await fetch(urls.me(), {
      cache: 'no-store',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    if (response.status === 401) {
      if (key) localStorage.removeItem(key);
      return { kind: 'unauthorized' };
    }
    if (response.status === 404) return { kind: 'absent' };
    if (!response.ok) return { kind: 'unreachable', status: response.status };
    const me = (await response.json()) as Me;
    if (key) localStorage.setItem(key, JSON.stringify(me));
    return { kind: 'ok', me };
  } catch {
    // No network: what the API said of this token last time, so that a reporter's form opens
    // offline. Only a hash of the token names it; the token itself stays in the tab.
    const kept = key ? localStorage.getItem(key) : null;
    return kept ? { kind: 'ok', me: JSON.parse(kept) as Me } : { kind: 'unreachable' };
  }
}

async function meKey(token: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `election-night.me.${hex.slice(0, 32)}`;
}

function SignedIn({
  token,
  viewer,
  pollIntervalMs,
  onSignOut,
}: {
  token: string;
  viewer: Viewer;
  pollIntervalMs: number;
  onSignOut: (why?: string) => void;
}) {
  const [, setRound] = useState(0);
  const [hash, setHash] = useState(location.hash);
  const [announcement, setAnnouncement] = useState('');
  const names = useMemo(() => new Names(), []);
  const poller = useMemo(
    () =>
      new Poller({
        intervalMs: pollIntervalMs,
        backoff: { ...DEFAULT_BACKOFF, baseMs: pollIntervalMs },
        timeoutMs: Math.min(15_000, Math.max(3_000, 2 * pollIntervalMs)),
        token: () => token,
        onUnauthorized: () =>
          onSignOut('Mã truy cập không còn hiệu lực (hết hạn hoặc đã bị thu hồi). Hãy đăng nhập lại.'),
        fetch: (input, init) => fetch(input, init),
        now: () => Date.now(),
        random: Math.random,
        setTimer: (run, ms) => setTimeout(run, ms),
        clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      }),
    [],
  );

  useEffect(() => {
    const unsubscribe = poller.subscribe(() => setRound((n) => n + 1));
    const onVisibility = () => poller.setHidden(document.visibilityState === 'hidden');
    const onOnline = () => poller.setOffline(false);
    const onOffline = () => poller.setOffline(true);
    const onHash = () => setHash(location.hash);
    document.addEventListener('visibilitychange', onVisibility);
    addEventListener('online', onOnline);
    addEventListener('offline', onOffline);
    addEventListener('hashchange', onHash);
    onVisibility();
    if (!navigator.onLine) poller.setOffline(true);
    return () => {
      unsubscribe();
      poller.stop();
      document.removeEventListener('visibilitychange', onVisibility);
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOffline);
      removeEventListener('hashchange', onHash);
    };
  }, [poller]);

  const parsed = parseRoute(hash);
  const home = homeView(viewer);
  const electionId =
    parsed.kind === 'route'
      ? parsed.route.electionId
      : (sessionStorage.getItem(ELECTION_KEY) ?? DEFAULT_ELECTION_ID);
  const route: Route =
    parsed.kind === 'route' ? parsed.route : { electionId, view: home, body: 'NATIONAL_ASSEMBLY' };

  // The bare address opens the viewer's own level, as a replaceable entry: Back leaves the page.
  useEffect(() => {
    if (parsed.kind === 'home') {
      history.replaceState(null, '', formatRoute(route));
      setHash(location.hash);
    }
  }, [parsed.kind]);
  useEffect(() => {
    sessionStorage.setItem(ELECTION_KEY, electionId);
  }, [electionId]);

  const follow = inboxAudience(viewer);
  useEffect(() => (follow ? poller.watchInbox(electionId, follow.audience) : undefined), [electionId]);
  const inbox = follow ? poller.inbox(electionId, follow.audience) : undefined;
  const unseen = inbox?.unseen ?? 0;
  const lastUnseen = useRef(0);
  useEffect(() => {
    if (unseen > lastUnseen.current) setAnnouncement(`${unseen - lastUnseen.current} thông báo mới.`);
    lastUnseen.current = unseen;
  }, [unseen]);

  const viewKey = `${route.electionId}|${JSON.stringify(route.view)}`;
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    // After a move, the reader starts at the new page's heading, as after a page load; the
    // heading comes with the view's first answer, so wait for it a little, then settle for main.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const focusHeading = () => {
      const heading = document.getElementById('page-title');
      if (heading) heading.focus();
      else if (++tries < 30) timer = setTimeout(focusHeading, 100);
      else document.getElementById('main')?.focus();
    };
    focusHeading();
    return () => clearTimeout(timer);
  }, [viewKey]);

  // Every answer kept names places (the nation its regions, a region its provinces), so the trail
  // and the header can name them whichever view read them.
  for (const data of poller.cachedData()) names.learn(data);
  const dashboard: Dashboard = { poller, viewer, route, names, home, announce: setAnnouncement };
  const trail = breadcrumbs(route.view, names, viewer);
  useEffect(() => {
    document.title = `${trail[trail.length - 1]?.label ?? ''} – Kết quả bầu cử`;
  });
  const test =
    viewer.mode === 'TEST' || poller.watchedData().some((d) => (d as { mode?: string })?.mode === 'TEST');
  const paused = poller.status().paused;
  const homeHref = formatRoute({ ...route, view: home });
  return (
    <DashboardContext.Provider value={dashboard}>
      {/* A button, not a link to #main: the fragment holds the page's route. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Bỏ qua, đến nội dung chính
      </button>
      {test && <TestBanner />}
      <header class="top">
        <div class="brand">
          <a href={homeHref} class="site">
            Kết quả bầu cử
          </a>
          <span class="election">{electionId}</span>
        </div>
        <p class="who">
          {ROLE_LABEL[viewer.role]}
          {viewer.provinceId ? ` · ${names.province(viewer.provinceId) ?? viewer.provinceId}` : ''}
          {viewer.regionId ? ` · ${names.region(viewer.regionId) ?? viewer.regionId}` : ''}
        </p>
        <nav aria-label="Chức năng" class="tools">
          {follow && (
            <a
              href={formatRoute({ ...route, view: { kind: 'inbox' } })}
              aria-current={route.view.kind === 'inbox' ? 'page' : undefined}
            >
              Thông báo{unseen > 0 ? ` (${unseen} mới)` : ''}
            </a>
          )}
          {sendsReports(viewer) && <a href={`#/e/${encodeURIComponent(electionId)}/report`}>Gửi báo cáo</a>}
          <button type="button" class="secondary" onClick={() => poller.setPaused(!paused)}>
            {paused ? 'Tiếp tục cập nhật' : 'Tạm dừng cập nhật'}
          </button>
          <button type="button" class="secondary" onClick={() => onSignOut('Bạn đã đăng xuất.')}>
            Đăng xuất
          </button>
        </nav>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        <Breadcrumbs />
        <p class="live" role="status">
          {announcement}
        </p>
        {parsed.kind === 'invalid' ? (
          <>
            <h1 id="page-title" tabIndex={-1}>
              Không có trang này
            </h1>
            <p>
              Địa chỉ không dẫn tới trang nào. <a href={homeHref}>Về trang theo dõi của bạn</a>
            </p>
          </>
        ) : route.view.kind === 'contest' ? (
          <ContestView key={viewKey} contestId={route.view.contestId} />
        ) : route.view.kind === 'inbox' ? (
          <InboxView />
        ) : (
          <AreaView
            key={viewKey}
            place={
              route.view.kind === 'region'
                ? { level: 'REGION', regionId: route.view.regionId }
                : route.view.kind === 'province'
                  ? { level: 'PROVINCE', provinceId: route.view.provinceId }
                  : { level: 'NATION' }
            }
          />
        )}
        <Provisional />
      </main>
      <footer class="foot">
        <p>
          Giờ hiển thị theo giờ Việt Nam (UTC+7). Bản đồ: dữ liệu ranh giới từ vietnamese-provinces-database
          (Thang Le Quoc, giấy phép MIT), có quần đảo Hoàng Sa và quần đảo Trường Sa.
        </p>
      </footer>
    </DashboardContext.Provider>
  );
}
