/**
 * `npm run migrate`: applies the store's migrations to the configured database (DATABASE_URL=postgres://…,
 * else the SQLite file in DATA_DIR) and lists what was applied. The tutor also migrates on start;
 * this is for deploying the schema before starting several instances.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { createStore } from './index.ts';
import type { KyselyStore } from './kysely/store.ts';
import { appliedMigrations } from './kysely/migrations.ts';
import { redactedUrl } from './postgres/index.ts';
import { databasePath } from './sqlite/index.ts';

async function main(): Promise<void> {
  const dataDir = loadConfig().dataDir;
  const url = process.env.DATABASE_URL;
  const where = url ? redactedUrl(url) : databasePath({ dataDir });
  const store = createStore({ dataDir }) as KyselyStore;
  try {
    const before = await appliedMigrations(store.kysely).catch(() => [] as string[]);
    await store.ready();
    const after = await appliedMigrations(store.kysely);
    const applied = after.filter((name) => !before.includes(name));
    console.log(applied.length ? `Applied to ${where}: ${applied.join(', ')}` : `${where} is up to date`);
    console.log(`Schema: ${after.join(', ')}`);
  } finally {
    await store.close();
  }
}

if (existsSync('.env')) process.loadEnvFile('.env');
main().catch((error: unknown) => {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
});
