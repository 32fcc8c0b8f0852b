/** Turns database faults, wherever a repository meets them, into StoreUnavailableError naming the file or server. */
import type { Store } from './types.ts';
import { asStoreFault } from './faults.ts';

function guardFunction<F extends (...args: never[]) => unknown>(location: string, fn: F, self: unknown): F {
  const convert = (error: unknown): never => { throw asStoreFault(error, location) ?? error; };
  return function guarded(...args: Parameters<F>): ReturnType<F> {
    try {
      const result = fn.apply(self, args);
      return (result instanceof Promise ? result.catch(convert) : result) as ReturnType<F>;
    } catch (error) {
      return convert(error);
    }
  } as F;
}

/** Properties that are not repositories: handles to the database itself. */
const UNGUARDED = new Set(['close', 'db', 'kysely', 'dialect']);

/**
 * Wraps every repository method, `transaction` and `ready` of a store so that a read-only, corrupt,
 * vanished or full database file (or an unreachable database server) surfaces as a
 * StoreUnavailableError (the chat answers "progress is unavailable right now") instead of a raw
 * driver error — thrown or, for the async methods, as the rejection.
 */
export function guardStore<S extends Store>(location: string, store: S): S {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    if (UNGUARDED.has(key)) guarded[key] = value;
    else if (typeof value === 'function') guarded[key] = guardFunction(location, value as (...args: never[]) => unknown, store);
    else if (value && typeof value === 'object') {
      const repository: Record<string, unknown> = {};
      for (const [name, method] of Object.entries(value as Record<string, unknown>))
        repository[name] = typeof method === 'function' ? guardFunction(location, method as (...args: never[]) => unknown, value) : method;
      guarded[key] = repository;
    } else guarded[key] = value;
  }
  return guarded as S;
}
