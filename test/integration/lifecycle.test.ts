import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { smallElection } from './client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'lifecycle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm start` as a user runs it (the same entry point), on a free port, in a scratch work dir. */
function start(dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const workDir = path.join(scratch, 'work');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/main.ts', '--data-dir', dataDir, '--work-dir', workDir],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 300_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          url: ready[1],
          token: readFileSync(path.join(workDir, 'admin-token'), 'utf8').trim(),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

/** The DynamoDB Local processes serving this data dir. */
function javaServing(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `java.*${dataDir}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

const until = (check: () => boolean, ms = 15_000) => eventually(check, (met) => met, ms);

const putElection = (url: string, token: string) =>
  fetch(`${url}/v1/elections/lifecycle`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(smallElection('lifecycle')),
  }).then((r) => r.status);

describe('npm start: data kept across restarts, nothing left behind', () => {
  it('keeps data in --data-dir, leaves no DynamoDB Local behind after a crash, and stops cleanly on Ctrl-C', async () => {
    const dataDir = path.join(scratch, 'data');
    const first = await start(dataDir);
    expect(await putElection(first.url, first.token)).toBe(201);
    expect(javaServing(dataDir).length).toBeGreaterThan(0);

    // A crash that allows no clean-up at all: the emulator must still go.
    first.child.kill('SIGKILL');
    await until(() => javaServing(dataDir).length === 0);

    const second = await start(dataDir);
    expect(await putElection(second.url, second.token)).toBe(200);
    const exited = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(javaServing(dataDir)).toEqual([]);
  }, 900_000);
});
