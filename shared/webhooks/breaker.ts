import type { PostResult } from './post.ts';
import type { RetryPolicy } from './retry.ts';

/**
 * A circuit breaker per subscriber, so that one receiver that hangs or is gone cannot take the
 * sender's time from the others. Every job of a subscriber whose last attempt timed out or could
 * not connect waits, without being tried, until the breaker's cooldown is over; then one job at a
 * time is tried as a probe, and the first answer closes the breaker again. A receiver that answers
 * with an error is not cut off: answering fast costs the others nothing, and its retries follow
 * their own backoff.
 */
export interface BreakerState {
  /** Consecutive attempts that timed out or could not connect. */
  readonly failures: number;
  /** Epoch ms: no job is tried before this. */
  readonly openUntil: number;
  /** Epoch ms: a probe is in flight until at most this. */
  readonly probeUntil?: number;
  /** The last failure, as the delivery log says it. */
  readonly lastError?: string;
}

export type BreakerDecision =
  | { readonly action: 'SEND' }
  /** The cooldown is over: one job may be tried, if it claims the probe first. */
  | { readonly action: 'PROBE' }
  | { readonly action: 'WAIT'; readonly untilMs: number };

/** The longest a subscriber waits for its next probe, however long it has been failing. */
export const BREAKER_MAX_COOLDOWN_SECONDS = 300;

export function breakerDecision(state: BreakerState | undefined, now: number): BreakerDecision {
  if (!state || state.failures <= 0) return { action: 'SEND' };
  if (now < state.openUntil) return { action: 'WAIT', untilMs: state.openUntil };
  if (state.probeUntil !== undefined && now < state.probeUntil)
    return { action: 'WAIT', untilMs: state.probeUntil };
  return { action: 'PROBE' };
}

/** Whether a result trips the breaker: only what held the sender without an answer. */
export function tripsBreaker(result: PostResult): boolean {
  return result.kind === 'TIMEOUT' || result.kind === 'UNREACHABLE';
}

/** The cooldown after the n-th consecutive failure: the retry backoff, capped at five minutes. */
export function breakerCooldownSeconds(failures: number, policy: RetryPolicy): number {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(policy.baseSeconds * 2 ** (n - 1), policy.capSeconds, BREAKER_MAX_COOLDOWN_SECONDS);
}
