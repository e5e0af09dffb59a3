/**
 * When to try a failed webhook delivery again. A subscriber that is down on election night may be
 * down for a while, so retries back off exponentially and are spread over hours; the jitter keeps
 * the deliveries that failed together from all coming back at the same second.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** The delay after the first failure, before jitter. */
  baseSeconds: number;
  /** No delay is longer than this, before jitter. */
  capSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 15, baseSeconds: 5, capSeconds: 3600 };

/** The policy the deployment configured, each variable falling back to the default when unset. */
export function retryPolicyFromEnv(env: Record<string, string | undefined> = process.env): RetryPolicy {
  return {
    maxAttempts: positiveFromEnv(env, 'WEBHOOK_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts, true),
    baseSeconds: positiveFromEnv(env, 'WEBHOOK_RETRY_BASE_SECONDS', DEFAULT_RETRY_POLICY.baseSeconds, false),
    capSeconds: positiveFromEnv(env, 'WEBHOOK_RETRY_CAP_SECONDS', DEFAULT_RETRY_POLICY.capSeconds, false),
  };
}

/** Plain decimals only: Number() would also take "0x10", "1e3" or " 5 ", none of them meant. */
function positiveFromEnv(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  integer: boolean,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(raw);
  if (!pattern.test(raw) || !Number.isFinite(value) || value <= 0) {
    const kind = integer ? 'a positive whole number' : 'a positive number of seconds';
    throw new Error(`Environment variable ${name} must be ${kind}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Seconds to wait after attempt `failedAttempt` (1-based) failed: base·2^(n−1), capped, with
 * "equal jitter" — half of it fixed so a retry never comes too soon, half of it random.
 */
export function retryDelaySeconds(
  failedAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const delay = cappedDelaySeconds(failedAttempt, policy);
  return delay / 2 + random() * (delay / 2);
}

function cappedDelaySeconds(failedAttempt: number, policy: RetryPolicy): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new RangeError(`failedAttempt must be a whole number from 1, got ${failedAttempt}`);
  }
  // 2 ** n overflows to Infinity for a large n, and the cap still applies.
  return Math.min(policy.baseSeconds * 2 ** (failedAttempt - 1), policy.capSeconds);
}

/**
 * The shortest and the longest time from the first attempt to the last, counting only the waits
 * between attempts (not the time the requests themselves take, nor rounding up to whole seconds).
 */
export function retryWindowSeconds(policy: RetryPolicy): { min: number; max: number } {
  let max = 0;
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) max += cappedDelaySeconds(attempt, policy);
  return { min: max / 2, max };
}

/** The longest DelaySeconds SQS accepts on a message: 15 minutes. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Closer than this to the due time, the attempt is made now rather than after one more hop. */
const DUE_WITHIN_MS = 500;

/**
 * The next step towards an attempt due at `notBefore` (epoch ms): either it is due, or the message
 * goes back on the queue for at most 15 minutes, and this is asked again when it comes back.
 */
export function nextHop(notBefore: number, now: number): { delaySeconds: number; due: boolean } {
  const remainingMs = notBefore - now;
  if (remainingMs <= DUE_WITHIN_MS) return { delaySeconds: 0, due: true };
  return { delaySeconds: Math.min(SQS_MAX_DELAY_SECONDS, Math.ceil(remainingMs / 1000)), due: false };
}
