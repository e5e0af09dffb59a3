import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Failure, Poller } from '../../../web/src/poller.ts';

/** A fake API: answers by URL, records what each request sent. */
function api(answer: (url: string, headers: Record<string, string>) => Response | Promise<Response>) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = { ...(init?.headers as Record<string, string>) };
    requests.push({ url, headers });
    return answer(url, headers);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, errors: [{ code }] }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

const URL_A = '/v1/elections/e/results';

function poller(
  fetch: typeof globalThis.fetch,
  extra: Partial<ConstructorParameters<typeof Poller>[0]> = {},
) {
  const delays: number[] = [];
  const unauthorized: Failure[] = [];
  const p = new Poller({
    intervalMs: 5_000,
    backoff: { baseMs: 5_000, capMs: 60_000 },
    timeoutMs: 9_999,
    token: () => 'vnel_test-token-000000',
    onUnauthorized: (f) => unauthorized.push(f),
    fetch,
    now: () => Date.now(),
    random: () => 0.5,
    setTimer: (run, ms) => {
      if (ms !== 9_999) delays.push(ms); // the timeout of each read is not a round
      return setTimeout(run, ms);
    },
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    ...extra,
  });
  return { p, delays, unauthorized };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-15T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the poller', () => {
  it('reads a watched URL at once, then sends the ETag it kept and skips the 304s', async () => {
    let version = 1;
    const { fetch, requests } = api((_url, headers) =>
      headers['if-none-match'] === `"v${version}"`
        ? new Response(null, { status: 304, headers: { etag: `"v${version}"` } })
        : json({ version }, { headers: { etag: `"v${version}"` } }),
    );
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.resource(URL_A)?.data).toEqual({ version: 1 });
    expect(requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(requests[0]?.headers.authorization).toBe('Bearer vnel_test-token-000000');

    await vi.advanceTimersByTimeAsync(5_000 * 3);
    expect(requests).toHaveLength(4);
    expect(requests.slice(1).every((r) => r.headers['if-none-match'] === '"v1"')).toBe(true);
    expect(p.resource(URL_A)?.data).toEqual({ version: 1 });

    version = 2;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(p.resource(URL_A)?.data).toEqual({ version: 2 });
    expect(p.resource(URL_A)?.previous).toEqual({ version: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests.at(-1)?.headers['if-none-match']).toBe('"v2"');
  });

  it('asks the browser neither to answer from its cache nor to revalidate by itself', async () => {
    const init: RequestInit[] = [];
    const fetch = (async (_: RequestInfo | URL, i?: RequestInit) => {
      init.push(i ?? {});
      return json({});
    }) as typeof globalThis.fetch;
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    expect(init[0]?.cache).toBe('no-store');
  });

  it('reads every watched URL in one round, one round per interval after success', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p, delays } = poller(fetch);
    p.watch(URL_A);
    p.watch('/v1/elections/e/turnout');
    await vi.advanceTimersByTimeAsync(20_000);
    // Rounds at 0, 5, 10, 15 and 20 s, each reading both URLs.
    expect(requests).toHaveLength(10);
    expect(delays.filter((d) => d > 0)).toEqual([5_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('backs off with jitter on errors, honours Retry-After, and resets on success', async () => {
    const answers = [
      () => problem(503, 'UNAVAILABLE'),
      () => problem(503, 'UNAVAILABLE'),
      () => problem(429, 'THROTTLED', { 'retry-after': '40' }),
      () => json({ ok: true }),
    ];
    let n = 0;
    const { fetch } = api(() => (answers[Math.min(n++, answers.length - 1)] as () => Response)());
    const { p, delays } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.status().failures).toBe(1);
    expect(delays.at(-1)).toBe(5_000 + 2_500); // base + 0.5 × 5 s
    await vi.advanceTimersByTimeAsync(7_500);
    expect(p.status().failures).toBe(2);
    expect(delays.at(-1)).toBe(5_000 + 5_000); // base + 0.5 × 10 s
    await vi.advanceTimersByTimeAsync(10_000);
    expect(p.status().failures).toBe(3);
    expect(delays.at(-1)).toBe(40_000);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(p.status().failures).toBe(0);
    expect(p.status().lastSuccessAt).toBe(Date.now());
    expect(delays.at(-1)).toBe(5_000);
  });

  it('counts an API that does not answer as a failure', async () => {
    const fetch = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof globalThis.fetch;
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(9_998);
    expect(p.status().failures).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(p.status().failures).toBe(1);
  });

  it('keeps what it showed while the API is away', async () => {
    let up = true;
    const { fetch } = api(() =>
      up ? json({ figure: 7 }, { headers: { etag: '"a"' } }) : problem(502, 'BAD_GATEWAY'),
    );
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    up = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(p.status().failures).toBe(1);
    expect(p.resource(URL_A)?.data).toEqual({ figure: 7 });
  });

  it('reads nothing while the tab is hidden, and at once when it is visible again and due', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    p.setHidden(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
    p.setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
  });

  it('waits out the interval when the tab comes back soon after a read', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    p.setHidden(true);
    await vi.advanceTimersByTimeAsync(2_000);
    p.setHidden(false);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
  });

  it('stops on pause and reads at once on resume', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    p.setPaused(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(requests).toHaveLength(1);
    p.setPaused(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
  });

  it('reads at once when the network comes back', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    p.setOffline(true);
    expect(p.status().offline).toBe(true);
    p.setOffline(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
  });

  it('signs out on 401 and reads nothing more', async () => {
    const { fetch, requests } = api(() => problem(401, 'UNAUTHENTICATED'));
    const { p, unauthorized } = poller(fetch);
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(unauthorized).toEqual([{ kind: 'unauthorized', status: 401, code: 'UNAUTHENTICATED' }]);
    expect(requests).toHaveLength(1);
  });

  it('keeps a refusal for the view, asks no more, and asks again when the view is opened again', async () => {
    const { fetch, requests } = api((url) => (url === URL_A ? problem(403, 'OUT_OF_SCOPE') : json({})));
    const { p } = poller(fetch);
    const release = p.watch(URL_A);
    p.watch('/v1/elections/e/turnout');
    await vi.advanceTimersByTimeAsync(0);
    expect(p.resource(URL_A)?.failure).toEqual({ kind: 'refused', status: 403, code: 'OUT_OF_SCOPE' });
    expect(p.status().failures).toBe(0);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(requests.filter((r) => r.url === URL_A)).toHaveLength(1);
    release();
    p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    expect(requests.filter((r) => r.url === URL_A)).toHaveLength(2);
  });

  it('stops reading a URL nobody watches', async () => {
    const { fetch, requests } = api(() => json({}));
    const { p } = poller(fetch);
    const release = p.watch(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(requests).toHaveLength(1);
  });
});

describe('reads that wait for another to change', () => {
  const NATION = '/v1/elections/e/results';
  const REGION = '/v1/elections/e/results/regions/R1';

  function country() {
    const state = { nation: 1, region: 1, regionDown: false };
    const answers = api((url, headers) => {
      if (url === REGION && state.regionDown) return problem(503, 'UNAVAILABLE');
      const version = url === NATION ? state.nation : state.region;
      const tag = `"${version}"`;
      return headers['if-none-match'] === tag
        ? new Response(null, { status: 304, headers: { etag: tag } })
        : json({ url, version }, { headers: { etag: tag } });
    });
    return { state, ...answers };
  }
  const reads = (requests: { url: string }[], url: string) => requests.filter((r) => r.url === url).length;

  it('reads the dependent once at first, then only in rounds where its parent changed', async () => {
    const { state, fetch, requests } = country();
    const { p } = poller(fetch);
    p.watch(NATION);
    p.watch(REGION, NATION);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads(requests, REGION)).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000 * 4);
    expect(reads(requests, NATION)).toBe(5);
    expect(reads(requests, REGION)).toBe(1);
    state.nation = 2;
    state.region = 2;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads(requests, REGION)).toBe(2);
    expect(p.resource(REGION)?.data).toEqual({ url: REGION, version: 2 });
  });

  it('catches up on a change it missed while a read of it failed', async () => {
    const { state, fetch, requests } = country();
    const { p } = poller(fetch, { random: () => 0 });
    p.watch(NATION);
    p.watch(REGION, NATION);
    await vi.advanceTimersByTimeAsync(0);
    state.nation = 2;
    state.region = 2;
    state.regionDown = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(p.status().failures).toBe(1);
    state.regionDown = false;
    // The nation answers 304 now, but the region is behind it: it is read again.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests.filter((r) => r.url === NATION).at(-1)?.headers['if-none-match']).toBe('"2"');
    expect(p.resource(REGION)?.data).toEqual({ url: REGION, version: 2 });
    expect(p.status().failures).toBe(0);
    const before = reads(requests, REGION);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads(requests, REGION)).toBe(before);
  });

  it('catches up on a change made while nobody watched it', async () => {
    const { state, fetch, requests } = country();
    const { p } = poller(fetch);
    p.watch(NATION);
    const release = p.watch(REGION, NATION);
    await vi.advanceTimersByTimeAsync(0);
    release();
    state.nation = 2;
    state.region = 2;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads(requests, REGION)).toBe(1);
    p.watch(REGION, NATION);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.resource(REGION)?.data).toEqual({ url: REGION, version: 2 });
  });
});

describe('following an inbox', () => {
  const event = (n: number) => ({
    eventId: `ev-${n}`,
    type: 'INCIDENT_REPORTED',
    occurredAt: '2026-03-15T10:00:00+07:00',
    severity: 'HIGH',
    scope: {},
    summary: `Sự cố ${n}`,
  });

  it('reads from the start by each nextCursor, newest first, and counts only what came later as new', async () => {
    let stored = 150;
    const { fetch, requests } = api((url) => {
      const q = new URL(url, 'http://x').searchParams;
      const after = Number(q.get('after') ?? 0);
      const limit = Number(q.get('limit'));
      const items = [];
      for (let i = after + 1; i <= Math.min(stored, after + limit); i++) items.push(event(i));
      return json({
        audience: q.get('audience'),
        mode: 'LIVE',
        items,
        nextCursor: String(after + items.length),
      });
    });
    const { p } = poller(fetch);
    p.watchInbox('e', 'PROVINCE:48');
    await vi.advanceTimersByTimeAsync(0);
    const first = p.inbox('e', 'PROVINCE:48');
    expect(first?.loaded).toBe(true);
    expect(first?.items).toHaveLength(150);
    expect(first?.items[0]?.eventId).toBe('ev-150');
    expect(first?.unseen).toBe(0);
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('after'))).toEqual([null, '100']);

    stored = 153;
    await vi.advanceTimersByTimeAsync(5_000);
    const later = p.inbox('e', 'PROVINCE:48');
    expect(later?.items.slice(0, 3).map((i) => i.eventId)).toEqual(['ev-153', 'ev-152', 'ev-151']);
    expect(later?.unseen).toBe(3);
    expect(requests.at(-1)?.url).toContain('after=150');
    p.markInboxSeen('e', 'PROVINCE:48');
    expect(p.inbox('e', 'PROVINCE:48')?.unseen).toBe(0);
  });

  it('keeps an inbox the role may not read as refused', async () => {
    const { fetch } = api(() => problem(403, 'OUT_OF_SCOPE'));
    const { p } = poller(fetch);
    p.watchInbox('e', 'COUNCIL');
    await vi.advanceTimersByTimeAsync(0);
    expect(p.inbox('e', 'COUNCIL')?.failure?.status).toBe(403);
  });
});
