import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootstrapAdmin } from '../../infra/local/bootstrap.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAULTS = path.join(ROOT, 'test', 'support', 'faults');

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: {
      url: string;
      region: string;
      adminToken: string;
      endpoints: { dynamodb: string; sqs: string; sns: string };
      outputs: Record<string, string>;
    };
  }
}

/** Starts one local cloud for every integration test, and stops all of it afterwards. */
export default async function setup(project: TestProject) {
  const workDir = path.join(ROOT, '.local', 'test');
  rmSync(path.join(workDir, 'logs'), { recursive: true, force: true });
  rmSync(path.join(workDir, 'faults-seen'), { recursive: true, force: true });
  const cloud = await startLocalCloud({
    port: 0,
    workDir,
    cacheDir: path.join(ROOT, '.cache'),
    onError: () => {},
    // The sweep runs every few seconds instead of every five minutes, so healing can be watched.
    schedulePeriodSeconds: 5,
    // Test-only wrappers crash functions at chosen steps; the functions' own code has no fault in it.
    functionFaults: (logicalId) => {
      // Work for elections named chaos-… crashes the aggregator mid-batch, once per environment.
      if (logicalId.startsWith('Aggregator')) return path.join(FAULTS, 'aggregator-crash.ts');
      // Reports to elections named crashwrite-… or claimonly-… crash PostReport between its steps.
      if (logicalId.startsWith('PostReport')) return path.join(FAULTS, 'report-crash.ts');
      return undefined;
    },
    functionEnvironment: (logicalId) => {
      if (logicalId.startsWith('PostReport')) return { FAULT_SEEN_DIR: path.join(workDir, 'faults-seen') };
      // Webhook retries in seconds instead of hours, so that dead letters can be watched.
      if (logicalId.startsWith('SendWebhooks'))
        return {
          WEBHOOK_MAX_ATTEMPTS: '4',
          WEBHOOK_RETRY_BASE_SECONDS: '1',
          WEBHOOK_RETRY_CAP_SECONDS: '2',
          WEBHOOK_TIMEOUT_MS: '3000',
        };
      return {};
    },
  });
  const adminToken = await bootstrapAdmin(cloud);
  project.provide('cloud', {
    url: cloud.url,
    region: cloud.region,
    adminToken,
    endpoints: cloud.endpoints,
    outputs: cloud.outputs,
  });
  return async () => {
    await cloud.stop();
  };
}
