import type { JobAdmitter } from '../jobs/index.ts';
import { JobTicket } from './job-gate.ts';
import { currentSharedJobGate, type AdmissionTicket } from './shared-job-gate.ts';

/** What a lease does around its wait: acknowledge first, show the queue, start and stop the time budget. */
export interface LeaseHooks {
  /** Called before waiting for a worker (acknowledge the interaction: platforms want an answer within seconds). */
  beforeWait(): Promise<void>;
  /** The job has to wait: `ahead` jobs are before it. */
  onWaiting(ahead: number): void;
  /** The job got a worker: its time budget starts now (again when a queued job reaches a worker). */
  onStart(): void;
  /** The job gave its worker back. */
  onRelease(): void;
}

/**
 * One command's or click's hold on the job queue. `admit` takes a worker slot the first time heavy
 * work needs one (the router calls it up front for heavy commands; `runJob` calls it for buttons
 * and lesson steps); `release` gives it back, e.g. before the answer is uploaded to the platform, and
 * a later job admits again. After `close` nothing more is admitted.
 */
export class HeavyWorkLease implements JobAdmitter {
  private ticket: AdmissionTicket | undefined;
  private admitting: Promise<void> | undefined;
  private isClosed = false;
  private isShared = false;
  private hasRestartedBudget = false;

  constructor(
    private readonly userKey: string,
    private readonly signal: AbortSignal,
    private readonly hooks: LeaseHooks,
  ) {}

  /** True while this lease holds a worker slot. */
  get isHeld(): boolean {
    return this.ticket?.isRunning ?? false;
  }

  /** Resolves once this work holds a slot; throws UserError (one per user) or BusyError at once, before any platform call. */
  admit(): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error('this command has finished; it cannot start more jobs'));
    if (!this.admitting) {
      const admitting = this.takeSlot().catch((error: unknown) => {
        this.admitting = undefined;
        throw error;
      });
      admitting.catch(() => undefined); // a wait given up after its command ended has no one to tell
      this.admitting = admitting;
    }
    return this.admitting;
  }

  private async takeSlot(): Promise<void> {
    const shared = currentSharedJobGate();
    const ticket = shared ? await shared.enter(this.userKey) : JobTicket.enter(this.userKey);
    this.isShared = shared !== undefined;
    this.hasRestartedBudget = false;
    if (this.isClosed) {
      ticket.release(); // the command ended while the shared gate answered
      throw new Error('this command has finished; it cannot start more jobs');
    }
    this.ticket = ticket;
    try {
      await this.hooks.beforeWait();
      await ticket.waitForSlot(this.signal, (ahead) => this.hooks.onWaiting(ahead));
    } catch (error) {
      this.dropTicket();
      throw error;
    }
    this.hooks.onStart();
  }

  private dropTicket(): boolean {
    const ticket = this.ticket;
    if (!ticket) return false;
    const wasRunning = ticket.isRunning;
    this.ticket = undefined;
    this.admitting = undefined;
    ticket.release();
    return wasRunning;
  }

  /**
   * With the shared queue the slot is taken before the job waits there, so the time budget started
   * at admission bounds only the wait; when the first job reaches a worker the budget starts over
   * for the run itself (once per slot, so later jobs of the same command do not extend it).
   */
  jobStarted(): void {
    if (!this.isShared || this.hasRestartedBudget || !this.isHeld) return;
    this.hasRestartedBudget = true;
    this.hooks.onStart();
  }

  /** Gives a held slot back (idempotent; a job still waiting keeps its place); the next job of this command queues again. */
  release(): void {
    if (this.isHeld && this.dropTicket()) this.hooks.onRelease();
  }

  /** Gives back the slot or place in the queue and refuses further jobs (the command has finished). */
  close(): void {
    this.isClosed = true;
    if (this.dropTicket()) this.hooks.onRelease();
  }
}
