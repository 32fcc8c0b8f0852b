/**
 * The store the app uses: created once, handed to commands. SQLite is the embedded default; code
 * outside src/store sees only the repository interfaces in types.ts.
 */
import { loadConfig } from '../config.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

export type * from './types.ts';
export { openSqliteStore } from './sqlite/index.ts';
export { userKeyOf } from './sqlite/users.ts';

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
 */
export function getStore(options: StoreOptions = {}): Store {
  shared ??= createStore({ dataDir: options.dataDir ?? loadConfig().dataDir });
  return shared;
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
}
