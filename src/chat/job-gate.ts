import { jobThreadCount } from '../jobs/index.ts';
import { BusyError, UserError } from './errors.ts';
import { durationText, getLimits } from './limits.ts';

/**
 * The one queue every heavy job waits in (commands, buttons, lesson experiments, quiz pictures):
 * as many run at once as there are worker threads, a bounded number wait in order, and each user
 * has at most `jobsPerUser` running or waiting. A job's time budget starts when it leaves the queue.
 */

interface Ticket {
  userKey: string;
  state: 'entered' | 'waiting' | 'running' | 'done';
  startedAtMs: number;
  /** When it may stop waiting: joined the queue + the command budget. */
  giveUpAtMs?: number;
  wake?: () => void;
  cancel?: (why: unknown) => void;
}

const perUser = new Map<string, number>();
const waiting: Ticket[] = [];
let entered = 0; // admitted to the queue, not yet waiting for a slot (e.g. still acknowledging on the platform)
let running = 0;
let meanJobMs: number | undefined; // measured; undefined until the first job finishes

/**
 * Assumed job length before any job has finished: a `/train` with defaults (training and its
 * pictures) holds a worker for about 0.5 s on a 2-core machine (bench/admission-load.ts); assume
 * four times that until measured.
 */
export const INITIAL_TYPICAL_JOB_MS = 2_000;

/** How long a finished job held its slot on average (exponentially weighted), or INITIAL_TYPICAL_JOB_MS before any finished. */
export function typicalJobMs(): number {
  return Math.min(getLimits().commandBudgetMs, Math.max(250, meanJobMs ?? Math.min(INITIAL_TYPICAL_JOB_MS, getLimits().runBudgetMs)));
}

/**
 * Jobs that may wait for a worker: as many as the threads can finish within one command budget at
 * the typical job length (`threads × commandBudget / typical job`), unless MAX_QUEUED_JOBS sets it.
 */
export function maxWaitingJobs(): number {
  const limits = getLimits();
  if (limits.maxQueuedJobs !== undefined) return limits.maxQueuedJobs;
  return Math.min(1000, Math.max(1, Math.floor((jobThreadCount() * limits.commandBudgetMs) / typicalJobMs())));
}

/** Heavy jobs running or queued right now (for health checks and benchmarks). */
export function heavyJobsInFlight(): number {
  return running + waiting.length + entered;
}

/** The queue as it stands: jobs running, jobs waiting, how many may wait, and the typical job length. */
export function jobQueueStats(): { running: number; waiting: number; maxWaiting: number; typicalJobMs: number } {
  return { running, waiting: waiting.length + entered, maxWaiting: maxWaitingJobs(), typicalJobMs: Math.round(typicalJobMs()) };
}

/** Seconds until a job joining the back of the queue can expect to start (for Retry-After). */
function expectedWaitSeconds(): number {
  const ahead = waiting.length + entered + 1;
  return Math.min(300, Math.max(1, Math.ceil((ahead * typicalJobMs()) / jobThreadCount() / 1000)));
}

function startNext(): void {
  while (running < jobThreadCount() && waiting.length > 0) {
    const next = waiting.shift()!;
    next.state = 'running';
    next.startedAtMs = Date.now();
    running += 1;
    next.wake?.();
  }
  turnAwayHopelessWaits();
}

/**
 * Tells the jobs at the back of the queue "busy" now rather than at their deadline when, at the
 * measured job length, the workers cannot reach them before it: a user waits only when waiting helps.
 */
function turnAwayHopelessWaits(): void {
  if (meanJobMs === undefined) return;
  const now = Date.now();
  const threads = jobThreadCount();
  // the job at queue index i starts once i + 1 running jobs have finished, `threads` at a time
  const hopeless = waiting.filter((ticket, i) => ticket.giveUpAtMs !== undefined && now + Math.ceil((i + 1) / threads) * typicalJobMs() > ticket.giveUpAtMs);
  for (const ticket of hopeless) {
    if (ticket.state !== 'waiting') continue;
    const seconds = expectedWaitSeconds();
    ticket.cancel?.(new BusyError(
      `The tutor is busy with other people's runs right now (${waiting.length} waiting for ${threads} workers), so yours would not start in time. Please try again in about ${seconds} s.`,
      seconds,
    ));
  }
}

/** A place in the queue for one heavy job; `waitForSlot` then `release`. */
export class JobTicket {
  private constructor(private readonly ticket: Ticket) {}

  /**
   * Takes a place for `userKey` or throws at once, before anything is sent to the platform: a
   * UserError when that user already has a job running or waiting, a BusyError when the queue is full.
   */
  static enter(userKey: string): JobTicket {
    const limits = getLimits();
    const mine = perUser.get(userKey) ?? 0;
    if (mine >= limits.jobsPerUser)
      throw new UserError('You already have a run going (training or drawing). Wait for it to finish, then try again.');
    const queued = waiting.length + entered;
    if (running + queued >= jobThreadCount() + maxWaitingJobs()) {
      const seconds = expectedWaitSeconds();
      throw new BusyError(
        `The tutor is busy with other people's runs right now (${queued} waiting for ${jobThreadCount()} workers). Please try again in about ${seconds} s.`,
        seconds,
      );
    }
    perUser.set(userKey, mine + 1);
    entered += 1;
    return new JobTicket({ userKey, state: 'entered', startedAtMs: 0 });
  }

  /** True once the job holds a worker slot. */
  get isRunning(): boolean {
    return this.ticket.state === 'running';
  }

  /**
   * Waits in order for a free worker. `onWaiting(ahead)` is called when the job has to wait, with the number of jobs running or waiting before it. Rejects
   * with the signal's reason when cancelled, and with a BusyError when no worker freed up within the
   * command budget (the job never started, so the user is not told to ask for less).
   */
  waitForSlot(signal: AbortSignal, onWaiting?: (ahead: number) => void): Promise<void> {
    const ticket = this.ticket;
    if (ticket.state !== 'entered') return Promise.reject(new Error(`a ${ticket.state} job ticket cannot wait for a slot`));
    entered -= 1;
    ticket.state = 'waiting';
    waiting.push(ticket);
    startNext();
    if ((ticket.state as Ticket['state']) === 'running') return Promise.resolve();
    onWaiting?.(running + waiting.indexOf(ticket));
    const maxWaitMs = getLimits().commandBudgetMs;
    ticket.giveUpAtMs = Date.now() + maxWaitMs;
    return new Promise<void>((resolve, reject) => {
      const detach = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        ticket.wake = undefined;
        ticket.cancel = undefined;
      };
      const giveUp = (why: unknown) => {
        detach();
        this.release();
        reject(why);
      };
      const onAbort = () => giveUp(signal.reason);
      const timer = setTimeout(() => {
        const seconds = expectedWaitSeconds();
        giveUp(new BusyError(
          `The tutor is still busy with other people's runs after ${durationText(maxWaitMs)}, so yours did not start. Please try again in about ${seconds} s.`,
          seconds,
        ));
      }, maxWaitMs);
      ticket.wake = () => {
        detach();
        resolve();
      };
      ticket.cancel = (why) => {
        if (ticket.state === 'waiting') {
          giveUp(why);
          return;
        }
        detach();
        reject(why);
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        turnAwayHopelessWaits(); // this job included, now that it can be told
      }
    });
  }

  /** Gives the place back (idempotent); a finished job's time on the worker updates the typical job length. */
  release(): void {
    const ticket = this.ticket;
    if (ticket.state === 'done') return;
    if (ticket.state === 'entered') entered -= 1;
    if (ticket.state === 'waiting') waiting.splice(waiting.indexOf(ticket), 1);
    if (ticket.state === 'running') {
      running -= 1;
      const heldMs = Date.now() - ticket.startedAtMs;
      meanJobMs = meanJobMs === undefined ? heldMs : 0.8 * meanJobMs + 0.2 * heldMs;
    }
    const wasWaiting = ticket.state === 'waiting';
    ticket.state = 'done';
    if (wasWaiting) ticket.cancel?.(new Error('the job was withdrawn from the queue before it started'));
    const left = (perUser.get(ticket.userKey) ?? 1) - 1;
    if (left <= 0) perUser.delete(ticket.userKey);
    else perUser.set(ticket.userKey, left);
    startNext();
  }
}

/** Forgets the measured job length (tests). */
export function resetJobQueueEstimate(): void {
  meanJobMs = undefined;
}
