/** The weeks a term report shows: rolling 7-day weeks ending now, back to the first recorded activity (at most MAX_REPORT_WEEKS). */
import type { WeekGrid } from '../../store/report-types.ts';

/** One week in ms. */
export const WEEK_MS = 7 * 86_400_000;
/** A heatmap wider than a term (16 weeks) stops being readable in chat. */
export const MAX_REPORT_WEEKS = 16;

/** The grid of weeks ending at nowMs that covers firstActivityMs (1 week when there is no activity). */
export function termWeeks(firstActivityMs: number | undefined, nowMs: number): WeekGrid {
  const span = firstActivityMs === undefined ? 0 : Math.max(0, nowMs - firstActivityMs);
  const weeks = Math.min(MAX_REPORT_WEEKS, Math.max(1, Math.ceil((span + 1) / WEEK_MS)));
  return { startMs: nowMs - weeks * WEEK_MS, weekMs: WEEK_MS, weeks };
}

/** "12 Jan": the UTC date on which week k ends (the heatmap's column label). */
export function weekEndLabel(grid: WeekGrid, week: number): string {
  const end = new Date(grid.startMs + (week + 1) * grid.weekMs);
  return end.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** Whether a card reviewed at lastReviewMs with this FSRS stability (days) still has retrievability > 0.9 at atMs (FSRS: R = 0.9 exactly when t = S). */
export function isMasteredAt(lastReviewMs: number | null, stabilityDays: number, atMs: number): boolean {
  return lastReviewMs !== null && lastReviewMs <= atMs && atMs - lastReviewMs < stabilityDays * 86_400_000;
}
