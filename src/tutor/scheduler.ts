/**
 * Spaced repetition with FSRS (ts-fsrs): every question is a card per user; a right answer is
 * rated Good and a wrong one Again, and ts-fsrs decides when the card is due next.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import type { CardRecord, ReviewLogRecord } from '../store/types.ts';

/** Fuzz off so the same answers always give the same due dates (testable, explainable). */
export const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

/** Right → Good, wrong → Again (a quiz answer gives no finer self-assessment). */
export function gradeForAnswer(isCorrect: boolean): Grade {
  return isCorrect ? Rating.Good : Rating.Again;
}

/** Stored record → ts-fsrs card (a new card when there is none yet). */
export function toFsrsCard(record: CardRecord | undefined, nowMs: number): Card {
  if (!record) return createEmptyCard(new Date(nowMs));
  return {
    due: new Date(record.due), stability: record.stability, difficulty: record.difficulty,
    elapsed_days: record.elapsedDays, scheduled_days: record.scheduledDays, learning_steps: record.learningSteps,
    reps: record.reps, lapses: record.lapses, state: record.state,
    last_review: record.lastReview === null ? undefined : new Date(record.lastReview),
  };
}

/** ts-fsrs card → stored record. */
export function fromFsrsCard(userKey: string, questionId: string, card: Card): CardRecord {
  return {
    userKey, questionId, due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty,
    elapsedDays: card.elapsed_days, scheduledDays: card.scheduled_days, learningSteps: card.learning_steps,
    reps: card.reps, lapses: card.lapses, state: card.state, lastReview: card.last_review ? card.last_review.getTime() : null,
  };
}

/** Applies one review at nowMs: the card's next state and the review log, exactly as ts-fsrs computes them. */
export function reviewCard(
  userKey: string, questionId: string, record: CardRecord | undefined, grade: Grade, nowMs: number,
): { card: CardRecord; log: ReviewLogRecord } {
  const { card, log } = scheduler.next(toFsrsCard(record, nowMs), new Date(nowMs), grade);
  return {
    card: fromFsrsCard(userKey, questionId, card),
    log: {
      userKey, questionId, rating: log.rating, state: log.state, due: log.due.getTime(), stability: log.stability,
      difficulty: log.difficulty, scheduledDays: log.scheduled_days, review: log.review.getTime(),
    },
  };
}
