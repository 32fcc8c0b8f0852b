/** Turns SQLite's file faults, wherever a repository meets them, into StoreUnavailableError naming the file. */
import type { Store } from './types.ts';
import { asStoreFault } from './faults.ts';

function guardFunction<F extends (...args: never[]) => unknown>(filePath: string, fn: F, self: unknown): F {
  return function guarded(...args: Parameters<F>): ReturnType<F> {
    try {
      return fn.apply(self, args) as ReturnType<F>;
    } catch (error) {
      throw asStoreFault(error, filePath) ?? error;
    }
  } as F;
}

/**
 * Wraps every repository method and `transaction` of a store so that a read-only, corrupt,
 * vanished or full database file surfaces as a StoreUnavailableError (the chat answers "progress
 * is unavailable right now") instead of a raw SQLite error.
 */
export function guardStore<S extends Store>(filePath: string, store: S): S {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    if (typeof value === 'function') guarded[key] = key === 'close' ? value : guardFunction(filePath, value as (...args: never[]) => unknown, store);
    else if (value && typeof value === 'object' && key !== 'db') {
      const repository: Record<string, unknown> = {};
      for (const [name, method] of Object.entries(value as Record<string, unknown>))
        repository[name] = typeof method === 'function' ? guardFunction(filePath, method as (...args: never[]) => unknown, value) : method;
      guarded[key] = repository;
    } else guarded[key] = value;
  }
  return guarded as S;
}
