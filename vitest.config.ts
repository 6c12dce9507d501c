import { defineConfig } from 'vitest/config';
import { earshotWorklet } from './packages/client/build/worklet-plugin.js';

// Node unit and integration tests of every package. Browser tests live in e2e/ (Playwright).
export default defineConfig({
  plugins: [earshotWorklet()],
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
