import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from 'fauxqs';

export interface Fauxqs {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The SNS/SQS emulator, in this process, listening on loopback only. Its queue URLs name the host
 * the request came to (127.0.0.1:port) rather than sqs.<region>.localhost, a name this machine
 * cannot resolve and the AWS SDK prefers over its configured endpoint.
 */
export async function startFauxqs(region: string): Promise<Fauxqs> {
  const distDir = path.join(packageDir('fauxqs'), 'dist');
  const { SqsStore } = (await import(pathToFileURL(path.join(distDir, 'sqs', 'sqsStore.js')).href)) as {
    SqsStore: new () => { host: string };
  };
  const sqsStore = new SqsStore();
  sqsStore.host = '';
  const stores = { sqsStore } as unknown as NonNullable<Parameters<typeof buildApp>[0]>['stores'];
  const app = buildApp({ logger: false, defaultRegion: region, ...(stores ? { stores } : {}) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    endpoint: address,
    stop: async () => {
      await app.close();
    },
  };
}

/** The installed folder of a package, found as Node finds it: in node_modules up the tree. */
function packageDir(name: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Package ${name} is not installed`);
  }
}
