/**
 * Runs store tests against each dialect: SQLite in a temp folder, and Postgres — the suite's server
 * when DATABASE_URL is set (STORE_DIALECT=postgres npm test), else a private server started for the
 * file. Each store gets an empty database of its own (a temp folder, or a fresh Postgres schema).
 * When Postgres cannot be started, its tests are skipped with the reason. In CI's two runs of the
 * suite (STORE_DIALECT=sqlite, then STORE_DIALECT=postgres) each run takes its own dialect's half;
 * a plain `npx vitest run test/store` runs both.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import type { KyselyStore } from '../../src/store/kysely/store.ts';
import { startPostgres, type PrivatePostgres } from '../fakes/postgres.ts';
import { tempDir } from '../tutor/helpers.ts';

/** The dialects every store test runs on. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** Opens fresh stores of one dialect; `reopen` opens the same database again. */
export interface StoreFactory {
  dialect: Dialect;
  /** A new empty store, and its location for `reopen`. */
  open(): { store: KyselyStore; location: string };
  reopen(location: string): KyselyStore;
  /** Why this dialect's tests are skipped, if they are. */
  skipReason(): string | undefined;
}

/** Why `dialect`'s half is left to the other CI run, or undefined when it runs here. */
export function otherRunReason(dialect: Dialect): string | undefined {
  const only = process.env.STORE_DIALECT;
  if (!only || only === dialect) return undefined;
  return `the ${dialect} half of this test runs in the suite's STORE_DIALECT=${dialect} run; this is the STORE_DIALECT=${only} run`;
}

/**
 * Registers beforeAll/afterAll hooks (call inside a describe) that provide Postgres when asked for,
 * and returns the factory for `dialect`.
 */
export function storeFactory(dialect: Dialect): StoreFactory {
  const elsewhere = otherRunReason(dialect);
  if (elsewhere) {
    const refuse = (): never => { throw new Error(elsewhere); };
    return { dialect, open: refuse, reopen: refuse, skipReason: () => elsewhere };
  }
  if (dialect === 'sqlite') {
    return {
      dialect,
      open() { const dataDir = tempDir('nn-tutor-store-'); return { store: openSqliteStore({ dataDir }), location: dataDir }; },
      reopen: (dataDir) => openSqliteStore({ dataDir }),
      skipReason: () => undefined,
    };
  }
  let url = process.env.DATABASE_URL;
  let server: PrivatePostgres | undefined;
  let failure: string | undefined;
  beforeAll(async () => {
    if (url) return;
    try {
      server = await startPostgres();
      url = server.url;
    } catch (error) {
      failure = `Postgres store tests skipped: ${(error as Error).message}`;
      console.warn(failure);
    }
  }, 120_000);
  afterAll(() => server?.stop());
  const openAt = (schema: string) => openPostgresStore({ connectionString: url!, schema, maxConnections: 4 });
  return {
    dialect,
    open() { const schema = `t_${randomBytes(6).toString('hex')}`; return { store: openAt(schema), location: schema }; },
    reopen: openAt,
    skipReason: () => failure,
  };
}
