import { createServer as createHttpServer, type Server } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeResult, postWebhook } from '../../../shared/webhooks/post.ts';

const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) {
    (s as Server).closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A TCP server whose connections the test can end, so none outlives it. */
const tcp = (onConnection: (socket: Socket) => void = () => {}) =>
  createTcpServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });

async function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const dev = { allowPrivate: true };
const send = (url: string, options: Partial<Parameters<typeof postWebhook>[3]> = {}) =>
  postWebhook(url, { 'content-type': 'application/json' }, '{}', {
    timeoutMs: 1500,
    policy: dev,
    ...options,
  });
const answering = (status: number) => listen(createHttpServer((_q, r) => r.writeHead(status).end()));

describe('what the delivery log says about an attempt', () => {
  it('names the status class of an answer, and nothing for a success', () => {
    expect(describeResult({ kind: 'ANSWERED', status: 204 })).toBeUndefined();
    expect(describeResult({ kind: 'ANSWERED', status: 301 })).toBe('HTTP 3xx');
    expect(describeResult({ kind: 'ANSWERED', status: 404 })).toBe('HTTP 4xx');
    expect(describeResult({ kind: 'ANSWERED', status: 503 })).toBe('HTTP 5xx');
    expect(describeResult({ kind: 'TIMEOUT' })).toBe('timeout');
    expect(describeResult({ kind: 'UNREACHABLE' })).toBe('unreachable');
    expect(describeResult({ kind: 'ADDRESS_NOT_ALLOWED' })).toBe('address not allowed');
  });
});

describe('one POST to a receiver', () => {
  it('reports the answer, and follows no redirect', async () => {
    expect(await send(`http://127.0.0.1:${await answering(204)}/`)).toEqual({
      kind: 'ANSWERED',
      status: 204,
    });
    expect(await send(`http://127.0.0.1:${await answering(503)}/`)).toEqual({
      kind: 'ANSWERED',
      status: 503,
    });
    expect(await send(`http://127.0.0.1:${await answering(302)}/`)).toEqual({
      kind: 'ANSWERED',
      status: 302,
    });
  });

  it('cannot tell a closed port from one that speaks something else or hangs up', async () => {
    const closedPort = await listen(tcp());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const garbage = await listen(tcp((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n')));
    const hangsUp = await listen(tcp((socket) => socket.destroy()));
    const results = await Promise.all(
      [closedPort, garbage, hangsUp].map((p) => send(`http://127.0.0.1:${p}/`)),
    );
    expect(results).toEqual([{ kind: 'UNREACHABLE' }, { kind: 'UNREACHABLE' }, { kind: 'UNREACHABLE' }]);
    expect(new Set(results.map(describeResult))).toEqual(new Set(['unreachable']));
  });

  it('counts a connection that never completes as unreachable, like a refused one', async () => {
    const never = () => new Promise<never>(() => {});
    expect(await send('http://hooks.example.org/', { resolve: never })).toEqual({ kind: 'UNREACHABLE' });
  });

  it('times out a receiver that accepts and never answers', async () => {
    const port = await listen(createHttpServer(() => {}));
    expect(await send(`http://127.0.0.1:${port}/`, { timeoutMs: 300 })).toEqual({ kind: 'TIMEOUT' });
  });

  it('connects to the address it checked, whatever the name', async () => {
    const port = await answering(204);
    let asked = 0;
    const resolve = async () => {
      asked++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    expect(await send(`http://hooks.example.org:${port}/`, { resolve })).toEqual({
      kind: 'ANSWERED',
      status: 204,
    });
    // Resolved once, for the check and the connection alike: nothing to rebind in between.
    expect(asked).toBe(1);
  });

  it('refuses a name that resolves to a link-local address in every stage, a private one outside dev', async () => {
    const port = await answering(204);
    const to = (address: string) => async () => [{ address, family: address.includes(':') ? 6 : 4 }];
    const url = `http://hooks.example.org:${port}/`;
    expect(await send(url, { resolve: to('169.254.169.254') })).toEqual({ kind: 'ADDRESS_NOT_ALLOWED' });
    expect(await send(url, { resolve: to('::ffff:169.254.169.254') })).toEqual({
      kind: 'ADDRESS_NOT_ALLOWED',
    });
    expect(await send(url, { resolve: to('127.0.0.1'), policy: { allowPrivate: false } })).toEqual({
      kind: 'ADDRESS_NOT_ALLOWED',
    });
  });

  it('refuses an address literal before connecting', async () => {
    const port = await answering(204);
    expect(await send(`http://127.0.0.1:${port}/`, { policy: { allowPrivate: false } })).toEqual({
      kind: 'ADDRESS_NOT_ALLOWED',
    });
    expect(await send('http://[fd00:ec2::254]/')).toEqual({ kind: 'ADDRESS_NOT_ALLOWED' });
  });
});
