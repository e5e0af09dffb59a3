import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Most integration tests wait on the local cloud (queues, caches, timeouts), not on the CPU: three
    // files at a time keep a 2-core machine busy without starving the cloud they share.
    maxWorkers: 3,
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
