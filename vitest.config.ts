import { defineConfig } from 'vitest/config';

/**
 * The tests that start (and kill, and restart) local clouds of their own: they need the CPU that
 * bundling and a JVM take, so they run after the tests of the shared cloud, one at a time.
 */
const OWN_CLOUD = [
  'test/integration/edge.test.ts',
  'test/integration/lifecycle.test.ts',
  'test/integration/restart.test.ts',
  'test/integration/drill.test.ts',
];

export default defineConfig({
  test: {
    // The shared cloud's tests wait on it (queues, caches, timeouts), not on the CPU: three files at a
    // time keep a 2-core machine busy without starving it.
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
          exclude: OWN_CLOUD,
          globalSetup: ['test/integration/global-setup.ts'],
          // A page on a loaded machine takes seconds, not vitest's one second, to show what it will.
          expect: { poll: { timeout: 20_000 } },
          // Guards against a hang only: each wait inside a test has its own deadline, with patience.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'own-cloud',
          include: OWN_CLOUD,
          sequence: { groupOrder: 1 },
          // One at a time: two of them side by side starve each other's clouds.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
