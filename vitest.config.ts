import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // STORE_DIALECT=postgres npm test: the whole suite on a private Postgres (see the file)
    globalSetup: ['test/postgres-global-setup.ts'],
  },
});
