/**
 * How long to wait after failed reads: the base, plus a random share of a window that doubles with
 * each failure up to the cap, so that many pages that lost the API at once do not come back in step.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 60_000 };

/**
 * The delay before the next try after `failures` failures in a row (1 or more): base + random(0,
 * min(cap, base·2^(failures−1))), and never sooner than the server's Retry-After.
 */
export function retryDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const delay = policy.baseMs + Math.floor(random() * window);
  return retryAfterMs === undefined ? delay : Math.max(delay, retryAfterMs);
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date is always written in GMT (RFC 9110 §5.6.7).
  if (!/ GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
