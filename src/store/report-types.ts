/**
 * The queries behind lecturer reports (class, student, live quiz); they only read the tutor's
 * tables and the report_* summary tables that storing a review or an answer keeps current (kysely/report-summaries.ts). Every method returns a
 * Promise so the interface carries over to an async store (Kysely on SQLite or Postgres); the SQL
 * behind it is portable (window functions, integer division of integers, no dialect functions).
 */
import type { LiveAnswerRecord, LiveSessionRecord, UserRecord } from './types.ts';

/** A change in how many of a question's cards were mastered at the end of `week` and every later week (a difference array). */
export interface MasteryDeltaRow {
  questionId: string;
  week: number;
  delta: number;
}

/** Cards of one question that existed (had a first review) from the end of `week` on. */
export interface CardBirthRow {
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

/** Report queries and their summary tables (see the file comment). */
export interface ReportRepository {
  /** Every known user (opted-out ones too: lecturers see everyone). */
  users(): Promise<UserRecord[]>;
  /** Earliest review or answer time, or undefined when nothing has been recorded. */
  firstActivityMs(): Promise<number | undefined>;
  /** The most recently created live session in this channel that has ended. */
  lastEndedSession(platform: string, channelId: string): Promise<LiveSessionRecord | undefined>;
  /** Every answer of a live session, ordered by question then time. */
  sessionAnswers(sessionId: string): Promise<LiveAnswerRecord[]>;
  /** Summed mastery deltas of closed spans (a review followed by a later one), per question and week. */
  masteryDeltas(): Promise<MasteryDeltaRow[]>;
  /** Card births per question and week. */
  cardBirths(): Promise<CardBirthRow[]>;
  /** Distinct users who reviewed in each week from `fromWeek` on. */
  activeUsersPerWeek(fromWeek: number): Promise<{ week: number; users: number }[]>;
  /** Answers and wrong answers per question (from the summaries). */
  questionAnswers(): Promise<QuestionAnswerRow[]>;
  /** Answers and right answers per user and lesson (all users from the summaries, or one user from the answers). */
  userLessonAnswers(userKey?: string): Promise<UserLessonAnswerRow[]>;
  /** Lesson progress of all users (or one). */
  lessonProgress(userKey?: string): Promise<LessonProgressRow[]>;
  /** Current FSRS card states of all users (or one). */
  cardStates(userKey?: string): Promise<CardStateRow[]>;
}
