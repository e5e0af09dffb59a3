import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * How long a child may take to be ready: a start that hangs must fail, but a loaded machine (a
 * synthesis beside it, another cloud, a test run) can take minutes, and that is no failure.
 */
export const START_TIMEOUT_MS = 180_000;

export interface ChildService {
  stop(): Promise<void>;
  exited(): boolean;
  /** Resolves with the first line of output matching a pattern (e.g. the address it listens on). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/**
 * Runs a program under a shell guard that kills it when our stdin closes, so the program dies with
 * us even if we are killed with SIGKILL and cannot clean up: no orphan survives.
 */
export function superviseChild(command: string, args: readonly string[], logFile: string): ChildService {
  // Background jobs of a non-interactive shell read /dev/null, so the watcher reads our stdin via fd 3.
  const guard =
    'exec 3<&0; trap \'kill "$child" 2>/dev/null; wait "$child"; exit 0\' TERM INT; "$@" </dev/null & child=$!; ' +
    '(cat <&3 >/dev/null; kill "$child" 2>/dev/null) & wait "$child"';
  const child = spawn('sh', ['-c', guard, 'guard', command, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    // Only the start matters for readiness; keep memory bounded for a long-running child.
    if (output.length < 64 * 1024) output += chunk.toString();
  });
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      done = true;
      resolve();
    });
  });
  return {
    exited: () => done,
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          const found = pattern.exec(output);
          if (found) return resolve(found);
          if (done) return reject(new Error(`${command} exited before it was ready; see ${logFile}`));
          // Past the deadline, output that arrived while this process was busy is read first.
          if (Date.now() > deadline)
            return setImmediate(() =>
              pattern.exec(output)
                ? check()
                : reject(new Error(`${command} was not ready within ${timeoutMs} ms`)),
            );
          setTimeout(check, 50);
        };
        check();
      }),
    async stop() {
      if (done) return;
      child.kill('SIGTERM');
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
