import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelay } from '../../../web/src/backoff.ts';

describe('retry delays after failed reads', () => {
  it('waits at least the base, and up to the base plus a window that doubles', () => {
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(5_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0.999_999)).toBe(9_999);
    expect(retryDelay(2, DEFAULT_BACKOFF, () => 0.5)).toBe(10_000);
    expect(retryDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(15_000);
  });

  it('caps the window at 60 s however long the outage', () => {
    expect(retryDelay(20, DEFAULT_BACKOFF, () => 0.999_999)).toBe(64_999);
    expect(retryDelay(1000, DEFAULT_BACKOFF, () => 0.5)).toBe(35_000);
  });

  it('spreads clients that failed together', () => {
    const delays = new Set([0.1, 0.4, 0.7].map((r) => retryDelay(4, DEFAULT_BACKOFF, () => r)));
    expect(delays.size).toBe(3);
  });

  it('never retries sooner than Retry-After asks', () => {
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 30_000)).toBe(30_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 1_000)).toBe(5_000);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-03-15T13:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 15 Mar 2026 13:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 15 Mar 2026 12:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
