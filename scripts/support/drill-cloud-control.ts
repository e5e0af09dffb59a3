import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../../infra/local/cloud.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CloudFacts {
  readonly url: string;
  readonly region: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly sns: string };
  readonly outputs: Record<string, string>;
  readonly token: string;
}

/**
 * The drill's hold on its local cloud: a process of its own (scripts/support/drill-cloud.ts) on a
 * fixed port, so that clients carry on at the same address after it is killed without warning and
 * started again from the same data directory.
 */
export interface CloudClients {
  readonly db: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly outputs: Record<string, string>;
}

export class DrillCloud {
  private child: ChildProcess | undefined;
  facts: CloudFacts | undefined;
  private made: (CloudClients & { facts: CloudFacts }) | undefined;

  constructor(
    private readonly port: number,
    private readonly dataDir: string,
    readonly workDir: string,
    private readonly sweepSeconds: number,
    private readonly webhookRetries: { attempts: number; capSeconds: number },
  ) {}

  /** Clients of the running cloud's emulators: a restart moves them to new ports, and these follow. */
  clients(): CloudClients {
    const facts = this.facts;
    if (!facts) throw new Error('the drill cloud is not started');
    if (this.made?.facts === facts) return this.made;
    this.destroyClients();
    const options = { region: facts.region, credentials: LOCAL_CREDENTIALS };
    this.made = {
      facts,
      outputs: facts.outputs,
      db: DynamoDBDocumentClient.from(
        new DynamoDBClient({ ...options, endpoint: facts.endpoints.dynamodb }),
        {
          marshallOptions: { removeUndefinedValues: true },
        },
      ),
      sqs: new SQSClient({ ...options, endpoint: facts.endpoints.sqs }),
    };
    return this.made;
  }

  destroyClients(): void {
    this.made?.db.destroy();
    this.made?.sqs.destroy();
    this.made = undefined;
  }

  url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<CloudFacts> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'scripts/support/drill-cloud.ts'),
        '--port',
        String(this.port),
        '--data-dir',
        this.dataDir,
        '--work-dir',
        this.workDir,
        '--sweep-seconds',
        String(this.sweepSeconds),
        '--webhook-attempts',
        String(this.webhookRetries.attempts),
        '--webhook-cap-seconds',
        String(this.webhookRetries.capSeconds),
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: process.env },
    );
    this.child = child;
    const facts = await new Promise<CloudFacts>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`the drill's cloud was not ready: ${output}`)),
        300_000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!/Ready http/.test(output)) return;
        clearTimeout(timer);
        const cloud = JSON.parse(readFileSync(path.join(this.workDir, 'cloud.json'), 'utf8'));
        resolve({ ...cloud, token: readFileSync(path.join(this.workDir, 'admin-token'), 'utf8').trim() });
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        if (output.length < 64 * 1024) output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the drill's cloud exited with ${code}: ${output}`));
      });
    });
    this.facts = facts;
    return facts;
  }

  /** SIGKILL, as a power cut would: its emulators die with it (they watch its stdin). */
  async killHard(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    // The emulators notice their parent's stdin close; give them a moment to go.
    for (let i = 0; i < 100 && this.emulatorPid() !== undefined; i++)
      await new Promise((r) => setTimeout(r, 100));
  }

  /** Stops it as Ctrl-C does. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** DynamoDB Local's process: the Java program started on this drill's data directory. */
  emulatorPid(): number | undefined {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (
          command.some((a) => a.includes('DynamoDBLocal')) &&
          command.some((a) => a.startsWith(this.dataDir))
        )
          return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
    return undefined;
  }

  /** Freezes DynamoDB Local for a while (SIGSTOP, then SIGCONT): every read and write waits. */
  async pauseEmulator(ms: number): Promise<boolean> {
    const pid = this.emulatorPid();
    if (pid === undefined) return false;
    process.kill(pid, 'SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, ms));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    return true;
  }
}
