import { BusyError, UserError } from './errors.ts';
import { getLimits } from './limits.ts';

const activeByUser = new Map<string, number>();
let inFlight = 0;

/** Heavy commands running or waiting right now (for health checks and benchmarks). */
export function heavyJobsInFlight(): number {
  return inFlight;
}

/**
 * Admits one heavy job for `userKey` or throws: a UserError when that user already has one
 * running, a BusyError when the global bound is reached. Call the returned function once when done.
 */
export function admitHeavyJob(userKey: string): () => void {
  const limits = getLimits();
  const mine = activeByUser.get(userKey) ?? 0;
  if (mine >= limits.jobsPerUser)
    throw new UserError('You already have a run going (training or drawing). Wait for it to finish, then try again.');
  if (inFlight >= limits.maxQueuedJobs) throw new BusyError('The tutor is busy, try again in a moment.');
  activeByUser.set(userKey, mine + 1);
  inFlight += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    inFlight -= 1;
    const left = (activeByUser.get(userKey) ?? 1) - 1;
    if (left <= 0) activeByUser.delete(userKey);
    else activeByUser.set(userKey, left);
  };
}
