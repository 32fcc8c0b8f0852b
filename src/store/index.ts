/**
 * The store the app uses: created once, handed to commands. SQLite is the embedded default;
 * DATABASE_URL=postgres://… selects Postgres. Code outside src/store sees only the repository
 * interfaces in types.ts.
 */
import { loadConfig } from '../config.ts';
import { openSqliteStore } from './sqlite/index.ts';
import { isPostgresUrl, openPostgresStore } from './postgres/index.ts';
import { databaseNameForDataDir, withDatabaseName } from './postgres/database-per-folder.ts';
import type { Store } from './types.ts';
import { StoreUnavailableError } from './faults.ts';

export type * from './types.ts';
export type * from './report-types.ts';
export { openSqliteStore } from './sqlite/index.ts';
export { userKeyOf, RECENT_SPECS_KEPT } from './kysely/repositories.ts';
export { StoreUnavailableError } from './faults.ts';

/** Default data folder, relative to the working directory. */
export const DEFAULT_DATA_DIR = './data';

/** Where the store keeps its data. */
export interface StoreOptions {
  /** SQLite's folder (and, with STORE_DATABASE_PER_DATA_DIR, the name of a Postgres database). */
  dataDir?: string;
  /** postgres://… for Postgres; default process.env.DATABASE_URL; null forces SQLite. */
  databaseUrl?: string | null;
}

/**
 * Where a data folder's store lives on Postgres. Normally DATABASE_URL itself; with
 * STORE_DATABASE_PER_DATA_DIR=<template> (the test suite on Postgres, see
 * test/postgres-global-setup.ts) a database of the folder's own, copied from that migrated template
 * on first use, as each folder would get its own SQLite file.
 */
function openPostgresForDataDir(url: string, dataDir: string): Store {
  const template = process.env.STORE_DATABASE_PER_DATA_DIR;
  if (!template) return openPostgresStore({ connectionString: url });
  return openPostgresStore({
    connectionString: withDatabaseName(url, databaseNameForDataDir(dataDir)),
    templateDatabase: { name: template, adminConnectionString: url },
  });
}

/** Opens a new store: Postgres when DATABASE_URL is postgres://…, else SQLite in the data folder (tests use temp folders; the app uses getStore). */
export function createStore(options: StoreOptions = {}): Store {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const url = options.databaseUrl === null ? undefined : (options.databaseUrl ?? process.env.DATABASE_URL);
  if (!url) return openSqliteStore({ dataDir });
  if (!isPostgresUrl(url)) throw new StoreUnavailableError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.split(':')[0]}:…"); leave it unset to use SQLite in DATA_DIR.`, 'DATABASE_URL');
  return openPostgresForDataDir(url, dataDir);
}

let shared: Store | undefined;

/**
 * The process-wide store. main.ts opens it first with the configured data folder
 * (`getStore({ dataDir: config.dataDir })`); a later call without options gets the same store, and a
 * first call without options reads the folder from the config (DATA_DIR, default ./data).
 * A database that cannot be used throws a StoreUnavailableError naming the file and what to do;
 * the same error is given for REOPEN_AFTER_MS, then opening is tried again. A file deleted,
 * replaced or truncated while open is reported the same way on every call.
 */
export function getStore(options: StoreOptions = {}): Store {
  if (shared) {
    (shared as { checkFile?: () => void }).checkFile?.();
    return shared;
  }
  const nowMs = Date.now();
  if (lastFault && nowMs - lastFault.atMs < REOPEN_AFTER_MS) throw lastFault.error;
  try {
    const dataDir = options.dataDir ?? lastFault?.dataDir ?? loadConfig().dataDir;
    const opened = createStore({ dataDir, databaseUrl: options.databaseUrl });
    shared = opened;
    lastFault = undefined;
    // a database that opens but cannot be migrated or reached (Postgres down) is a fault like a bad file: reopened later
    opened.ready().catch((error: unknown) => {
      if (shared !== opened || !(error instanceof StoreUnavailableError)) return;
      shared = undefined;
      lastFault = { error, atMs: Date.now(), dataDir };
      void opened.close().catch(() => undefined);
    });
    return opened;
  } catch (error) {
    if (error instanceof StoreUnavailableError) lastFault = { error, atMs: nowMs, dataDir: options.dataDir ?? lastFault?.dataDir };
    throw error;
  }
}

/** After a store fault, how long getStore answers with the same error before trying to open the file again (so fixing it needs no restart). */
export const REOPEN_AFTER_MS = 30_000;
let lastFault: { error: StoreUnavailableError; atMs: number; dataDir?: string } | undefined;

/** The fault that kept the store from opening last time, if any (for health checks). */
export function storeFault(): StoreUnavailableError | undefined {
  return lastFault?.error;
}

/**
 * The process-wide store if something already opened it (main.ts, a test), else undefined — for code
 * that can do without persistence (training commands) and must not create a database as a side effect.
 */
export function openedStore(): Store | undefined {
  return shared;
}

/** Closes the shared store (shutdown, tests); the next getStore opens it again. */
export async function closeStore(): Promise<void> {
  const closing = shared;
  shared = undefined;
  lastFault = undefined;
  await closing?.close();
}
