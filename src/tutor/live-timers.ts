/**
 * In-process timers that reveal a live question when its time is up. They are a convenience: the
 * state lives in the store and every action re-checks the deadline, so a lost timer (restart) only
 * delays the reveal until the next click.
 */
const timers = new Map<string, NodeJS.Timeout>();

/** Call `onDue` once at `deadlineMs` (replacing any timer for the session). */
export function scheduleReveal(sessionId: string, deadlineMs: number, onDue: () => void, nowMs = Date.now()): void {
  cancelReveal(sessionId);
  const timer = setTimeout(() => { timers.delete(sessionId); onDue(); }, Math.max(0, deadlineMs - nowMs) + 50);
  timer.unref?.();
  timers.set(sessionId, timer);
}

/** Forget the session's timer (pause, skip, end). */
export function cancelReveal(sessionId: string): void {
  const timer = timers.get(sessionId);
  if (timer) clearTimeout(timer);
  timers.delete(sessionId);
}

/** Number of pending timers (tests, shutdown). */
export function pendingRevealCount(): number {
  return timers.size;
}
