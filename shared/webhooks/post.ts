import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { classAllowed, classifyAddress } from './address.ts';
import { type DestinationPolicy, pinnedLookup, type ResolveAll, resolveAll } from './destination.ts';

/**
 * One delivery attempt's result, as little as a subscriber needs to fix its side and no more:
 * whatever went wrong below HTTP — refused, reset, filtered, no route, no name, a TLS failure, a
 * port that speaks something else — is one UNREACHABLE, so the log cannot be used to tell a closed
 * port from a filtered or an open one.
 */
export type PostResult =
  | { readonly kind: 'ANSWERED'; readonly status: number }
  /** Connected, but no answer before the deadline. */
  | { readonly kind: 'TIMEOUT' }
  | { readonly kind: 'UNREACHABLE' }
  /** The name resolved to an address the stage does not send to. */
  | { readonly kind: 'ADDRESS_NOT_ALLOWED' };

/** The delivery log's `lastError`: the status class, "timeout", "unreachable" — never raw error text. */
export function describeResult(result: PostResult): string | undefined {
  switch (result.kind) {
    case 'ANSWERED':
      return result.status >= 200 && result.status < 300
        ? undefined
        : `HTTP ${Math.floor(result.status / 100)}xx`;
    case 'TIMEOUT':
      return 'timeout';
    case 'UNREACHABLE':
      return 'unreachable';
    case 'ADDRESS_NOT_ALLOWED':
      return 'address not allowed';
  }
}

export interface PostOptions {
  readonly timeoutMs: number;
  readonly policy: Pick<DestinationPolicy, 'allowPrivate'>;
  readonly resolve?: ResolveAll;
}

/**
 * POSTs a body to a webhook URL, connecting only to an address the stage allows (checked on the
 * address actually connected to, see pinnedLookup), following no redirect, and giving up after
 * `timeoutMs` in all — name, connection and answer together.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const target = new URL(url);
  const resolve = options.resolve ?? resolveAll;
  // An address literal is never looked up by the socket, so it is checked here.
  const literal = classifyAddress(target.hostname);
  if (literal && !classAllowed(literal.class, options.policy.allowPrivate))
    return { kind: 'ADDRESS_NOT_ALLOWED' };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((settle) => {
    let connected = false;
    let done = false;
    const finish = (result: PostResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.destroy();
      settle(result);
    };
    const request = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(options.policy, resolve),
      agent: false,
    });
    const timer = setTimeout(
      () => finish(connected ? { kind: 'TIMEOUT' } : { kind: 'UNREACHABLE' }),
      options.timeoutMs,
    );
    request.on('socket', (socket) => {
      const event = target.protocol === 'https:' ? 'secureConnect' : 'connect';
      socket.once(event, () => {
        connected = true;
      });
    });
    request.on('response', (response) => {
      response.resume();
      finish({ kind: 'ANSWERED', status: response.statusCode ?? 0 });
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'EADDRNOTALLOWED' ? { kind: 'ADDRESS_NOT_ALLOWED' } : { kind: 'UNREACHABLE' }),
    );
    request.end(body);
  });
}
