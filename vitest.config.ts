import { defineConfig } from 'vitest/config';

// Three projects: node (gateway, main process, fixtures), ui (renderer units in a DOM), e2e (real
// Chromium against the real gateway). One run; test/summary-reporter.ts prints CI's closing line.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/gateway/**/*.test.ts', 'test/main/**/*.test.ts', 'test/fixtures/**/*.test.ts', 'test/tooling/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'ui',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts', 'test/renderer/**/*.test.tsx'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
