import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootstrapAdmin } from '../../infra/local/bootstrap.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

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
  const cloud = await startLocalCloud({
    port: 0,
    workDir,
    cacheDir: path.join(ROOT, '.cache'),
    onError: () => {},
    // The sweep runs every few seconds instead of every five minutes, so healing can be watched.
    schedulePeriodSeconds: 5,
    // Work for elections named chaos-… crashes the aggregator mid-batch, once per environment.
    functionEnvironment: (logicalId) =>
      logicalId.startsWith('Aggregator') ? { FAULT_CRASH_ELECTION_PREFIX: 'chaos-' } : {},
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
