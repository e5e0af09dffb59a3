import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateElection } from '../../shared/generator/generate.ts';
import { loadElection } from '../../shared/ingest/load-election.ts';
import { unwrap } from '../../shared/model/result.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import { LOCAL_CREDENTIALS, type LocalCloud, startLocalCloud } from './cloud.ts';
import { DEMO_ELECTION } from './demo.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE_DIR = path.join(ROOT, '.cache');

/** `npm start [-- --data-dir DIR]`: the whole system on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'work-dir': { type: 'string' } },
  });
  const workDir = path.resolve(values['work-dir'] ?? path.join(ROOT, '.local'));
  const started = Date.now();
  let token = '';
  let demo = '';
  const port = Number(process.env.PORT ?? 3000);
  console.log('Starting the local cloud (synthesizing the CDK app, starting DynamoDB Local and fauxqs)…');
  const cloud = await startLocalCloud({
    port,
    workDir: workDir,
    cacheDir: CACHE_DIR,
    ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir']) } : {}),
    onError: (error) => console.error('local cloud:', error instanceof Error ? error.message : error),
    prepare: async (ready) => {
      token = await bootstrapAdmin(ready);
      demo = await loadDemoElection(ready);
    },
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping every part of the local cloud…`);
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, 'admin-token'), `${token}\n`, { mode: 0o600 });
  writeFileSync(
    path.join(workDir, 'cloud.json'),
    `${JSON.stringify({ url: cloud.url, region: cloud.region, endpoints: cloud.endpoints, outputs: cloud.outputs }, null, 2)}\n`,
  );
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cloud.url}`);
  if (cloud.webUrl) console.log(`Web app: ${cloud.webUrl}  (sign in with ${cloud.webUrl}#token=<token>)`);
  console.log(`  election:     ${demo}`);
  console.log(
    `  routes:       ${cloud.routeKeys.length} from the template; the contract at ${cloud.url}/v1/openapi.json`,
  );
  console.log(`  ADMIN token:  ${path.relative(process.cwd(), path.join(workDir, 'admin-token'))}`);
  console.log(
    `  resources:    ${path.relative(process.cwd(), path.join(workDir, 'cloud.json'))} (SQS/SNS at ${cloud.endpoints.sqs}, DynamoDB at ${cloud.endpoints.dynamodb})`,
  );
  console.log(
    `  function logs: ${path.relative(process.cwd(), path.join(workDir, 'logs'))}/   Ctrl-C stops everything.`,
  );
  for (const { logicalId, reason } of cloud.notEmulated)
    console.log(`  not run here: ${logicalId}, ${reason}`);
}

async function loadDemoElection(cloud: LocalCloud): Promise<string> {
  const tableName = cloud.outputs.ReportsTableName;
  if (!tableName) throw new Error('The stack has no ReportsTableName output');
  const def = generateElection(DEMO_ELECTION);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    const { outcome } = unwrap(await loadElection(db, tableName, def, new Date()));
    return `${def.id} (${outcome.toLowerCase()}): ${def.provinces.length} provinces, ${def.contests.length} contests, ${def.pollingAreas.length} polling areas`;
  } catch (error) {
    return `${def.id} not loaded: ${error instanceof Error ? error.message : error}`;
  } finally {
    db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
