import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'native/**/*.test.ts', 'src-renderer/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['src-main/**/*.system.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One pcscd for the whole machine: system tests take turns.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['src-renderer/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser and one host at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
