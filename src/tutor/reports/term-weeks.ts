/**
 * The weeks a term report shows: calendar weeks (Monday 00:00 UTC to Monday), from the week of the
 * first recorded activity (at most MAX_REPORT_WEEKS back) to the current one. Past weeks are read at
 * their end; the current week is read now.
 */
import { firstWeekEndingFrom, lastWeekEndingBefore, WEEK_MS, weekEndMs, weekIndexOf, weeksCoveredBy } from '../../store/report-weeks.ts';

export { firstWeekEndingFrom, lastWeekEndingBefore, WEEK_MS, weekEndMs, weekIndexOf, weeksCoveredBy };

const DAY_MS = 86_400_000;
/** A heatmap wider than a term (16 weeks) stops being readable in chat. */
export const MAX_REPORT_WEEKS = 16;

/** The report's columns: absolute week indexes and the moment each is read (week end, or now for the current week). */
export interface TermWeeks {
  firstWeek: number;
  weeks: number[];
  readAtMs: number[];
  labels: string[];
}

/** The weeks from the first activity's week (or at most MAX_REPORT_WEEKS back) to the current week. */
export function termWeeks(firstActivityMs: number | undefined, nowMs: number): TermWeeks {
  const nowWeek = weekIndexOf(nowMs);
  const firstWeek = Math.max(nowWeek - MAX_REPORT_WEEKS + 1, firstActivityMs === undefined ? nowWeek : Math.min(nowWeek, weekIndexOf(firstActivityMs)));
  const weeks = Array.from({ length: nowWeek - firstWeek + 1 }, (_, i) => firstWeek + i);
  const readAtMs = weeks.map((k) => (k === nowWeek ? nowMs : weekEndMs(k)));
  // a column is labelled with the Sunday it ends on; the current week with "now"
  const labels = weeks.map((k) => (k === nowWeek ? 'now' : new Date(weekEndMs(k) - DAY_MS).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })));
  return { firstWeek, weeks, readAtMs, labels };
}

/** Whether a card reviewed at lastReviewMs with this FSRS stability (days) still has retrievability > 0.9 at atMs (FSRS: R = 0.9 exactly when t = S). */
export function isMasteredAt(lastReviewMs: number | null, stabilityDays: number, atMs: number): boolean {
  return lastReviewMs !== null && lastReviewMs <= atMs && atMs - lastReviewMs < stabilityDays * DAY_MS;
}
