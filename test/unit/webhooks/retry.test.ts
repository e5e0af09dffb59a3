import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  nextHop,
  type RetryPolicy,
  retryDelaySeconds,
  retryPolicyFromEnv,
  retryWindowSeconds,
  SQS_MAX_DELAY_SECONDS,
} from '../../../shared/webhooks/retry.ts';

const policy: RetryPolicy = { maxAttempts: 6, baseSeconds: 10, capSeconds: 60 };
const lowest = () => 0;
const highest = () => 0.999_999;

describe('retry delays', () => {
  it('doubles after each failure until the cap', () => {
    expect([1, 2, 3, 4, 5, 20, 2000].map((n) => retryDelaySeconds(n, policy, lowest))).toEqual([
      5, 10, 20, 30, 30, 30, 30,
    ]);
    expect(retryDelaySeconds(1, policy, () => 0.5)).toBe(7.5);
    expect(retryDelaySeconds(3, policy, () => 0.5)).toBe(30);
  });

  it('keeps the jitter between half the delay and the whole of it', () => {
    for (const n of [1, 2, 3, 4, 10]) {
      const full = Math.min(10 * 2 ** (n - 1), 60);
      expect(retryDelaySeconds(n, policy, lowest)).toBe(full / 2);
      const top = retryDelaySeconds(n, policy, highest);
      expect(top).toBeLessThan(full);
      expect(top).toBeGreaterThan(full * 0.999);
    }
  });

  it('grows with the default policy over hours, no wait above an hour', () => {
    const delays = Array.from({ length: 14 }, (_, i) =>
      retryDelaySeconds(i + 1, DEFAULT_RETRY_POLICY, highest),
    );
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3600);
    expect(delays[0]).toBeLessThanOrEqual(5);
  });

  it('refuses an attempt number that is not a whole number from 1', () => {
    expect(() => retryDelaySeconds(0, policy)).toThrow(RangeError);
    expect(() => retryDelaySeconds(1.5, policy)).toThrow(RangeError);
  });

  it('sums the waits between the first attempt and the last', () => {
    // 10 + 20 + 40 + 60 + 60 between six attempts.
    expect(retryWindowSeconds(policy)).toEqual({ min: 95, max: 190 });
    expect(retryWindowSeconds({ ...policy, maxAttempts: 1 })).toEqual({ min: 0, max: 0 });
    // 5 + 10 + … + 2560 = 5115, then four waits capped at an hour.
    expect(retryWindowSeconds(DEFAULT_RETRY_POLICY)).toEqual({ min: 9757.5, max: 19_515 });
  });
});

describe('retry policy from the environment', () => {
  it('falls back to the defaults when unset', () => {
    expect(retryPolicyFromEnv({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 15, baseSeconds: 5, capSeconds: 3600 });
  });

  it('reads each variable', () => {
    expect(
      retryPolicyFromEnv({
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_BASE_SECONDS: '0.5',
        WEBHOOK_RETRY_CAP_SECONDS: '120',
      }),
    ).toEqual({ maxAttempts: 3, baseSeconds: 0.5, capSeconds: 120 });
    expect(retryPolicyFromEnv({ WEBHOOK_RETRY_CAP_SECONDS: '60' })).toEqual({
      ...DEFAULT_RETRY_POLICY,
      capSeconds: 60,
    });
  });

  it('names the variable that is not a positive number', () => {
    for (const [name, value] of [
      ['WEBHOOK_MAX_ATTEMPTS', '0'],
      ['WEBHOOK_MAX_ATTEMPTS', '2.5'],
      ['WEBHOOK_MAX_ATTEMPTS', 'ten'],
      ['WEBHOOK_RETRY_BASE_SECONDS', '-1'],
      ['WEBHOOK_RETRY_BASE_SECONDS', '0x10'],
      ['WEBHOOK_RETRY_CAP_SECONDS', '1e3'],
      ['WEBHOOK_RETRY_CAP_SECONDS', ' 60'],
      ['WEBHOOK_RETRY_CAP_SECONDS', '0.0'],
    ] as const) {
      expect(() => retryPolicyFromEnv({ [name]: value }), `${name}=${value}`).toThrow(
        new RegExp(`^Environment variable ${name} must be a positive`),
      );
    }
  });
});

describe('hops of at most 15 minutes', () => {
  const now = Date.parse('2026-03-15T12:00:00Z');

  it('is due at, just before, or after the time', () => {
    expect(nextHop(now, now)).toEqual({ delaySeconds: 0, due: true });
    expect(nextHop(now + 500, now)).toEqual({ delaySeconds: 0, due: true });
    expect(nextHop(now - 60_000, now)).toEqual({ delaySeconds: 0, due: true });
  });

  it('waits the rest, rounded up to whole seconds, at most 900 at a time', () => {
    expect(SQS_MAX_DELAY_SECONDS).toBe(900);
    expect(nextHop(now + 501, now)).toEqual({ delaySeconds: 1, due: false });
    expect(nextHop(now + 1500, now)).toEqual({ delaySeconds: 2, due: false });
    expect(nextHop(now + 900_000, now)).toEqual({ delaySeconds: 900, due: false });
    expect(nextHop(now + 900_001, now)).toEqual({ delaySeconds: 900, due: false });
    expect(nextHop(now + 3_600_000, now)).toEqual({ delaySeconds: 900, due: false });
  });

  it('reaches a wait of an hour in four hops', () => {
    const notBefore = now + 3_600_000;
    let clock = now;
    let hops = 0;
    for (let hop = nextHop(notBefore, clock); !hop.due; hop = nextHop(notBefore, clock)) {
      clock += hop.delaySeconds * 1000;
      hops++;
    }
    expect(hops).toBe(4);
    expect(clock).toBe(notBefore);
  });
});
