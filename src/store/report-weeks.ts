/** Calendar weeks (Monday 00:00 UTC to Monday) for report summaries: which week a time falls in, and which week ends a span covers. */
const DAY_MS = 86_400_000;
/** One week in ms. */
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the Unix epoch: week 0 starts there. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
/** The calendar week (Monday-based, UTC) holding `ms`. */
export function weekIndexOf(ms: number): number {
  return Math.floor((ms - FIRST_MONDAY_MS) / WEEK_MS);
}

/** When week k ends (the next Monday 00:00 UTC). */
export function weekEndMs(week: number): number {
  return FIRST_MONDAY_MS + (week + 1) * WEEK_MS;
}

/** The first week whose end is at or after `ms`. */
export function firstWeekEndingFrom(ms: number): number {
  return Math.ceil((ms - FIRST_MONDAY_MS) / WEEK_MS) - 1;
}

/** The last week whose end is before `ms`. */
export function lastWeekEndingBefore(ms: number): number {
  return Math.ceil((ms - FIRST_MONDAY_MS) / WEEK_MS) - 2;
}

/** The weeks whose end a mastered span [fromMs, untilMs) covers, as [first, last] (empty when last < first). */
export function weeksCoveredBy(fromMs: number, untilMs: number): [number, number] {
  return [firstWeekEndingFrom(fromMs), lastWeekEndingBefore(untilMs)];
}

/**
 * What one review log adds to the report summaries, given the card's previous review (undefined
 * for its first): a first review is the card's birth week; a later one closes the previous
 * review's state, mastered (FSRS retrievability > 0.9) for the weeks whose end falls in
 * [previous, min(this review, previous + stability days)) — `masteredWeeks` is [first, last], or
 * undefined when no week end falls in it. `stabilityDays` is the stability the log records (the card's before this review).
 */
export function summaryChangeOfReview(previousReviewMs: number | undefined, reviewMs: number, stabilityDays: number):
  { birthWeek: number } | { masteredWeeks: [number, number] | undefined } {
  if (previousReviewMs === undefined) return { birthWeek: firstWeekEndingFrom(reviewMs) };
  const [first, last] = weeksCoveredBy(previousReviewMs, Math.min(reviewMs, previousReviewMs + stabilityDays * DAY_MS));
  return { masteredWeeks: last >= first ? [first, last] : undefined };
}
