import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Electron binary cannot be downloaded on the build machines, so the
// thin main-process glue is tested against a stub of the 'electron' module.
const electronStub = fileURLToPath(new URL('./tests/stubs/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { electron: electronStub } },
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
