import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaFunction } from '../../../infra/local/lambda-runtime.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lambda-runtime-'));
const log = createWriteStream(path.join(dir, 'log.txt'));
const functions: LambdaFunction[] = [];
afterAll(async () => {
  await Promise.all(functions.map((f) => f.stop()));
  log.end();
  rmSync(dir, { recursive: true, force: true });
});

function lambda(name: string, source: string, environment: Record<string, string> = {}, timeoutSeconds = 2) {
  const codeDir = path.join(dir, name);
  mkdirSync(codeDir);
  writeFileSync(path.join(codeDir, 'index.mjs'), source);
  const fn = new LambdaFunction(
    { logicalId: name, codeDir, handler: 'index.handler', timeoutSeconds, memoryMb: 128, environment },
    2,
    { region: 'ap-southeast-1', accountId: '000000000000' },
    log,
  );
  functions.push(fn);
  return fn;
}

describe('LambdaFunction (a local execution environment per worker thread)', () => {
  it('gives each function its own environment variables and module state', async () => {
    const source =
      'let calls = 0; export const handler = async () => ({ table: process.env.TABLE_NAME, calls: ++calls });';
    const a = lambda('a', source, { TABLE_NAME: 'reports' });
    const b = lambda('b', source, { TABLE_NAME: 'aggregates' });
    expect(await a.invoke({})).toEqual({ table: 'reports', calls: 1 });
    expect(await a.invoke({})).toEqual({ table: 'reports', calls: 2 });
    expect(await b.invoke({})).toEqual({ table: 'aggregates', calls: 1 });
    expect(process.env.TABLE_NAME).toBeUndefined();
  });

  it('reports a handler error with its type and message', async () => {
    const fn = lambda('failing', 'export const handler = async () => { throw new TypeError("no good"); };');
    await expect(fn.invoke({})).rejects.toThrow(/TypeError: no good/);
  });

  it('ends an invocation past the timeout, as Lambda does, and serves the next one from a fresh environment', async () => {
    const fn = lambda(
      'slow',
      'let n = 0; export const handler = async (e) => { n++; if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return n; };',
      {},
      1,
    );
    await expect(fn.invoke({ hang: true })).rejects.toThrow(/timed out after 1 seconds/);
    expect(await fn.invoke({})).toBe(1);
  });
});
