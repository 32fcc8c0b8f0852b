import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whoever starts heavy work (the chat router, for each command or click) says how a job is
 * admitted; `runJob` asks it before every job, so no button or lesson step can skip the limits.
 */
export interface JobAdmitter {
  /** Resolves once this work may use a worker (at once when it already holds a slot); throws when refused. */
  admit(): Promise<void>;
  /** A job admitted through the shared queue (REDIS_URL) has left it and runs on a worker now. */
  jobStarted?(): void;
}

const scope = new AsyncLocalStorage<JobAdmitter>();

/** Runs `work` with `admitter` deciding when its jobs may start (the chat router wraps every command in one). */
export function runWithJobAdmitter<T>(admitter: JobAdmitter, work: () => Promise<T>): Promise<T> {
  return scope.run(admitter, work);
}

/** The admitter of the work running now, or undefined outside any (the CLI, benchmarks, pool tests). */
export function currentJobAdmitter(): JobAdmitter | undefined {
  return scope.getStore();
}
