import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classAllowed, classifyAddress, classifyHost } from './address.ts';

/** What a stage lets webhooks reach: plain http and private addresses only in dev. */
export interface DestinationPolicy {
  readonly allowHttp: boolean;
  readonly allowPrivate: boolean;
}

/** The policy of the running function, from the variables the stack sets for the stage. */
export function destinationPolicyFromEnv(env: Record<string, string | undefined> = process.env) {
  return {
    allowHttp: env.ALLOW_HTTP_WEBHOOKS === 'true',
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOKS === 'true',
  } satisfies DestinationPolicy;
}

export interface UrlRefusal {
  readonly status: 400 | 422;
  readonly code: 'URL_CREDENTIALS' | 'HTTPS_REQUIRED' | 'ADDRESS_NOT_ALLOWED';
  readonly detail: string;
}

const NOT_ALLOWED: UrlRefusal = {
  status: 422,
  code: 'ADDRESS_NOT_ALLOWED',
  detail: 'Webhook URLs must point to a public internet address.',
};

/**
 * Why a subscription URL is refused, or undefined when it may be stored. A user name or password
 * in the URL would be stored and shown with the subscription, so it is refused rather than
 * stripped (deliveries are authenticated by their signature). The host is classified as WHATWG
 * parsing canonicalised it, the form the sender will connect to.
 */
export function urlRefusal(url: string, policy: DestinationPolicy): UrlRefusal | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 422, code: 'ADDRESS_NOT_ALLOWED', detail: 'The webhook URL cannot be parsed.' };
  }
  if (parsed.username !== '' || parsed.password !== '')
    return {
      status: 400,
      code: 'URL_CREDENTIALS',
      detail: 'Webhook URLs must not carry a user name or password; deliveries are signed instead.',
    };
  if (!classAllowed(classifyHost(parsed.hostname).class, policy.allowPrivate)) return NOT_ALLOWED;
  if (!(parsed.protocol === 'https:' || (policy.allowHttp && parsed.protocol === 'http:')))
    return { status: 422, code: 'HTTPS_REQUIRED', detail: 'Webhook URLs must use https.' };
  return undefined;
}

/** A URL as it may be shown: a user name or password stored before they were refused is dropped. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

export type ResolveAll = (hostname: string) => Promise<readonly LookupAddress[]>;

/** Every address the system resolver gives for a name, in its order. */
export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * The addresses a host may be reached at, or a refusal when any of them is not allowed: one bad
 * address among good ones is enough, since a resolver may hand out any of them next time.
 */
export async function checkedAddresses(
  hostname: string,
  policy: Pick<DestinationPolicy, 'allowPrivate'>,
  resolve: ResolveAll = resolveAll,
): Promise<{ ok: true; addresses: readonly LookupAddress[] } | { ok: false; address: string }> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const literal = classifyAddress(bare);
  if (literal) {
    const family = bare.includes(':') ? 6 : 4;
    return classAllowed(literal.class, policy.allowPrivate)
      ? { ok: true, addresses: [{ address: bare, family }] }
      : { ok: false, address: bare };
  }
  const addresses = await resolve(bare);
  for (const { address } of addresses) {
    const found = classifyAddress(address);
    if (!found || !classAllowed(found.class, policy.allowPrivate)) return { ok: false, address };
  }
  if (addresses.length === 0) throw Object.assign(new Error(`${bare} has no address`), { code: 'ENOTFOUND' });
  return { ok: true, addresses };
}

/** The error a pinned lookup fails with when the name resolves to an address the stage refuses. */
export class AddressNotAllowedError extends Error {
  override readonly name = 'AddressNotAllowedError';
  readonly code = 'EADDRNOTALLOWED';
}

/**
 * A `lookup` for one request: the name is resolved once, every address checked, and the socket
 * connects to the address that was checked — the name cannot be made to resolve elsewhere between
 * the check and the connection (DNS rebinding). Node may ask for one address or for all of them.
 */
export function pinnedLookup(
  policy: Pick<DestinationPolicy, 'allowPrivate'>,
  resolve: ResolveAll = resolveAll,
): LookupFunction {
  return (hostname, options, callback) => {
    checkedAddresses(hostname, policy, resolve).then(
      (checked) => {
        if (!checked.ok) {
          callback(new AddressNotAllowedError('address not allowed'), '', 4);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const chosen = checked.addresses.find((a) => !wanted || a.family === wanted) ?? checked.addresses[0];
        if (!chosen) {
          callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 4);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
        else callback(null, chosen.address, chosen.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}
