import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cloud } from './client.ts';

const DIST = path.resolve(import.meta.dirname, '../../web/dist');

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request sent with its path exactly as written (fetch would normalise dot segments away). */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(cloud().url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port: Number(port), path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The hashed script index.html loads. */
async function scriptPath(): Promise<string> {
  const index = (await get('/')).body.toString('utf8');
  const src = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
  if (!src) throw new Error(`index.html names no script under /assets/: ${index}`);
  return src;
}

describe('the web app at the gateway root', () => {
  it('answers / with the built index.html, to be revalidated on every load', async () => {
    const answer = await get('/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.body.toString('utf8')).toBe(readFileSync(path.join(DIST, 'index.html'), 'utf8'));
  });

  it('answers a hashed asset as immutable, gzip-encoded for a client that accepts it when CloudFront would', async () => {
    const src = await scriptPath();
    const plain = await get(src);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.equals(readFileSync(path.join(DIST, src)))).toBe(true);
    const gzipped = await get(src, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // CloudFront compresses files of 1,000 bytes or more; smaller ones travel as they are.
    if (plain.body.length >= 1_000) {
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    } else {
      expect(gzipped.headers['content-encoding']).toBeUndefined();
      expect(gzipped.body.equals(plain.body)).toBe(true);
    }
  });

  it('answers 304 without a body to If-None-Match with the current ETag, 200 to another', async () => {
    for (const target of ['/', await scriptPath()]) {
      const first = await get(target);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const again = await get(target, { 'if-none-match': etag });
      expect(again.status, target).toBe(304);
      expect(again.body.length).toBe(0);
      expect((await get(target, { 'if-none-match': '"stale"' })).status).toBe(200);
    }
  });

  it('refuses a path that tries to climb out of the site, and answers 404 for an unknown one', async () => {
    for (const rawPath of [
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
    ]) {
      const answer = await get(rawPath);
      expect(answer.status, rawPath).toBe(400);
      expect(answer.body.toString('utf8')).not.toContain('devDependencies');
    }
    for (const rawPath of ['/no-such-page', '/assets/no-such.js', '/package.json', '/src/main.ts']) {
      expect((await get(rawPath)).status, rawPath).toBe(404);
    }
    expect((await get('/', {}, 'POST')).status).toBe(403);
  });

  it('leaves /v1/ to the API exactly as before', async () => {
    const health = await get('/v1/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
    const unknown = await get('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
  });
});
