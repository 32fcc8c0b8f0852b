import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a stopgap for this shared 2-core machine: a test that fails is run once more before it counts as failed
    // (seen flaking under load: jobs/admission's 200 ms budget, the draw widget's phone taps, browser.test's
    // second person); a test that fails twice still fails the run
    retry: 1,
    // STORE_DIALECT=postgres npm test: the whole suite on a private Postgres (see the file)
    globalSetup: ['test/postgres-global-setup.ts'],
  },
});
