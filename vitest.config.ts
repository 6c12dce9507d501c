import { defineConfig } from 'vitest/config';

// Node unit and integration tests of every package. Browser tests live in e2e/ (Playwright).
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
