/**
 * Whether the figures on screen may be old: after two polling intervals without a successful read
 * the page says so (amber), after five minutes loudly (red). Offline is stale at once.
 */
export type Freshness = 'fresh' | 'stale' | 'lost';

export const LOST_AFTER_MS = 5 * 60_000;

export interface PollingHealth {
  readonly now: number;
  /** When the last read round succeeded; undefined before the first. */
  readonly lastSuccessAt: number | undefined;
  /** When polling began, for a page that has never read anything. */
  readonly startedAt: number;
  /** Failed rounds since the last success. */
  readonly failures: number;
  readonly offline: boolean;
  readonly intervalMs: number;
}

export function freshness(h: PollingHealth): Freshness {
  const age = h.now - (h.lastSuccessAt ?? h.startedAt);
  if (h.offline) return age >= LOST_AFTER_MS ? 'lost' : 'stale';
  // A page that stopped polling on purpose (hidden, paused) has missed nothing.
  if (h.failures === 0 || age <= 2 * h.intervalMs) return 'fresh';
  return age >= LOST_AFTER_MS ? 'lost' : 'stale';
}
