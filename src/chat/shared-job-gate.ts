/**
 * Admission shared by several bot instances (REDIS_URL): the per-user limit and the bound on jobs in
 * flight are counted in one place every instance sees, instead of in this process's job-gate.ts.
 */

/** One job's place, whichever gate gave it (JobTicket in-process, a Redis ticket when shared). */
export interface AdmissionTicket {
  /** True once the job may use a worker. */
  readonly isRunning: boolean;
  /** Resolves once the job may use a worker; rejects when cancelled or turned away. */
  waitForSlot(signal: AbortSignal, onWaiting?: (ahead: number) => void): Promise<void>;
  /** Gives the place back (idempotent). */
  release(): void;
}

/** Admission counted outside this process. */
export interface SharedJobGate {
  /** Takes a place for `userKey` or throws: UserError (that user has a run going), BusyError (full). */
  enter(userKey: string): Promise<AdmissionTicket>;
}

let sharedGate: SharedJobGate | undefined;

/** Makes every heavy job ask `gate` (undefined = the in-process queue of job-gate.ts, the default). */
export function setSharedJobGate(gate: SharedJobGate | undefined): void {
  sharedGate = gate;
}

/** The shared gate in force, if any. */
export function currentSharedJobGate(): SharedJobGate | undefined {
  return sharedGate;
}
