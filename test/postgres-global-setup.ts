/**
 * vitest globalSetup: with STORE_DIALECT=postgres the whole suite runs on Postgres — one private
 * server for the run (test/fakes/postgres.ts), DATABASE_URL pointing at it, and each temporary data
 * folder mapped to a schema of its own (STORE_SCHEMA_PER_DATA_DIR=1), as each would get its own
 * SQLite file. Without STORE_DIALECT=postgres it does nothing.
 */
import { startPostgres, type PrivatePostgres } from './fakes/postgres.ts';

let server: PrivatePostgres | undefined;

export async function setup(): Promise<void> {
  if (process.env.STORE_DIALECT !== 'postgres') return;
  if (!process.env.DATABASE_URL) {
    server = await startPostgres(); // throws, saying what could not be started, and the run stops
    process.env.DATABASE_URL = server.url;
  }
  process.env.STORE_SCHEMA_PER_DATA_DIR = '1';
  console.log(`Store tests on Postgres: ${process.env.DATABASE_URL}`);
}

export function teardown(): void {
  server?.stop();
}
