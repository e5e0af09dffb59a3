import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as the Standard Webhooks convention defines them, so that a subscriber can
 * verify our deliveries with any of that convention's libraries instead of code of its own.
 */

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';
const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerification = { ok: true; id: string } | { ok: false; reason: string };

/** A fresh signing secret: 32 random bytes, base64, behind the convention's `whsec_` prefix. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * The HMAC key a secret stands for, or undefined when the secret is not `whsec_` followed by
 * canonical base64. Node's base64 decoder skips characters it does not know, so the text is checked
 * first: a typo must not quietly become a different key.
 */
function secretKey(secret: string): Buffer | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    return undefined;
  }
  return key;
}

/** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the secret's bytes. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = secretKey(secret);
  if (!key) throw new Error('Malformed webhook secret: expected whsec_ followed by base64');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`Webhook timestamp must be whole seconds since the epoch, got ${timestampSeconds}`);
  }
  return `${SIGNATURE_VERSION},${hmac(key, id, timestampSeconds, body)}`;
}

function hmac(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
}

/** The headers of one delivery attempt; each attempt is signed anew, with its own timestamp. */
export function webhookHeaders(
  secret: string,
  id: string,
  body: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
    'content-type': 'application/json',
  };
}

/**
 * Checks a delivery the way a subscriber should: a timestamp within the tolerance (either way, so
 * a captured request cannot be replayed later) and at least one `v1` signature that matches. Several
 * signatures are allowed because a sender rotating its secret signs with the old and the new one.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): WebhookVerification {
  const key = secretKey(secret);
  if (!key) return { ok: false, reason: 'malformed secret' };

  const id = singleHeader(headers, 'webhook-id');
  const timestampText = singleHeader(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (id === undefined || id === '') return { ok: false, reason: 'missing or repeated webhook-id header' };
  if (timestampText === undefined)
    return { ok: false, reason: 'missing or repeated webhook-timestamp header' };
  if (signatures === undefined) return { ok: false, reason: 'missing webhook-signature header' };
  if (!/^\d{1,15}$/.test(timestampText)) return { ok: false, reason: 'malformed webhook-timestamp header' };

  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (nowSeconds - timestamp > tolerance) return { ok: false, reason: 'timestamp too old' };
  if (timestamp - nowSeconds > tolerance) return { ok: false, reason: 'timestamp too far in the future' };

  const expected = Buffer.from(hmac(key, id, timestamp, body));
  let matched = false;
  for (const entry of signatures.join(' ').split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION) continue;
    const candidate = Buffer.from(entry.slice(comma + 1));
    // timingSafeEqual needs equal lengths; the length of a base64 HMAC is no secret.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched ? { ok: true, id } : { ok: false, reason: 'no matching v1 signature' };
}

/** Every value of a header, whatever the case of its name (API Gateway keeps the sender's). */
function header(headers: Record<string, string | string[] | undefined>, name: string): string[] | undefined {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values.length ? values : undefined;
}

/** A header that must appear exactly once: two ids or timestamps leave it unclear what was signed. */
function singleHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const values = header(headers, name);
  return values?.length === 1 ? values[0] : undefined;
}
