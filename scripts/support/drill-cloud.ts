import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapAdmin } from '../../infra/local/bootstrap.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';

/**
 * The drill's local cloud, in a process of its own so that the drill can kill it without warning
 * and start it again from the same data: `tsx scripts/support/drill-cloud.ts --port P --data-dir D
 * --work-dir W`. It writes cloud.json and admin-token into W, then prints "Ready <url>".
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const FAULTS = path.join(import.meta.dirname, 'faults');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'work-dir': { type: 'string' },
      'sweep-seconds': { type: 'string', default: '60' },
      // Webhook tries and their backoff cap: they must outlast the receivers' stretch down.
      'webhook-attempts': { type: 'string', default: '8' },
      'webhook-cap-seconds': { type: 'string', default: '15' },
    },
  });
  const workDir = path.resolve(values['work-dir'] ?? '');
  const faultDir = path.join(workDir, 'faults');
  mkdirSync(faultDir, { recursive: true });
  const cloud = await startLocalCloud({
    port: Number(values.port ?? 0),
    workDir,
    cacheDir: path.join(ROOT, '.cache'),
    ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir']) } : {}),
    onError: (error) => console.error('local cloud:', error instanceof Error ? error.message : error),
    // The sweep heals what a lost message left behind: once a minute here, not every five.
    schedulePeriodSeconds: Number(values['sweep-seconds']),
    functionFaults: (logicalId) =>
      logicalId.startsWith('Aggregator') ? path.join(FAULTS, 'aggregator-crash.ts') : undefined,
    functionEnvironment: (logicalId) => {
      const traced = { TRACE_ITEM_WRITES: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' };
      if (logicalId.startsWith('Aggregator')) return { ...traced, DRILL_FAULT_DIR: faultDir };
      // Webhook retries in seconds instead of hours: a receiver back after its stretch is caught up
      // by them (by default eight tries over about 75 s), one that stays down reaches the dead letters.
      if (logicalId.startsWith('SendWebhooks'))
        return {
          ...traced,
          WEBHOOK_MAX_ATTEMPTS: String(values['webhook-attempts']),
          WEBHOOK_RETRY_BASE_SECONDS: '1',
          WEBHOOK_RETRY_CAP_SECONDS: String(values['webhook-cap-seconds']),
          WEBHOOK_TIMEOUT_MS: '3000',
        };
      return traced;
    },
  });
  const token = await bootstrapAdmin(cloud);
  writeFileSync(path.join(workDir, 'admin-token'), `${token}\n`, { mode: 0o600 });
  writeFileSync(
    path.join(workDir, 'cloud.json'),
    `${JSON.stringify({ url: cloud.url, region: cloud.region, endpoints: cloud.endpoints, outputs: cloud.outputs })}\n`,
  );
  const stop = async () => {
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`Ready ${cloud.url}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
