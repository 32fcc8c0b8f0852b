/**
 * The schema steps of the releases before the Kysely store, as they recorded them in
 * schema_migrations. No longer run by the tutor: the live schema is ../kysely/migrations.ts (shared
 * by SQLite and Postgres), which adopts a database these steps made. Kept so that tests can make a
 * database exactly as an old release did. New tables go into ../kysely/migrations.ts.
 */
import type Database from 'better-sqlite3';

/** One schema change, applied once. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE users (
        user_key TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        leaderboard_opt_out INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE lesson_progress (
        user_key TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        step_index INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        answers_json TEXT NOT NULL DEFAULT '{}',
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (user_key, lesson_id)
      );
      CREATE TABLE fsrs_cards (
        user_key TEXT NOT NULL,
        question_id TEXT NOT NULL,
        due INTEGER NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        elapsed_days REAL NOT NULL,
        scheduled_days REAL NOT NULL,
        learning_steps INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        state INTEGER NOT NULL,
        last_review INTEGER,
        PRIMARY KEY (user_key, question_id)
      );
      CREATE INDEX fsrs_cards_due ON fsrs_cards (user_key, due);
      CREATE TABLE review_logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_key TEXT NOT NULL,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        state INTEGER NOT NULL,
        due INTEGER NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        scheduled_days REAL NOT NULL,
        review INTEGER NOT NULL
      );
      CREATE INDEX review_logs_user ON review_logs (user_key, question_id);
      CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_key TEXT NOT NULL,
        question_id TEXT NOT NULL,
        lesson_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        is_correct INTEGER NOT NULL,
        answered_at INTEGER NOT NULL
      );
      CREATE INDEX answers_user ON answers (user_key, answered_at);
      CREATE TABLE pending_questions (
        user_key TEXT PRIMARY KEY,
        question_id TEXT NOT NULL,
        topic TEXT,
        asked_at INTEGER NOT NULL
      );
      CREATE TABLE live_sessions (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        space_id TEXT,
        channel_id TEXT NOT NULL,
        lecturer_key TEXT NOT NULL,
        question_ids_json TEXT NOT NULL,
        seconds_per_question INTEGER NOT NULL,
        current_index INTEGER NOT NULL,
        status TEXT NOT NULL,
        question_started_at INTEGER,
        paused_remaining_ms INTEGER,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX live_sessions_channel ON live_sessions (platform, channel_id, status);
      CREATE TABLE live_answers (
        session_id TEXT NOT NULL,
        question_index INTEGER NOT NULL,
        user_key TEXT NOT NULL,
        display_name TEXT NOT NULL,
        choice INTEGER NOT NULL,
        is_correct INTEGER NOT NULL,
        elapsed_ms INTEGER NOT NULL,
        points INTEGER NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, question_index, user_key)
      );
      CREATE TABLE score_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_key TEXT NOT NULL,
        display_name TEXT NOT NULL,
        platform TEXT NOT NULL,
        space_id TEXT,
        channel_id TEXT NOT NULL,
        points INTEGER NOT NULL,
        source TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX score_events_place ON score_events (platform, space_id, channel_id, created_at);
      CREATE TABLE recent_specs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_key TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX recent_specs_user ON recent_specs (user_key, created_at);
    `,
  },
  {
    version: 2,
    name: 'saved datasets and last uploaded data',
    sql: `
      CREATE TABLE saved_datasets (
        owner_key TEXT NOT NULL,
        name TEXT NOT NULL,
        data_json TEXT NOT NULL,
        points INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        shared_scope TEXT,
        shared_at INTEGER,
        PRIMARY KEY (owner_key, name)
      );
      CREATE UNIQUE INDEX saved_datasets_shared ON saved_datasets (shared_scope, name) WHERE shared_scope IS NOT NULL;
      CREATE TABLE last_user_data (
        owner_key TEXT PRIMARY KEY,
        data_json TEXT NOT NULL,
        points INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'report indexes',
    // covering indexes for the lecturer reports (report-types.ts): each report query reads one index only
    sql: `
      CREATE INDEX answers_question_correct ON answers (question_id, is_correct);
      CREATE INDEX answers_user_lesson_correct ON answers (user_key, lesson_id, is_correct);
      CREATE INDEX answers_time ON answers (answered_at);
      CREATE INDEX review_logs_time_user ON review_logs (review, user_key);
      CREATE INDEX review_logs_card_history ON review_logs (user_key, question_id, review, id, stability);
    `,
  },
  {
    version: 4,
    name: 'report summaries',
    // kept up to date from review_logs by ReportRepository.refreshSummaries (each log read once)
    sql: `
      CREATE TABLE report_summary_state (id INTEGER PRIMARY KEY, last_log_id INTEGER NOT NULL);
      CREATE TABLE report_card_last (user_key TEXT NOT NULL, question_id TEXT NOT NULL, last_review INTEGER NOT NULL, PRIMARY KEY (user_key, question_id));
      CREATE TABLE report_mastery_deltas (question_id TEXT NOT NULL, week INTEGER NOT NULL, delta INTEGER NOT NULL, PRIMARY KEY (question_id, week));
      CREATE TABLE report_card_births (question_id TEXT NOT NULL, week INTEGER NOT NULL, cards INTEGER NOT NULL, PRIMARY KEY (question_id, week));
      CREATE TABLE report_active_weeks (user_key TEXT NOT NULL, week INTEGER NOT NULL, PRIMARY KEY (user_key, week));
    `,
  },
  {
    version: 5,
    name: 'report answer summaries',
    // answers per question and per user and lesson, folded in from answers by refreshSummaries (id > report_summary_state row 2)
    sql: `
      CREATE TABLE report_question_answers (question_id TEXT PRIMARY KEY, answers INTEGER NOT NULL, wrong INTEGER NOT NULL);
      CREATE TABLE report_user_lesson_answers (user_key TEXT NOT NULL, lesson_id TEXT NOT NULL, answers INTEGER NOT NULL, correct INTEGER NOT NULL, PRIMARY KEY (user_key, lesson_id));
    `,
  },
];

/** Applies every migration newer than the database's version; returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    })();
    applied.push(migration.version);
  }
  return applied;
}

/** The highest migration version recorded in the database. */
export function schemaVersion(db: Database.Database): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
