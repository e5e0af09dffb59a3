/** A method's throttle as API Gateway states it: a steady rate per second and a burst. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * API Gateway's throttling algorithm: a bucket of `burstLimit` tokens, refilled at `rateLimit` per
 * second; a request takes one token or is refused (429 THROTTLED). Time is passed in, so that the
 * bucket is a pure function of what it was asked and when.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly throttle: Throttle,
    now: number,
  ) {
    this.tokens = throttle.burstLimit;
    this.last = now;
  }

  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.throttle.burstLimit, this.tokens + elapsedSeconds * this.throttle.rateLimit);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
