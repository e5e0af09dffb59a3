// The SNS/SQS emulator in a process of its own, so that its work never queues behind the API's.
// Listens on loopback only and prints its address once ready. Queue URLs name the host the request
// came to (127.0.0.1:port) rather than sqs.<region>.localhost, which this machine cannot resolve
// and which the AWS SDK would prefer over its configured endpoint. Given a journal file (the cloud's
// --data-dir), its queues survive a kill (fauxqs-journal.mjs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from 'fauxqs';

const region = process.argv[2] ?? 'us-east-1';
const journal = process.argv[3];

function packageDir(name) {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Package ${name} is not installed`);
  }
}

const { SqsQueue, SqsStore } = await import(
  pathToFileURL(path.join(packageDir('fauxqs'), 'dist', 'sqs', 'sqsStore.js')).href
);
const sqsStore = new SqsStore();
sqsStore.host = '';
if (journal) {
  const { journalQueues } = await import('./fauxqs-journal.mjs');
  journalQueues(SqsQueue, sqsStore, journal);
}
const app = buildApp({ logger: false, defaultRegion: region, stores: { sqsStore } });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`fauxqs listening at ${address}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => app.close().then(() => process.exit(0)));
