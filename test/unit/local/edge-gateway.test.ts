import { describe, expect, it } from 'vitest';
import { policyAllows } from '../../../infra/local/http-gateway.ts';
import { TokenBucket } from '../../../infra/local/token-bucket.ts';
import { policyFor } from '../../../shared/credentials/authorization.ts';

const arn = 'arn:aws:execute-api:local:000000000000:local/api/GET/v1/elections/e1';

describe('policyAllows', () => {
  it('allows what an Allow names, for any method of the stage', () => {
    const policy = policyFor(arn, 'Allow');
    expect(policyAllows({ policyDocument: policy }, arn)).toBe(true);
    expect(policyAllows({ policyDocument: policy }, arn.replace('/GET/', '/POST/'))).toBe(true);
  });

  it('refuses a Deny, a policy naming another API and no policy at all', () => {
    expect(policyAllows({ policyDocument: policyFor(arn, 'Deny') }, arn)).toBe(false);
    expect(
      policyAllows({ policyDocument: policyFor(arn.replace('local/api', 'other/api'), 'Allow') }, arn),
    ).toBe(false);
    expect(policyAllows({}, arn)).toBe(false);
  });
});

describe('TokenBucket', () => {
  it('gives a burst, then one request per 1/rate seconds', () => {
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 3 }, 0);
    expect([0, 0, 0, 0].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    expect(bucket.take(250)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000) && bucket.take(10_000) && bucket.take(10_000)).toBe(true);
    expect(bucket.take(10_000)).toBe(false);
  });
});
