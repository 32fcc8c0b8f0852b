/**
 * The read-only queries behind lecturer reports (class, student, live quiz). Every method returns a
 * Promise so the interface carries over to an async store (Kysely on SQLite or Postgres); the SQL
 * behind it is portable (window functions, integer division of integers, no dialect functions).
 */
import type { LiveAnswerRecord, LiveSessionRecord, UserRecord } from './types.ts';

/** Weeks of a term: week k covers [startMs + k·weekMs, startMs + (k+1)·weekMs). */
export interface WeekGrid {
  startMs: number;
  weekMs: number;
  weeks: number;
}

/**
 * Cards of one question that were mastered (FSRS retrievability > 0.9) at the end of every week from
 * `fromWeek` to `toWeek` (inclusive), grouped: a review's state lasts until the next review.
 */
export interface MasterySpanRow {
  questionId: string;
  fromWeek: number;
  toWeek: number;
  cards: number;
}

/** Cards of one question first reviewed during `week` (weeks before the grid count as week 0). */
export interface FirstReviewRow {
  questionId: string;
  week: number;
  cards: number;
}

/** Answers and wrong answers per question (solo, live and lesson answers alike). */
export interface QuestionAnswerRow {
  questionId: string;
  answers: number;
  wrong: number;
}

/** Answers and right answers of one user in one lesson. */
export interface UserLessonAnswerRow {
  userKey: string;
  lessonId: string;
  answers: number;
  correct: number;
}

/** Lesson progress rows: who started which lesson and whether they finished it. */
export interface LessonProgressRow {
  userKey: string;
  lessonId: string;
  completed: boolean;
}

/** One FSRS card's current memory state, enough to know retrievability and whether it is due. */
export interface CardStateRow {
  userKey: string;
  questionId: string;
  due: number;
  stability: number;
  lastReview: number | null;
}

/** Read-only report queries (see the file comment). */
export interface ReportRepository {
  /** Every known user (opted-out ones too: lecturers see everyone). */
  users(): Promise<UserRecord[]>;
  /** Earliest review or answer time, or undefined when nothing has been recorded. */
  firstActivityMs(): Promise<number | undefined>;
  /** The most recently created live session in this channel that has ended. */
  lastEndedSession(platform: string, channelId: string): Promise<LiveSessionRecord | undefined>;
  /** Every answer of a live session, ordered by question then time. */
  sessionAnswers(sessionId: string): Promise<LiveAnswerRecord[]>;
  /** Grouped mastery spans per question over the week grid (see MasterySpanRow). */
  masterySpans(grid: WeekGrid): Promise<MasterySpanRow[]>;
  /** First reviews per question and week (the cards that exist at each week's end). */
  firstReviews(grid: WeekGrid): Promise<FirstReviewRow[]>;
  /** Distinct users with at least one FSRS review in each week of the grid: index = week. */
  revisingUsersPerWeek(grid: WeekGrid): Promise<number[]>;
  /** Answers and wrong answers per question. */
  questionAnswers(): Promise<QuestionAnswerRow[]>;
  /** Answers and right answers per user and lesson (all users, or one). */
  userLessonAnswers(userKey?: string): Promise<UserLessonAnswerRow[]>;
  /** Lesson progress of all users (or one). */
  lessonProgress(userKey?: string): Promise<LessonProgressRow[]>;
  /** Current FSRS card states of all users (or one). */
  cardStates(userKey?: string): Promise<CardStateRow[]>;
}
