import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../../scripts/support/webhook-receiver.ts';
import {
  newWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
} from '../../../shared/webhooks/signature.ts';

// The Standard Webhooks specification's published test vector.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** The signature computed here, from the specification, not by the module under test. */
function independentSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function headersFor(signature: string, timestamp = vector.timestamp, id = vector.id) {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

const atVector = { now: new Date(vector.timestamp * 1000) };

describe('signing', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(independentSignature(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    );
    expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it('signs with the base64-decoded secret, like an HMAC computed independently', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'contest.completed', data: { contestId: 'c1' } });
    const signature = signWebhook(secret, 'evt_1', 1_773_561_600, body);
    expect(signature).toBe(independentSignature(secret, 'evt_1', 1_773_561_600, body));
    // Not keyed with the secret's text: that would be a different, non-interoperable signature.
    const textKeyed = createHmac('sha256', secret).update(`evt_1.1773561600.${body}`).digest('base64');
    expect(signature).not.toBe(`v1,${textKeyed}`);
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('refuses to sign with a malformed secret or timestamp', () => {
    expect(() => signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'id', 1, '{}')).toThrow(/secret/);
    expect(() => signWebhook('whsec_not base64!', 'id', 1, '{}')).toThrow(/secret/);
    expect(() => signWebhook('whsec_', 'id', 1, '{}')).toThrow(/secret/);
    expect(() => signWebhook(vector.secret, 'id', 1.5, '{}')).toThrow(/timestamp/);
  });

  it('builds the headers of one attempt, timestamped in whole seconds', () => {
    const now = new Date('2026-03-15T12:00:00.999Z');
    const seconds = Math.floor(now.getTime() / 1000);
    expect(webhookHeaders(vector.secret, 'evt_2', '{"a":1}', now)).toEqual({
      'webhook-id': 'evt_2',
      'webhook-timestamp': String(seconds),
      'webhook-signature': independentSignature(vector.secret, 'evt_2', seconds, '{"a":1}'),
      'content-type': 'application/json',
    });
  });
});

describe('verifying', () => {
  it('accepts the test vector and what webhookHeaders produced', () => {
    expect(verifyWebhook(vector.secret, headersFor(vector.signature), vector.body, atVector)).toEqual({
      ok: true,
      id: vector.id,
    });
    const secret = newWebhookSecret();
    const headers = webhookHeaders(secret, 'evt_3', '{"b":2}');
    expect(verifyWebhook(secret, headers, '{"b":2}')).toEqual({ ok: true, id: 'evt_3' });
  });

  it('rejects a tampered body, id or timestamp, and a wrong secret', () => {
    const headers = headersFor(vector.signature);
    expect(verifyWebhook(vector.secret, headers, '{"test": 2432232315}', atVector)).toMatchObject({
      ok: false,
    });
    expect(
      verifyWebhook(
        vector.secret,
        headersFor(vector.signature, vector.timestamp, 'msg_other'),
        vector.body,
        atVector,
      ),
    ).toMatchObject({ ok: false });
    expect(
      verifyWebhook(vector.secret, headersFor(vector.signature, vector.timestamp + 1), vector.body, atVector),
    ).toEqual({
      ok: false,
      reason: 'no matching v1 signature',
    });
    expect(verifyWebhook(newWebhookSecret(), headers, vector.body, atVector)).toEqual({
      ok: false,
      reason: 'no matching v1 signature',
    });
  });

  it('rejects a timestamp outside the tolerance, in either direction', () => {
    const headers = headersFor(vector.signature);
    const at = (offsetSeconds: number, toleranceSeconds?: number) =>
      verifyWebhook(vector.secret, headers, vector.body, {
        now: new Date((vector.timestamp + offsetSeconds) * 1000),
        ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      });
    expect(at(300).ok).toBe(true);
    expect(at(-300).ok).toBe(true);
    expect(at(301)).toEqual({ ok: false, reason: 'timestamp too old' });
    expect(at(-301)).toEqual({ ok: false, reason: 'timestamp too far in the future' });
    expect(at(3600, 3600).ok).toBe(true);
    expect(at(11, 10).ok).toBe(false);
  });

  it('accepts a list of signatures when any v1 one matches', () => {
    const other = signWebhook(newWebhookSecret(), vector.id, vector.timestamp, vector.body);
    const value = vector.signature.slice(3);
    const verify = (signatures: string) =>
      verifyWebhook(vector.secret, headersFor(signatures), vector.body, atVector).ok;
    expect(verify(`${other} ${vector.signature}`)).toBe(true);
    expect(verify(`${vector.signature} ${other}`)).toBe(true);
    expect(verify(`v1a,${value}  ${other} ${vector.signature}`)).toBe(true);
    expect(verify(`${other} v2,${value}`)).toBe(false);
    expect(verify(`v1,${value.slice(0, -1)}`)).toBe(false);
    expect(verify(`v1,${value}x`)).toBe(false);
    expect(verify(value)).toBe(false);
  });

  it('rejects missing or malformed headers and a malformed secret', () => {
    const full = headersFor(vector.signature);
    const without = (name: keyof typeof full) => {
      const { [name]: _, ...rest } = full;
      return verifyWebhook(vector.secret, rest, vector.body, atVector);
    };
    expect(without('webhook-id')).toEqual({ ok: false, reason: 'missing or repeated webhook-id header' });
    expect(without('webhook-timestamp')).toEqual({
      ok: false,
      reason: 'missing or repeated webhook-timestamp header',
    });
    expect(without('webhook-signature')).toEqual({ ok: false, reason: 'missing webhook-signature header' });
    expect(
      verifyWebhook(vector.secret, { ...full, 'webhook-timestamp': '1614265330.0' }, vector.body, atVector),
    ).toEqual({ ok: false, reason: 'malformed webhook-timestamp header' });
    expect(
      verifyWebhook(vector.secret, { ...full, 'webhook-id': [vector.id, 'other'] }, vector.body, atVector).ok,
    ).toBe(false);
    for (const secret of [
      'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'whsec_MfKQ9r8G KYqrTwjUPD8ILPZIo2LaLaSw',
      'whsec_',
    ]) {
      expect(verifyWebhook(secret, full, vector.body, atVector)).toEqual({
        ok: false,
        reason: 'malformed secret',
      });
    }
  });

  it('reads header names in any case, and a signature header given twice', () => {
    const other = signWebhook(newWebhookSecret(), vector.id, vector.timestamp, vector.body);
    const headers = {
      'Webhook-Id': vector.id,
      'WEBHOOK-TIMESTAMP': String(vector.timestamp),
      'webhook-signature': [other, vector.signature],
    };
    expect(verifyWebhook(vector.secret, headers, vector.body, atVector)).toEqual({ ok: true, id: vector.id });
  });
});

describe('test webhook receiver', () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const post = (url: string, headers: Record<string, string>, body: string) =>
    fetch(url, { method: 'POST', headers, body });

  it('verifies signatures, fails the first requests when told, and dedupes by webhook-id', async () => {
    receiver = await startWebhookReceiver({ failFirst: 1 });
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/);
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'contest.completed' });

    // Before a secret is set, nothing counts as verified.
    expect((await post(receiver.url, webhookHeaders(secret, 'evt_1', body), body)).status).toBe(401);
    receiver.setSecret(secret);

    const badlySigned = webhookHeaders(newWebhookSecret(), 'evt_1', body);
    expect((await post(receiver.url, badlySigned, body)).status).toBe(401);
    expect((await post(receiver.url, webhookHeaders(secret, 'evt_1', body), body)).status).toBe(503);
    expect((await post(receiver.url, webhookHeaders(secret, 'evt_1', body), body)).status).toBe(204);
    expect((await post(receiver.url, webhookHeaders(secret, 'evt_1', body), body)).status).toBe(204);

    expect(receiver.requests.map((r) => [r.answeredStatus, r.signatureOk])).toEqual([
      [401, false],
      [401, false],
      [503, true],
      [204, true],
      [204, true],
    ]);
    expect(receiver.requests[0]?.reason).toMatch(/no secret/);
    expect(receiver.requests[1]?.reason).toBe('no matching v1 signature');
    expect(receiver.requests[2]).toMatchObject({ id: 'evt_1', body: { id: 'evt_1' } });
    expect(receiver.requests[2]?.timestamp).toBeTypeOf('number');
    expect(receiver.delivered()).toHaveLength(2);
    expect(receiver.uniqueEvents()).toEqual([{ id: 'evt_1', type: 'contest.completed' }]);
    await receiver.waitFor((r) => r.delivered().length === 2, 1000);
  });

  it('fails every request until told to recover, with the status asked for', async () => {
    receiver = await startWebhookReceiver({ alwaysFail: true, status: 500 });
    const secret = newWebhookSecret();
    receiver.setSecret(secret);
    const send = (id: string) => post(receiver?.url ?? '', webhookHeaders(secret, id, '{}'), '{}');
    expect((await send('a')).status).toBe(500);
    expect((await send('a')).status).toBe(500);
    receiver.setAlwaysFail(false);
    expect((await send('a')).status).toBe(204);
    expect((await send('b')).status).toBe(204);
    expect(receiver.uniqueEvents()).toHaveLength(2);
    await expect(receiver.waitFor((r) => r.delivered().length > 5, 100)).rejects.toThrow(
      /not met within 100 ms \(4 requests, answered 500, 500, 204, 204\)/,
    );
  });

  it('closes with kept-alive connections open, and is gone afterwards', async () => {
    const open = await startWebhookReceiver();
    open.setSecret(newWebhookSecret());
    await post(open.url, { 'content-type': 'application/json' }, '{}');
    await open.close();
    await expect(post(open.url, {}, '{}')).rejects.toThrow();
    await open.close();
  });
});
