/**
 * The store the app uses: created once, handed to commands. SQLite is the embedded default; code
 * outside src/store sees only the repository interfaces in types.ts.
 */
import { loadConfig } from '../config.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';
import { StoreUnavailableError } from './faults.ts';

export type * from './types.ts';
export type * from './report-types.ts';
export { openSqliteStore } from './sqlite/index.ts';
export { userKeyOf } from './sqlite/users.ts';
export { StoreUnavailableError } from './faults.ts';

/** Default data folder, relative to the working directory. */
export const DEFAULT_DATA_DIR = './data';

/** Where the store keeps its data. */
export interface StoreOptions {
  dataDir?: string;
}

/** Opens a new store (tests use temp folders; the app uses getStore). */
export function createStore(options: StoreOptions = {}): Store {
  return openSqliteStore({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
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
    shared = createStore({ dataDir: options.dataDir ?? lastFault?.dataDir ?? loadConfig().dataDir });
    lastFault = undefined;
    return shared;
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
export function closeStore(): void {
  shared?.close();
  shared = undefined;
  lastFault = undefined;
}
