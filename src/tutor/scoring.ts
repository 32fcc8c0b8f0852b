/** Live-quiz scoring, Kahoot style: a right answer earns between 500 and 1000 points by speed. */

/** Points for an instant right answer. */
export const MAX_POINTS = 1000;
/** Points for a right answer at the buzzer. */
export const MIN_CORRECT_POINTS = 500;

/**
 * Points for one answer: 0 when wrong; when right, 1000 × (1 − (t / T) / 2), rounded, with t the
 * time taken and T the time limit — 1000 for an instant answer, 500 at the buzzer (Kahoot's rule).
 */
export function livePoints(isCorrect: boolean, elapsedMs: number, limitMs: number): number {
  if (!isCorrect) return 0;
  const fraction = Math.min(1, Math.max(0, elapsedMs / limitMs));
  return Math.round(MAX_POINTS * (1 - fraction / 2));
}
