/**
 * Builds a Store over any Kysely connection: migrations run once when it opens (every repository
 * call waits for them), and `transaction` keeps its Kysely transaction in an AsyncLocalStorage so
 * the repositories called inside it — through the same store object — run on it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Store } from '../types.ts';
import type { StoreDatabase } from './schema.ts';
import { migrateToLatest, type StoreDialect } from './migrations.ts';
import {
  createAnswerRepository, createCardRepository, createLiveQuizRepository, createProgressRepository,
  createRecentSpecRepository, createScoreRepository, createUserRepository,
} from './repositories.ts';
import { createSavedDatasetRepository } from './saved-datasets.ts';
import { createReportRepository } from './reports.ts';

/** A Store plus the Kysely instance behind it (for the copy tool and tests). */
export type KyselyStore = Store & { kysely: Kysely<StoreDatabase> };

/** Wraps every method of a repository so that it first waits for `ready`. */
function afterReady<R extends object>(repository: R, ready: () => Promise<void>): R {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    wrapped[name] = typeof method === 'function'
      ? async (...args: unknown[]) => { await ready(); return (method as (...a: unknown[]) => unknown).apply(repository, args); }
      : method;
  }
  return wrapped as R;
}

/** A store over `kysely`: `prepare` (e.g. creating a schema) runs first, then the migrations (Postgres: recorded in `schema`). */
export function createKyselyStore(kysely: Kysely<StoreDatabase>, dialect: StoreDialect, prepare?: () => Promise<void>, schema?: string): KyselyStore {
  const current = new AsyncLocalStorage<Transaction<StoreDatabase>>();
  const db = () => current.getStore() ?? kysely;
  const migrated = (async () => {
    await prepare?.();
    await migrateToLatest(kysely, dialect, undefined, schema);
  })();
  migrated.catch(() => undefined); // reported by ready() and by every repository call, not as an unhandled rejection
  const ready = () => migrated;
  const transaction = async <T>(fn: () => Promise<T>): Promise<T> => {
    await ready();
    if (current.getStore()) return fn();
    return kysely.transaction().execute((trx) => current.run(trx, fn));
  };
  const wrap = <R extends object>(r: R) => afterReady(r, ready);
  return {
    kysely,
    dialect,
    users: wrap(createUserRepository(db)),
    progress: wrap(createProgressRepository(db)),
    cards: wrap(createCardRepository(db, transaction, dialect)),
    answers: wrap(createAnswerRepository(db, transaction)),
    live: wrap(createLiveQuizRepository(db)),
    scores: wrap(createScoreRepository(db)),
    specs: wrap(createRecentSpecRepository(db, transaction)),
    datasets: wrap(createSavedDatasetRepository(db, transaction, dialect)),
    reports: wrap(createReportRepository(db)),
    transaction,
    ready,
    close: async () => { await migrated.catch(() => undefined); await kysely.destroy(); },
  };
}
