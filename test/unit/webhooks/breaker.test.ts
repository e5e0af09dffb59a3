import { describe, expect, it } from 'vitest';
import {
  BREAKER_MAX_COOLDOWN_SECONDS,
  breakerCooldownSeconds,
  breakerDecision,
  tripsBreaker,
} from '../../../shared/webhooks/breaker.ts';
import { DEFAULT_RETRY_POLICY } from '../../../shared/webhooks/retry.ts';

describe('a subscriber’s circuit breaker', () => {
  it('lets every job through while the subscriber answers', () => {
    expect(breakerDecision(undefined, 1000)).toEqual({ action: 'SEND' });
    expect(breakerDecision({ failures: 0, openUntil: 0 }, 1000)).toEqual({ action: 'SEND' });
  });

  it('holds jobs back until the cooldown ends, then lets one probe go', () => {
    const open = { failures: 2, openUntil: 5000 };
    expect(breakerDecision(open, 4999)).toEqual({ action: 'WAIT', untilMs: 5000 });
    expect(breakerDecision(open, 5000)).toEqual({ action: 'PROBE' });
    expect(breakerDecision({ ...open, probeUntil: 8000 }, 6000)).toEqual({ action: 'WAIT', untilMs: 8000 });
    expect(breakerDecision({ ...open, probeUntil: 8000 }, 8000)).toEqual({ action: 'PROBE' });
  });

  it('opens on a hang or a failed connection, not on an answer', () => {
    expect(tripsBreaker({ kind: 'TIMEOUT' })).toBe(true);
    expect(tripsBreaker({ kind: 'UNREACHABLE' })).toBe(true);
    expect(tripsBreaker({ kind: 'ANSWERED', status: 503 })).toBe(false);
    expect(tripsBreaker({ kind: 'ANSWERED', status: 204 })).toBe(false);
    expect(tripsBreaker({ kind: 'ADDRESS_NOT_ALLOWED' })).toBe(false);
  });

  it('cools down longer after each failure, never past five minutes', () => {
    expect([1, 2, 3, 4, 7, 50].map((n) => breakerCooldownSeconds(n, DEFAULT_RETRY_POLICY))).toEqual([
      5, 10, 20, 40, 300, 300,
    ]);
    expect(breakerCooldownSeconds(3, { maxAttempts: 4, baseSeconds: 1, capSeconds: 2 })).toBe(2);
    expect(BREAKER_MAX_COOLDOWN_SECONDS).toBe(300);
  });
});
