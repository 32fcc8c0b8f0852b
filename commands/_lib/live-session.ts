import { randomBytes } from 'node:crypto';
import { BusyError, UserError } from '../../src/chat/errors.ts';
import { JobTicket } from '../../src/chat/job-gate.ts';
import { currentSharedJobGate, type AdmissionTicket } from '../../src/chat/shared-job-gate.ts';
import { getLimits } from '../../src/chat/limits.ts';
import { logger } from '../../src/chat/logger.ts';
import type { Caller } from '../../src/chat/types.ts';
import { ENGINE_LIMITS, REGULARIZATION_NAMES, type Metrics, type RegularizationName, type TrainSpec } from '../../src/engine/index.ts';
import { LiveWorkerLostError, runJob, runWithJobAdmitter, type JobAdmitter, type JobImage, type LiveControl, type LiveFrame, type LiveLossEntry, type LiveOutMessage, type LiveSetup, type LiveState } from '../../src/jobs/index.ts';

/** A live view nobody watches (and nobody controls) stops after this long. */
export const LIVE_IDLE_STOP_MS = 60_000;
/** The longest a live view lives, paused time included (the engine's longest run). */
export const LIVE_MAX_LIFETIME_MS = ENGINE_LIMITS.maxTimeLimitMs;
/** Live views running at once across everyone (each holds a worker thread). */
export const MAX_LIVE_SESSIONS = 16;

/** Why a live view stopped, as a sentence for the panel. */
export type LiveEndReason = 'finished' | 'closed' | 'idle' | 'lifetime' | 'compute-budget' | 'shutdown' | 'failed' | 'busy' | 'worker-lost' | 'refused';

const END_SENTENCES: Record<LiveEndReason, string> = {
  finished: 'the run has finished',
  closed: 'closed by its owner',
  idle: `nobody watched it for ${LIVE_IDLE_STOP_MS / 1000} s`,
  lifetime: `it reached the ${LIVE_MAX_LIFETIME_MS / 60_000}-minute limit of a live view`,
  'compute-budget': 'it used up its training time on this bot',
  shutdown: 'the tutor is shutting down',
  failed: 'the training job failed',
  busy: 'no worker was free',
  refused: 'you already have a run going; wait for it to finish, then start the live view again',
  'worker-lost': 'the worker process training it stopped (restarted or cut off); start a new one with `/train live:true`',
};

/** What a live view tells its viewers. */
export type LiveEvent =
  | { type: 'setup'; setup: LiveSetup; runNumber: number }
  | { type: 'frame'; frame: LiveFrame }
  | { type: 'picture'; images: JobImage[]; epoch: number; state: LiveState; metrics: Metrics }
  | { type: 'notice'; message: string }
  | { type: 'ended'; reason: LiveEndReason; sentence: string };

/** A change of learning rate or penalty, and the first epoch that trained with it. */
export interface LiveSettingsChange {
  fromEpoch: number;
  runNumber: number;
  learningRate: number;
  regularization: RegularizationName;
  regRate: number;
}

/** Everything a viewer joining late needs to draw the view as everyone else sees it. */
export interface LiveSnapshot {
  id: string;
  ownerName: string;
  setup?: LiveSetup;
  runNumber: number;
  history: LiveLossEntry[];
  frame?: LiveFrame;
  settingsChanges: LiveSettingsChange[];
  ended?: { reason: LiveEndReason; sentence: string };
}

const sessions = new Map<string, LiveSession>();
/** Final states of recently stopped views, so a late viewer sees why it stopped (bounded). */
const endedSnapshots = new Map<string, LiveSnapshot>();
const ENDED_KEPT = 50;

/** A fresh unguessable id for a live view. */
export function newLiveSessionId(): string {
  return randomBytes(9).toString('base64url');
}

/** The final state of a view that stopped recently, or undefined. */
export function findEndedLiveSnapshot(id: string): LiveSnapshot | undefined {
  return endedSnapshots.get(id);
}

/** The live view with this id while it runs. */
export function findLiveSession(id: string): LiveSession | undefined {
  return sessions.get(id);
}

/** Live views running now. */
export function liveSessionCount(): number {
  return sessions.size;
}

/** Stops every live view (shutdown, tests). */
export async function stopAllLiveSessions(reason: LiveEndReason = 'shutdown'): Promise<void> {
  await Promise.all([...sessions.values()].map((s) => s.stop(reason)));
}

/** A job admitter holding one place in the shared job queue for the whole live view. */
class LiveAdmitter implements JobAdmitter {
  constructor(private readonly ticket: AdmissionTicket, private readonly signal: AbortSignal) {}
  private admitted: Promise<void> | undefined;
  admit(): Promise<void> {
    this.admitted ??= this.ticket.waitForSlot(this.signal);
    return this.admitted;
  }
}

/** Settings a control may change, checked here so a forged click gets a message, not a crashed worker. */
function checkSettings(control: Extract<LiveControl, { type: 'settings' }>, spec: TrainSpec): Extract<LiveControl, { type: 'settings' }> {
  const out: Extract<LiveControl, { type: 'settings' }> = { type: 'settings' };
  if (control.learningRate !== undefined) {
    const lr = Number(control.learningRate);
    if (!Number.isFinite(lr) || lr <= 0 || lr > ENGINE_LIMITS.maxLearningRate)
      throw new UserError(`The learning rate must be a number greater than 0 and at most ${ENGINE_LIMITS.maxLearningRate}.`);
    if (spec.optimizer === 'evolution') throw new UserError('The evolution strategy fixes its step size when it starts: reset the run with a new `lr` instead.');
    out.learningRate = lr;
  }
  if (control.regularization !== undefined) {
    if (!(REGULARIZATION_NAMES as readonly string[]).includes(control.regularization))
      throw new UserError(`The regularisation must be one of ${REGULARIZATION_NAMES.join(', ')}.`);
    out.regularization = control.regularization;
  }
  if (control.regRate !== undefined) {
    const rate = Number(control.regRate);
    if (!Number.isFinite(rate) || rate < 0 || rate > 10) throw new UserError('The regularisation rate must be a number from 0 to 10.');
    out.regRate = rate;
  }
  return out;
}

/**
 * One live training view: a job in the worker pool admitted through the same queue and per-user
 * limit as any job, the state every viewer needs, controls only its owner (or a lecturer) may use,
 * and the rules that stop it: nobody watching for a minute, its owner closing it, its lifetime
 * and CPU budget.
 */
export class LiveSession {
  readonly id: string;
  readonly ownerKey: string;
  readonly ownerName: string;
  readonly spec: TrainSpec;
  private setup: LiveSetup | undefined;
  private runNumber = 1;
  private history: LiveLossEntry[] = [];
  private lastFrame: LiveFrame | undefined;
  private readonly settingsChanges: LiveSettingsChange[] = [];
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly watchers = new Set<string>();
  private readonly controller = new AbortController();
  private sendControl: ((control: LiveControl) => void) | undefined;
  private readonly waitingControls: LiveControl[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private ended: { reason: LiveEndReason; sentence: string } | undefined;
  private endReason: LiveEndReason | undefined;
  /** Resolves when the job has stopped and its worker slot is free. */
  readonly done: Promise<void>;

  private constructor(owner: Caller, spec: TrainSpec, ticket: AdmissionTicket | Promise<AdmissionTicket>, options: { id: string; startPaused: boolean; idleStopMs: number }) {
    this.id = options.id;
    this.ownerKey = `${owner.platform}:${owner.userId}`;
    this.ownerName = owner.displayName;
    this.spec = spec;
    this.idleStopMs = options.idleStopMs;
    this.settingsChanges.push({ fromEpoch: 1, runNumber: 1, learningRate: spec.learningRate, regularization: spec.regularization, regRate: spec.regRate });
    sessions.set(this.id, this);
    this.armIdleTimer();
    this.done = this.run(ticket, options.startPaused);
  }

  private readonly idleStopMs: number;

  /**
   * Starts a live view for `owner`: takes a place in the job queue at once (UserError when the
   * owner already has a run going, BusyError when the queue or the live-view cap is full).
   */
  static start(owner: Caller, spec: TrainSpec, options: { id?: string; startPaused?: boolean; idleStopMs?: number } = {}): LiveSession {
    const id = options.id ?? newLiveSessionId();
    if (sessions.has(id)) throw new Error('a live view with this id is running already');
    if (sessions.size >= MAX_LIVE_SESSIONS) throw new BusyError(`${MAX_LIVE_SESSIONS} live views are running already; try again when one has stopped.`, 60);
    // with REDIS_URL the view takes its place in the gate every instance shares (it holds a worker's thread there)
    const shared = currentSharedJobGate();
    const userKey = `${owner.platform}:${owner.userId}`;
    const ticket = shared ? shared.enter(userKey) : JobTicket.enter(userKey);
    if (ticket instanceof Promise) ticket.catch(() => undefined); // handled in run()
    return new LiveSession(owner, spec, ticket, { id, startPaused: options.startPaused ?? false, idleStopMs: options.idleStopMs ?? LIVE_IDLE_STOP_MS });
  }

  private async run(entering: AdmissionTicket | Promise<AdmissionTicket>, startPaused: boolean): Promise<void> {
    let ticket: AdmissionTicket | undefined;
    try {
      ticket = await entering;
      const admitter = new LiveAdmitter(ticket, this.controller.signal);
      await runWithJobAdmitter(admitter, () =>
        runJob(
          { type: 'live', spec: this.spec, maxLifetimeMs: LIVE_MAX_LIFETIME_MS, computeBudgetMs: getLimits().runBudgetMs, startPaused },
          { signal: this.controller.signal, onLiveMessage: (m) => this.receive(m), connectControls: (send) => this.connect(send) },
        ),
      );
      this.finish(this.endReason ?? 'lifetime');
    } catch (error) {
      if (this.endReason) this.finish(this.endReason);
      else if (error instanceof BusyError) this.finish('busy');
      else if (!ticket && error instanceof UserError) this.finish('refused');
      else if (error instanceof LiveWorkerLostError) {
        logger.warn({ err: error, live: this.id }, 'live training view lost its worker');
        this.finish('worker-lost');
      }
      else {
        logger.error({ err: error, live: this.id }, 'live training view failed');
        this.finish('failed');
      }
    } finally {
      this.sendControl = undefined;
      ticket?.release();
    }
  }

  /** The job is running: controls sent before it started go out now, in order. */
  private connect(send: (control: LiveControl) => void): void {
    this.sendControl = send;
    for (const control of this.waitingControls.splice(0)) send(control);
  }

  private send(control: LiveControl): void {
    if (this.sendControl) this.sendControl(control);
    else if (this.waitingControls.length < 100) this.waitingControls.push(control);
  }

  private receive(message: LiveOutMessage): void {
    switch (message.type) {
      case 'live-setup':
        this.setup = message.setup;
        if (message.runNumber !== this.runNumber) {
          this.runNumber = message.runNumber;
          this.history = [];
          const last = this.settingsChanges[this.settingsChanges.length - 1]!;
          this.settingsChanges.push({ ...last, fromEpoch: 1, runNumber: message.runNumber });
        }
        return this.emit({ type: 'setup', setup: message.setup, runNumber: message.runNumber });
      case 'live-frame': {
        const frame = message.frame;
        if (frame.runNumber !== this.runNumber) return;
        this.history.push(...frame.losses);
        this.noteSettings(frame);
        this.lastFrame = frame;
        return this.emit({ type: 'frame', frame });
      }
      case 'live-picture':
        return this.emit({ type: 'picture', images: message.images, epoch: message.epoch, state: message.state, metrics: message.metrics });
      case 'live-refused':
        return this.emit({ type: 'notice', message: message.message });
      case 'live-ended':
        this.endReason = message.reason;
        return;
    }
  }

  /** Records which epoch first trained with new settings (read from the frames' loss entries). */
  private noteSettings(frame: LiveFrame): void {
    for (const entry of frame.losses) {
      const last = this.settingsChanges[this.settingsChanges.length - 1]!;
      if (entry.learningRate !== last.learningRate || entry.regularization !== last.regularization || entry.regRate !== last.regRate) {
        this.settingsChanges.push({ fromEpoch: entry.epoch, runNumber: frame.runNumber, learningRate: entry.learningRate, regularization: entry.regularization, regRate: entry.regRate });
      }
    }
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: error, live: this.id }, 'a live view listener failed');
      }
    }
  }

  /** Receives every event from now on; returns the function that stops it. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The view as it stands, for a viewer joining late. */
  snapshot(): LiveSnapshot {
    return {
      id: this.id,
      ownerName: this.ownerName,
      setup: this.setup,
      runNumber: this.runNumber,
      history: [...this.history],
      frame: this.lastFrame && { ...this.lastFrame, losses: [], historyStart: this.history.length },
      settingsChanges: [...this.settingsChanges],
      ended: this.ended,
    };
  }

  /** True when `caller` may control this view: its owner, or a lecturer. */
  mayControl(caller: Caller): boolean {
    return caller.isLecturer || `${caller.platform}:${caller.userId}` === this.ownerKey;
  }

  /** Sends a control to the run (it acts before the next epoch); UserError for anyone but the owner or a lecturer. */
  control(caller: Caller, control: LiveControl): void {
    if (!this.mayControl(caller))
      throw new UserError(`Only ${this.ownerName}, who started this live view, or a lecturer can control it. You can watch it, or start your own with \`/train live:true\`.`);
    if (this.ended) throw new UserError(`This live view has stopped (${this.ended.sentence}). Start a new one with \`/train live:true\`.`);
    const checked = control.type === 'settings' ? checkSettings(control, this.spec) : control;
    this.armIdleTimer(this.idleStopMs, true); // someone is using it: a minute from now
    this.send(checked);
  }

  /** Asks the worker for PNGs of the current state (chat platforms that cannot draw frames). */
  requestPicture(): void {
    this.send({ type: 'picture' });
  }

  /** Settings changes so far, oldest first (the run's record of which epochs trained with which lr). */
  settingsHistory(): LiveSettingsChange[] {
    return [...this.settingsChanges];
  }

  /** Notes that `watcherId` has the view open (or no longer): with nobody watching, the view stops after the idle time or `graceMs`. */
  setWatching(watcherId: string, isWatching: boolean, graceMs = this.idleStopMs): void {
    if (isWatching) this.watchers.add(watcherId);
    else this.watchers.delete(watcherId);
    this.armIdleTimer(graceMs);
  }

  /** How many viewers have it open now. */
  watcherCount(): number {
    return this.watchers.size;
  }

  /**
   * With nobody watching, stops the view after `waitMs`, or sooner when an earlier deadline is set
   * (a closed tab's short grace is not lengthened by its own "hidden" notice arriving after it).
   */
  private armIdleTimer(waitMs = this.idleStopMs, isActivity = false): void {
    if (this.ended || this.watchers.size > 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      this.idleDeadlineMs = Infinity;
      return;
    }
    const deadlineMs = Date.now() + waitMs;
    if (this.idleTimer && !isActivity && this.idleDeadlineMs <= deadlineMs) return;
    clearTimeout(this.idleTimer);
    this.idleDeadlineMs = deadlineMs;
    this.idleTimer = setTimeout(() => void this.stop('idle'), waitMs);
    this.idleTimer.unref?.();
  }
  private idleDeadlineMs = Infinity;

  /** True once stopped. */
  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  /** Stops the run and frees its worker; resolves once the slot is free. */
  async stop(reason: LiveEndReason): Promise<void> {
    this.endReason ??= reason;
    this.controller.abort(new UserError(`The live view stopped: ${END_SENTENCES[reason]}.`));
    await this.done;
  }

  private finish(reason: LiveEndReason): void {
    if (this.ended) return;
    clearTimeout(this.idleTimer);
    this.ended = { reason, sentence: END_SENTENCES[reason] };
    sessions.delete(this.id);
    endedSnapshots.set(this.id, this.snapshot());
    if (endedSnapshots.size > ENDED_KEPT) endedSnapshots.delete(endedSnapshots.keys().next().value as string);
    this.emit({ type: 'ended', ...this.ended });
    this.listeners.clear();
  }
}
