/**
 * vitest globalSetup: with STORE_DIALECT=postgres the whole suite runs on Postgres — one private
 * server for the run (test/fakes/postgres.ts), DATABASE_URL pointing at it, and each temporary data
 * folder mapped to a database of its own (STORE_DATABASE_PER_DATA_DIR), as each would get its own
 * SQLite file. Those databases are file copies of one template migrated here once, so a test's new
 * store costs a CREATE DATABASE, not a run of every migration. Without STORE_DIALECT=postgres it
 * does nothing.
 */
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { createDatabaseFromTemplate, withDatabaseName } from '../src/store/postgres/database-per-folder.ts';
import { startPostgres, type PrivatePostgres } from './fakes/postgres.ts';

/** The migrated database every test database is copied from. */
export const TEMPLATE_DATABASE = 'nntutor_template';

let server: PrivatePostgres | undefined;

export async function setup(): Promise<void> {
  if (process.env.STORE_DIALECT !== 'postgres') return;
  if (!process.env.DATABASE_URL) {
    server = await startPostgres(); // throws, saying what could not be started, and the run stops
    process.env.DATABASE_URL = server.url;
  }
  const url = process.env.DATABASE_URL;
  await createTemplateDatabase(url);
  process.env.STORE_DATABASE_PER_DATA_DIR = TEMPLATE_DATABASE;
  console.log(`Store tests on Postgres: ${url} (a database per data folder, copied from ${TEMPLATE_DATABASE})`);
}

/** Creates (if missing) and migrates TEMPLATE_DATABASE on the server of `url`, then leaves it with no connection open. */
export async function createTemplateDatabase(url: string): Promise<void> {
  // template0 is the pristine, always-present template; ours gets the schema once
  await createDatabaseFromTemplate(url, TEMPLATE_DATABASE, 'template0');
  const template = openPostgresStore({ connectionString: withDatabaseName(url, TEMPLATE_DATABASE) });
  await template.ready();
  await template.close(); // a template with a connection open cannot be copied
}

export function teardown(): void {
  server?.stop();
}
