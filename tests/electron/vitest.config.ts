import { defineConfig } from 'vitest/config';

// The desktop smoke test: real Electron, so not part of `npm test` (the build machines cannot
// download the Electron binary). Run it where Electron exists (the Windows CI runner):
//   npm run build && npx vitest run --config tests/electron/vitest.config.ts
export default defineConfig({
  test: {
    include: ['tests/electron/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
