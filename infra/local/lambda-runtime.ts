import { randomUUID } from 'node:crypto';
import { existsSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lambda-worker.mjs');

export interface FunctionDefinition {
  readonly logicalId: string;
  readonly codeDir: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Record<string, string>;
  /** A bundled module whose `wrap(handler)` wraps the handler, to inject a fault (tests). */
  readonly wrapperPath?: string;
}

export class LambdaInvocationError extends Error {
  override readonly name = 'LambdaInvocationError';
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(`${functionName}: ${errorType}: ${message}`);
  }
}

interface Environment {
  readonly worker: Worker;
  busy: boolean;
}

/**
 * A function's execution environments: each a worker thread with the function's own environment
 * variables and module state, running one event at a time, up to maxConcurrency at once. An
 * invocation past the function's timeout ends its environment, as Lambda does.
 */
export class LambdaFunction {
  private readonly environments: Environment[] = [];
  private readonly waiting: Array<(env: Environment) => void> = [];
  private readonly modulePath: string;
  private readonly exportName: string;
  private stopped = false;
  /** Invocations and their billed time, as Lambda would count them. */
  readonly usage = { invocations: 0, billedMs: 0 };

  constructor(
    readonly definition: FunctionDefinition,
    private readonly maxConcurrency: number,
    private readonly pseudo: { region: string; accountId: string },
    private readonly log: WriteStream,
  ) {
    const [file = 'index', exportName = 'handler'] = definition.handler.split(/\.(?=[^.]+$)/);
    const candidates = ['.mjs', '.js', '.cjs'].map((ext) => path.join(definition.codeDir, `${file}${ext}`));
    const found = candidates.find((c) => existsSync(c));
    if (!found)
      throw new Error(
        `${definition.logicalId}: no module for handler ${definition.handler} in ${definition.codeDir}`,
      );
    this.modulePath = found;
    this.exportName = exportName;
  }

  get name(): string {
    return this.definition.logicalId;
  }

  /** Starts one environment and waits until its module has loaded (a cold start). */
  async warm(): Promise<void> {
    const env = await this.spawn();
    this.release(env);
  }

  async invoke(event: unknown): Promise<unknown> {
    const env = await this.acquire();
    const started = performance.now();
    this.usage.invocations++;
    const requestId = randomUUID();
    const timeoutMs = this.definition.timeoutSeconds * 1000;
    try {
      return await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          void this.discard(env);
          reject(
            new LambdaInvocationError(
              this.name,
              'Sandbox.Timedout',
              `Task timed out after ${this.definition.timeoutSeconds} seconds`,
            ),
          );
        }, timeoutMs);
        const onMessage = (message: {
          kind: string;
          id?: string;
          ok?: boolean;
          result?: unknown;
          error?: { errorType: string; errorMessage: string };
        }) => {
          if (message.kind !== 'result' || message.id !== requestId) return;
          cleanup();
          if (message.ok) resolve(message.result);
          else
            reject(
              new LambdaInvocationError(
                this.name,
                message.error?.errorType ?? 'Error',
                message.error?.errorMessage ?? '',
              ),
            );
        };
        const onExit = () => {
          cleanup();
          reject(
            new LambdaInvocationError(this.name, 'Runtime.ExitError', 'The execution environment exited'),
          );
        };
        const cleanup = () => {
          clearTimeout(timer);
          env.worker.off('message', onMessage);
          env.worker.off('exit', onExit);
        };
        env.worker.on('message', onMessage);
        env.worker.once('exit', onExit);
        env.worker.postMessage({ id: requestId, event, requestId });
      });
    } finally {
      this.usage.billedMs += Math.ceil(performance.now() - started);
      if (this.environments.includes(env)) this.release(env);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.environments.splice(0).map((env) => env.worker.terminate()));
  }

  private async acquire(): Promise<Environment> {
    if (this.stopped)
      throw new LambdaInvocationError(this.name, 'Runtime.Stopped', 'The local cloud is stopping');
    const idle = this.environments.find((env) => !env.busy);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    if (this.environments.length < this.maxConcurrency) {
      const env = await this.spawn();
      env.busy = true;
      return env;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(env: Environment): void {
    const next = this.waiting.shift();
    if (next) {
      env.busy = true;
      next(env);
    } else {
      env.busy = false;
    }
  }

  /** Takes an environment out of service at once, then ends its thread; its exit brings a replacement. */
  private async discard(env: Environment): Promise<void> {
    const index = this.environments.indexOf(env);
    if (index >= 0) this.environments.splice(index, 1);
    await env.worker.terminate();
  }

  /** An environment has gone (timed out or crashed): whoever waits gets a fresh one. */
  private replace(env: Environment): void {
    const index = this.environments.indexOf(env);
    if (index >= 0) this.environments.splice(index, 1);
    const next = this.waiting.shift();
    if (!next) return;
    if (this.stopped) return;
    this.spawn().then(
      (fresh) => next(fresh),
      () => this.waiting.unshift(next),
    );
  }

  private spawn(): Promise<Environment> {
    const worker = new Worker(WORKER_SCRIPT, {
      env: this.definition.environment,
      stdout: true,
      stderr: true,
      workerData: {
        modulePath: this.modulePath,
        wrapperPath: this.definition.wrapperPath,
        exportName: this.exportName,
        functionName: this.name,
        memoryMb: this.definition.memoryMb,
        timeoutMs: this.definition.timeoutSeconds * 1000,
        ...this.pseudo,
      },
    });
    // Writing chunk by chunk keeps one log stream free of a listener per environment.
    worker.stdout.on('data', (chunk: Buffer) => this.log.write(chunk));
    worker.stderr.on('data', (chunk: Buffer) => this.log.write(chunk));
    const env: Environment = { worker, busy: true };
    this.environments.push(env);
    worker.once('exit', () => this.replace(env));
    return new Promise((resolve, reject) => {
      worker.once('message', (message: { kind: string; error?: { errorMessage: string } }) => {
        if (message.kind === 'ready') resolve(env);
        else {
          void this.discard(env);
          reject(new Error(`${this.name} failed to load: ${message.error?.errorMessage}`));
        }
      });
      worker.once('error', (error) => reject(error));
    });
  }
}
