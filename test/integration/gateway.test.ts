import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { call, cloud } from './client.ts';

/**
 * Writes `text` on a raw connection and never writes more: answers everything the server sends
 * until it closes the connection (or `giveUpMs` passes, which fails the test).
 */
function rawExchange(text: string, giveUpMs: number): Promise<{ received: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(cloud().url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedByServer: false });
    }, giveUpMs);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ received, closedByServer: true });
    });
    socket.on('error', (error) => {
      clearTimeout(giveUp);
      reject(error);
    });
  });
}

function parseRawAnswer(received: string) {
  const [head = '', body = ''] = received.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}

describe('the local gateway', () => {
  it('answers a malformed percent-encoding in the path with a 400 problem, not an empty 500', async () => {
    const answer = await call('GET', '/v1/elections/any/reports/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    expect(answer.body.errors[0].code).toBe('INVALID_PATH_PARAMETER');
  });

  it('still decodes a well-formed percent-encoding', async () => {
    const answer = await call('GET', '/v1/elections/no-such%2Eelection/reports/abc');
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0].code).toBe('ELECTION_NOT_FOUND');
  });

  it('cuts off a client that never finishes its headers, with a 408 problem', {
    timeout: 120_000,
  }, async () => {
    const { received, closedByServer } = await rawExchange(
      'GET /v1/health HTTP/1.1\r\nhost: localhost\r\nx-slow: ',
      90_000,
    );
    expectCutOff(received, closedByServer);
  });

  it('cuts off a client that never finishes its body, with a 408 problem', { timeout: 120_000 }, async () => {
    const { received, closedByServer } = await rawExchange(
      `POST /v1/credentials HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${cloud().adminToken}\r\n` +
        'content-type: application/json\r\ncontent-length: 100\r\n\r\n{"role":',
      100_000,
    );
    expectCutOff(received, closedByServer);
  });

  it('refuses a body that names a member twice', async () => {
    const answer = await call('POST', '/v1/credentials', {
      rawBody: '{"role":"OBSERVER","label":"twice","role":"ADMIN"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    expect(answer.body.errors[0]).toMatchObject({ code: 'DUPLICATE_JSON_KEY', path: '/role' });
  });
});

describe('the full definition, gzip-encoded', () => {
  it('is compressed once per definition and then served from the function', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { smallElection, uniqueId } = await import('./client.ts');
    const id = uniqueId('gzip');
    const def = smallElection(id);
    // Large enough to be compressed: many polling areas of the one contest.
    const areas = Array.from({ length: 700 }, (_, i) => ({
      id: `01-001-${String(i + 10).padStart(3, '0')}`,
      name: `Khu vực bỏ phiếu số ${i + 10}`,
      communeId: '01-001',
      registeredVoters: 900,
      contestIds: ['NA-01-01'],
    }));
    const loaded = await call('PUT', `/v1/elections/${id}`, {
      body: { ...def, pollingAreas: [...def.pollingAreas, ...areas] },
    });
    expect(loaded.status).toBe(201);
    const ask = () =>
      fetch(`${cloud().url}/v1/elections/${id}`, {
        headers: { authorization: `Bearer ${cloud().adminToken}`, 'accept-encoding': 'gzip' },
      });
    const first = await ask();
    const second = await ask();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(Buffer.from(await second.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()));
    const logDir = path.resolve(import.meta.dirname, '../../.local/test/logs');
    const lines = () =>
      readFileSync(path.join(logDir, 'GetElectionFunctionFCE68A99.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('definition gzip') && l.includes(id))
        .map((l) => JSON.parse(l).cached);
    expect(lines()).toEqual([false, true]);
  });
});

/** The gateway closed the connection after answering a 408 problem document with its request id. */
function expectCutOff(received: string, closedByServer: boolean): void {
  expect(closedByServer).toBe(true);
  const answer = parseRawAnswer(received);
  expect(answer.status).toBe(408);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers['x-request-id']).toBeTruthy();
  expect(answer.body.errors[0].code).toBe('REQUEST_TIMEOUT');
}
