import { type ElectionEvent, type InboxAnswer, urls } from './api.ts';
import { type BackoffPolicy, parseRetryAfter, retryDelay } from './backoff.ts';

/**
 * The page's one poller. Views watch the URLs they show; one round reads every watched URL, each
 * with the ETag of its last answer (a 304 costs no body). A URL watched `after` another is read
 * only when that one changed since it was last read (the nation's answer holds every region's
 * figures, so an unchanged nation means unchanged regions). Then the next round is set with one
 * setTimeout — the interval after a success, a growing random delay after a failure. Nothing is
 * read while the tab is hidden or the viewer paused; coming back reads at once if a round is due.
 */

export type Failure =
  /** The token is unknown, revoked or expired: the page signs out. */
  | { readonly kind: 'unauthorized'; readonly status: number; readonly code?: string }
  /** The API refuses this read for good (403 scope or mode, 404, 400): asking again will not help. */
  | { readonly kind: 'refused'; readonly status: number; readonly code?: string }
  /** No answer, a timeout, 429 or 5xx: try again later. */
  | { readonly kind: 'transient'; readonly status?: number; readonly code?: string };

export interface Resource<T = unknown> {
  readonly data?: T;
  /** The data before the last change, to say what changed. */
  readonly previous?: T;
  readonly etag?: string | undefined;
  /** Set while the API refuses this read. */
  readonly failure?: Failure | undefined;
  /** When the data last changed (a 200), and when it was last confirmed (200 or 304). */
  readonly changedAt?: number;
  readonly checkedAt?: number;
}

export interface Inbox {
  /** Newest first, at most INBOX_KEEP. */
  readonly items: readonly ElectionEvent[];
  readonly cursor?: string;
  /** True once the inbox was read to its end at least once. */
  readonly loaded: boolean;
  /** Events that came after the first full read, and have not been seen yet. */
  readonly unseen: number;
  readonly failure?: Failure | undefined;
}

export interface Health {
  readonly startedAt: number;
  readonly lastSuccessAt: number | undefined;
  readonly failures: number;
  readonly offline: boolean;
  readonly paused: boolean;
  readonly hidden: boolean;
  readonly intervalMs: number;
  /** Set by the round that last finished, for "what changed" messages. */
  readonly round: number;
}

export interface PollerOptions {
  readonly intervalMs: number;
  readonly backoff: BackoffPolicy;
  /** A read that has not answered after this long counts as failed. */
  readonly timeoutMs: number;
  readonly token: () => string | undefined;
  readonly onUnauthorized: (failure: Failure) => void;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly setTimer: (run: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

const INBOX_PAGE = 100;
/** Pages read from one inbox in one round, so that a long history cannot hold up the figures. */
const INBOX_PAGES_PER_ROUND = 10;
export const INBOX_KEEP = 200;
/** Answers kept for URLs no longer watched, so that going back a level shows something at once. */
const CACHE_SIZE = 40;

type Outcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'transient'; readonly retryAfterMs?: number }
  | { readonly kind: 'unauthorized'; readonly failure: Failure };

interface InboxEntry {
  electionId: string;
  audience: string | undefined;
  state: Inbox;
}

export class Poller {
  private readonly cache = new Map<string, Resource>();
  private readonly watched = new Map<string, number>();
  /** A dependent URL and the URL whose change it waits for. */
  private readonly parents = new Map<string, string>();
  private readonly inboxes = new Map<string, InboxEntry & { refs: number }>();
  private readonly listeners = new Set<() => void>();
  private timer: unknown;
  private inFlight = false;
  private again = false;
  private stopped = false;
  private health: Health;

  constructor(private readonly options: PollerOptions) {
    this.health = {
      startedAt: options.now(),
      lastSuccessAt: undefined,
      failures: 0,
      offline: false,
      paused: false,
      hidden: false,
      intervalMs: options.intervalMs,
      round: 0,
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): Health {
    return this.health;
  }

  resource<T>(url: string): Resource<T> | undefined {
    return this.cache.get(url) as Resource<T> | undefined;
  }

  inbox(electionId: string, audience: string | undefined): Inbox | undefined {
    return this.inboxes.get(inboxKey(electionId, audience))?.state;
  }

  /** The data of every answer kept, watched or not. */
  cachedData(): unknown[] {
    return [...this.cache.values()].map((r) => r.data).filter((d) => d !== undefined);
  }

  /** The data of every URL watched now. */
  watchedData(): unknown[] {
    return [...this.watched.keys()].map((url) => this.cache.get(url)?.data).filter((d) => d !== undefined);
  }

  /**
   * Reads `url` every round until the returned function is called; with `after`, only in rounds
   * where the answer at `after` changed (and once at first).
   */
  watch(url: string, after?: string): () => void {
    this.watched.set(url, (this.watched.get(url) ?? 0) + 1);
    if (after) this.parents.set(url, after);
    // A refusal is final for a round, not for a visit: coming back asks again.
    if (this.cache.get(url)?.failure) this.cache.delete(url);
    this.readSoonIfDue(this.cache.get(url)?.checkedAt);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const refs = (this.watched.get(url) ?? 1) - 1;
      if (refs > 0) this.watched.set(url, refs);
      else {
        this.watched.delete(url);
        this.parents.delete(url);
      }
    };
  }

  /** Follows an audience's inbox from its first event, by the cursor each answer gives. */
  watchInbox(electionId: string, audience: string | undefined): () => void {
    const key = inboxKey(electionId, audience);
    const entry = this.inboxes.get(key) ?? {
      electionId,
      audience,
      refs: 0,
      state: { items: [], loaded: false, unseen: 0 },
    };
    entry.refs++;
    this.inboxes.set(key, entry);
    if (entry.refs === 1 && entry.state.failure) entry.state = { ...entry.state, failure: undefined };
    this.readSoonIfDue(entry.state.loaded ? this.health.lastSuccessAt : undefined);
    return () => {
      entry.refs = Math.max(0, entry.refs - 1);
    };
  }

  /** The viewer has seen the inbox: nothing is new any more. */
  markInboxSeen(electionId: string, audience: string | undefined): void {
    const entry = this.inboxes.get(inboxKey(electionId, audience));
    if (!entry || entry.state.unseen === 0) return;
    entry.state = { ...entry.state, unseen: 0 };
    this.emit();
  }

  setPaused(paused: boolean): void {
    this.health = { ...this.health, paused };
    if (paused) this.cancelTimer();
    else this.pollNow();
    this.emit();
  }

  setHidden(hidden: boolean): void {
    this.health = { ...this.health, hidden };
    if (hidden) this.cancelTimer();
    else this.resumeWhenDue();
    this.emit();
  }

  /** The browser says the network went or came back: say so at once, and read as soon as it is back. */
  setOffline(offline: boolean): void {
    this.health = { ...this.health, offline };
    if (!offline) this.pollNow();
    this.emit();
  }

  /** A round now (or right after the one under way). */
  pollNow(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.cancelTimer();
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.listeners.clear();
  }

  private active(): boolean {
    return !this.stopped && !this.health.paused && !this.health.hidden;
  }

  /** Reads at once what was never read or not for an interval; otherwise makes sure a round is set. */
  private readSoonIfDue(checkedAt: number | undefined): void {
    const since = this.options.now() - (checkedAt ?? Number.NEGATIVE_INFINITY);
    if (since >= this.options.intervalMs) this.pollNow();
    else if (!this.inFlight) this.schedule(this.options.intervalMs - since);
  }

  private resumeWhenDue(): void {
    if (!this.active()) return;
    this.cancelTimer();
    this.readSoonIfDue(this.health.lastSuccessAt);
  }

  private schedule(ms: number): void {
    if (!this.active() || this.timer !== undefined) return;
    this.timer = this.options.setTimer(() => {
      this.timer = undefined;
      void this.round();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.options.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async round(): Promise<void> {
    if (!this.active()) return;
    this.inFlight = true;
    // What the API refused stays refused until the view is opened again.
    const urls = [...this.watched.keys()].filter((url) => !this.cache.get(url)?.failure);
    const parentOf = (url: string) => {
      const parent = this.parents.get(url);
      return parent !== undefined && this.watched.has(parent) ? parent : undefined;
    };
    const first = urls.filter((url) => !parentOf(url) || this.cache.get(url)?.data === undefined);
    const outcomes = await Promise.all([
      ...first.map((url) => this.readResource(url)),
      ...[...this.inboxes.values()]
        .filter((e) => e.refs > 0 && !e.state.failure)
        .map((e) => this.readInbox(e)),
    ]);
    // A dependent is behind when its parent changed after it was last confirmed: in this round,
    // or while nobody watched it, or in a round where reading it failed.
    const behind = (url: string) =>
      (this.cache.get(url)?.checkedAt ?? -1) <
      (this.cache.get(parentOf(url) ?? '')?.changedAt ?? Number.NEGATIVE_INFINITY);
    const dependents = urls.filter((url) => !first.includes(url) && behind(url));
    outcomes.push(...(await Promise.all(dependents.map((url) => this.readResource(url)))));
    this.inFlight = false;
    if (this.stopped) return;
    const unauthorized = outcomes.find((o) => o.kind === 'unauthorized');
    if (unauthorized) {
      this.stopped = true;
      this.cancelTimer();
      this.options.onUnauthorized(unauthorized.failure);
      return;
    }
    const transient = outcomes.filter((o) => o.kind === 'transient');
    let delay = this.options.intervalMs;
    if (transient.length > 0) {
      const failures = this.health.failures + 1;
      const retryAfter = Math.max(-1, ...transient.map((o) => o.retryAfterMs ?? -1));
      delay = retryDelay(
        failures,
        this.options.backoff,
        this.options.random,
        retryAfter < 0 ? undefined : retryAfter,
      );
      this.health = { ...this.health, failures, round: this.health.round + 1 };
    } else {
      this.health = {
        ...this.health,
        failures: 0,
        lastSuccessAt: this.options.now(),
        round: this.health.round + 1,
      };
    }
    this.trimCache();
    this.emit();
    if (this.again) {
      this.again = false;
      this.schedule(0);
    } else this.schedule(delay);
  }

  private async readResource(url: string): Promise<Outcome> {
    const before = this.cache.get(url) ?? {};
    const answer = await this.get(url, before.etag);
    const now = this.options.now();
    if (answer.kind === 'failed') {
      if (answer.failure.kind === 'refused') this.cache.set(url, { failure: answer.failure, checkedAt: now });
      return outcomeOf(answer.failure, answer.retryAfterMs);
    }
    if (answer.kind === 'unchanged') {
      this.remember(url, { ...before, failure: undefined, checkedAt: now });
      return { kind: 'done' };
    }
    this.remember(url, {
      data: answer.body,
      previous: before.data,
      etag: answer.etag,
      changedAt: now,
      checkedAt: now,
    });
    return { kind: 'done' };
  }

  private async readInbox(entry: InboxEntry): Promise<Outcome> {
    for (let page = 0; page < INBOX_PAGES_PER_ROUND; page++) {
      const url = urls.notifications(entry.electionId, entry.audience, entry.state.cursor, INBOX_PAGE);
      const before = this.cache.get(url);
      const answer = await this.get(url, before?.etag);
      if (answer.kind === 'failed') {
        if (answer.failure.kind === 'refused') entry.state = { ...entry.state, failure: answer.failure };
        return outcomeOf(answer.failure, answer.retryAfterMs);
      }
      if (answer.kind === 'unchanged') break;
      const body = answer.body as InboxAnswer;
      // Only the last URL of an inbox can answer 304 later: keep its ETag, if the API gives one.
      if (answer.etag) this.remember(url, { etag: answer.etag, checkedAt: this.options.now() });
      const known = new Set(entry.state.items.map((i) => i.eventId));
      const fresh = body.items.filter((i) => !known.has(i.eventId)).reverse();
      const full = body.items.length >= INBOX_PAGE;
      entry.state = {
        items: [...fresh, ...entry.state.items].slice(0, INBOX_KEEP),
        cursor: body.nextCursor,
        loaded: entry.state.loaded || !full,
        unseen: entry.state.unseen + (entry.state.loaded ? fresh.length : 0),
      };
      if (!full) break;
    }
    return { kind: 'done' };
  }

  private async get(
    url: string,
    etag: string | undefined,
  ): Promise<
    | { kind: 'ok'; body: unknown; etag?: string }
    | { kind: 'unchanged' }
    | { kind: 'failed'; failure: Failure; retryAfterMs?: number }
  > {
    const token = this.options.token();
    if (!token) return { kind: 'failed', failure: { kind: 'unauthorized', status: 401 } };
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (etag) headers['if-none-match'] = etag;
    const abort = new AbortController();
    const timer = this.options.setTimer(() => abort.abort(), this.options.timeoutMs);
    try {
      // no-store: the browser neither answers from its cache nor revalidates by itself, so a 304
      // reaches this code as a 304 and the ETag sent is the one kept here.
      const response = await this.options.fetch(url, { cache: 'no-store', headers, signal: abort.signal });
      if (response.status === 304) return { kind: 'unchanged' };
      if (response.ok) {
        const body: unknown = await response.json();
        const tag = response.headers.get('etag');
        return tag ? { kind: 'ok', body, etag: tag } : { kind: 'ok', body };
      }
      const code = await problemCode(response);
      const failure = classify(response.status, code);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.options.now());
      return retryAfterMs === undefined
        ? { kind: 'failed', failure }
        : { kind: 'failed', failure, retryAfterMs };
    } catch {
      return { kind: 'failed', failure: { kind: 'transient' } };
    } finally {
      this.options.clearTimer(timer);
    }
  }

  private remember(url: string, resource: Resource): void {
    this.cache.delete(url);
    this.cache.set(url, resource);
  }

  private trimCache(): void {
    for (const url of this.cache.keys()) {
      if (this.cache.size <= CACHE_SIZE) break;
      if (!this.watched.has(url)) this.cache.delete(url);
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export function classify(status: number, code?: string): Failure {
  const withCode = code ? { code } : {};
  if (status === 401) return { kind: 'unauthorized', status, ...withCode };
  if (status === 429 || status >= 500) return { kind: 'transient', status, ...withCode };
  return { kind: 'refused', status, ...withCode };
}

function outcomeOf(failure: Failure, retryAfterMs?: number): Outcome {
  if (failure.kind === 'unauthorized') return { kind: 'unauthorized', failure };
  if (failure.kind === 'transient')
    return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
  return { kind: 'done' };
}

/** The first problem code of a problem document, if the answer is one. */
export async function problemCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { errors?: { code?: unknown }[] };
    const code = body.errors?.[0]?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function inboxKey(electionId: string, audience: string | undefined): string {
  return `${electionId}\u001f${audience ?? ''}`;
}
