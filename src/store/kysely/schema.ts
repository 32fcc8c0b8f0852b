/**
 * The tables as Kysely sees them (snake_case columns, booleans as 0/1 integers, times as epoch ms),
 * shared by the SQLite and Postgres dialects.
 */
import type { Generated } from 'kysely';

/** users: one row per person per platform. */
export interface UsersTable {
  user_key: string; platform: string; user_id: string; display_name: string; leaderboard_opt_out: number; created_at: number;
}
/** lesson_progress: one row per user and lesson. */
export interface LessonProgressTable {
  user_key: string; lesson_id: string; step_index: number; completed: number; answers_json: string; updated_at: number;
}
/** fsrs_cards: FSRS state per user and question. */
export interface FsrsCardsTable {
  user_key: string; question_id: string; due: number; stability: number; difficulty: number; elapsed_days: number;
  scheduled_days: number; learning_steps: number; reps: number; lapses: number; state: number; last_review: number | null;
}
/** review_logs: append-only FSRS reviews. */
export interface ReviewLogsTable {
  id: Generated<number>; user_key: string; question_id: string; rating: number; state: number; due: number;
  stability: number; difficulty: number; scheduled_days: number; review: number;
}
/** answers: every answered question. */
export interface AnswersTable {
  id: Generated<number>; user_key: string; question_id: string; lesson_id: string; mode: string; is_correct: number; answered_at: number;
}
/** pending_questions: the solo question each user is being asked. */
export interface PendingQuestionsTable {
  user_key: string; question_id: string; topic: string | null; asked_at: number;
}
/** live_sessions: live class quizzes. */
export interface LiveSessionsTable {
  id: string; platform: string; space_id: string | null; channel_id: string; lecturer_key: string; question_ids_json: string;
  seconds_per_question: number; current_index: number; status: string; question_started_at: number | null;
  paused_remaining_ms: number | null; created_at: number; ended_at: number | null;
}
/** live_answers: one answer per session, question and user. */
export interface LiveAnswersTable {
  session_id: string; question_index: number; user_key: string; display_name: string; choice: number;
  is_correct: number; elapsed_ms: number; points: number; answered_at: number;
}
/** score_events: points earned, for leaderboards. */
export interface ScoreEventsTable {
  id: Generated<number>; user_key: string; display_name: string; platform: string; space_id: string | null;
  channel_id: string; points: number; source: string; created_at: number;
}
/** recent_specs: users' last training specs. */
export interface RecentSpecsTable {
  id: Generated<number>; user_key: string; spec_json: string; created_at: number;
}

/** saved_datasets: datasets users saved, optionally shared with a class. */
export interface SavedDatasetsTable {
  owner_key: string; name: string; data_json: string; points: number; size_bytes: number; created_at: number;
  shared_scope: string | null; shared_at: number | null;
}
/** last_user_data: each user's last uploaded or drawn data. */
export interface LastUserDataTable {
  owner_key: string; data_json: string; points: number; size_bytes: number; created_at: number;
}

/** Report summaries (kept at write time, report-summaries.ts): report_summary_state held the old report-time fold's watermarks (emptied by migration 6, no longer used); each card's last review, and weekly counts. */
export interface ReportSummaryStateTable { id: number; last_log_id: number }
export interface ReportCardLastTable { user_key: string; question_id: string; last_review: number }
export interface ReportMasteryDeltasTable { question_id: string; week: number; delta: number }
export interface ReportCardBirthsTable { question_id: string; week: number; cards: number }
export interface ReportActiveWeeksTable { user_key: string; week: number }
/** Answer summaries (kept at write time): per question, and per user and lesson. */
export interface ReportQuestionAnswersTable { question_id: string; answers: number; wrong: number }
export interface ReportUserLessonAnswersTable { user_key: string; lesson_id: string; answers: number; correct: number }

/** Every table of the store. */
export interface StoreDatabase {
  users: UsersTable;
  lesson_progress: LessonProgressTable;
  fsrs_cards: FsrsCardsTable;
  review_logs: ReviewLogsTable;
  answers: AnswersTable;
  pending_questions: PendingQuestionsTable;
  live_sessions: LiveSessionsTable;
  live_answers: LiveAnswersTable;
  score_events: ScoreEventsTable;
  recent_specs: RecentSpecsTable;
  saved_datasets: SavedDatasetsTable;
  last_user_data: LastUserDataTable;
  report_summary_state: ReportSummaryStateTable;
  report_card_last: ReportCardLastTable;
  report_mastery_deltas: ReportMasteryDeltasTable;
  report_card_births: ReportCardBirthsTable;
  report_active_weeks: ReportActiveWeeksTable;
  report_question_answers: ReportQuestionAnswersTable;
  report_user_lesson_answers: ReportUserLessonAnswersTable;
}

/** The table names, in an order where nothing refers to a later table (copying, counting). */
export const STORE_TABLES = [
  'users', 'lesson_progress', 'fsrs_cards', 'review_logs', 'answers', 'pending_questions',
  'live_sessions', 'live_answers', 'score_events', 'recent_specs', 'saved_datasets', 'last_user_data',
  'report_summary_state', 'report_card_last', 'report_mastery_deltas', 'report_card_births', 'report_active_weeks',
  'report_question_answers', 'report_user_lesson_answers',
] as const satisfies readonly (keyof StoreDatabase)[];
