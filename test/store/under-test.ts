/**
 * The store under test: SQLite in a temp folder, or — in the suite's Postgres run
 * (STORE_DIALECT=postgres, see test/postgres-global-setup.ts) — a Postgres database of that folder's
 * own. Tests open stores with createStore/getStore/tempStore (never openSqliteStore, unless SQLite
 * itself is what they test) and reach the tables through `kyselyOf`, whose queries run on both.
 */
import type { Kysely } from 'kysely';
import type { Store } from '../../src/store/index.ts';
import type { StoreDatabase } from '../../src/store/kysely/schema.ts';

/** Which dialect this run's stores use. */
export const DIALECT_UNDER_TEST: 'sqlite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

/** The Kysely handle behind a store (SQLite or Postgres), for seeding and reading tables directly. */
export function kyselyOf(store: Store): Kysely<StoreDatabase> {
  const kysely = (store as Store & { kysely?: Kysely<StoreDatabase> }).kysely;
  if (!kysely) throw new Error('this store has no Kysely handle (not opened by createStore/getStore?)');
  return kysely;
}

/** Every row of the saved-dataset tables (owner, name, points), in a fixed order: what "the store is unchanged" compares. */
export async function savedDatasetTables(store: Store) {
  const db = kyselyOf(store);
  return {
    saved: await db.selectFrom('saved_datasets').select(['owner_key', 'name', 'points']).orderBy('owner_key').orderBy('name').execute(),
    last: await db.selectFrom('last_user_data').select(['owner_key', 'points']).orderBy('owner_key').execute(),
  };
}
