/**
 * The schema, as Kysely migrations shared by SQLite and Postgres, applied by Kysely's Migrator
 * (recorded in kysely_migration, guarded by kysely_migration_lock so two instances starting at
 * once do not both migrate). Never edit a released migration — append a new one.
 *
 * Databases made before the move to Kysely recorded their steps in schema_migrations (version
 * numbers, see ../sqlite/migrations.ts); a step whose version is recorded there is skipped, so such a
 * database is adopted as it is.
 */
import { sql, type Kysely } from 'kysely';
import { foldIntoReportSummaries } from './report-fold.ts';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';

/** Which SQL the schema is written for. */
export type StoreDialect = 'sqlite' | 'postgres';

/** One schema step: `version` matches the old schema_migrations numbering. */
export interface StoreMigration {
  version: number;
  name: string;
  up(db: Kysely<any>, dialect: StoreDialect): Promise<void>;
}

/** Column type of an auto-numbered primary key. */
function idType(dialect: StoreDialect) {
  return dialect === 'postgres' ? 'serial' : 'integer';
}

/** Adds the auto-numbered `id` primary key (AUTOINCREMENT on SQLite, like the original schema; serial on Postgres). */
function withId<T extends { addColumn: (...args: any[]) => T }>(table: T, dialect: StoreDialect): T {
  return table.addColumn('id', idType(dialect), (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()));
}

/** Every migration, oldest first. Epoch-ms columns are bigint (Postgres integer is 32-bit); reals are double precision. */
export const STORE_MIGRATIONS: StoreMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    async up(db, dialect) {
      const s = db.schema;
      await s.createTable('users').ifNotExists()
        .addColumn('user_key', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('leaderboard_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createTable('lesson_progress').ifNotExists()
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('answers_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('lesson_progress_pk', ['user_key', 'lesson_id'])
        .execute();
      await s.createTable('fsrs_cards').ifNotExists()
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('due', 'bigint', (c) => c.notNull())
        .addColumn('stability', 'double precision', (c) => c.notNull())
        .addColumn('difficulty', 'double precision', (c) => c.notNull())
        .addColumn('elapsed_days', 'double precision', (c) => c.notNull())
        .addColumn('scheduled_days', 'double precision', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('reps', 'integer', (c) => c.notNull())
        .addColumn('lapses', 'integer', (c) => c.notNull())
        .addColumn('state', 'integer', (c) => c.notNull())
        .addColumn('last_review', 'bigint')
        .addPrimaryKeyConstraint('fsrs_cards_pk', ['user_key', 'question_id'])
        .execute();
      await s.createIndex('fsrs_cards_due').ifNotExists().on('fsrs_cards').columns(['user_key', 'due']).execute();
      await withId(s.createTable('review_logs').ifNotExists(), dialect)
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('state', 'integer', (c) => c.notNull())
        .addColumn('due', 'bigint', (c) => c.notNull())
        .addColumn('stability', 'double precision', (c) => c.notNull())
        .addColumn('difficulty', 'double precision', (c) => c.notNull())
        .addColumn('scheduled_days', 'double precision', (c) => c.notNull())
        .addColumn('review', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('review_logs_user').ifNotExists().on('review_logs').columns(['user_key', 'question_id']).execute();
      await withId(s.createTable('answers').ifNotExists(), dialect)
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('is_correct', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('answers_user').ifNotExists().on('answers').columns(['user_key', 'answered_at']).execute();
      await s.createTable('pending_questions').ifNotExists()
        .addColumn('user_key', 'text', (c) => c.primaryKey())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text')
        .addColumn('asked_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createTable('live_sessions').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('lecturer_key', 'text', (c) => c.notNull())
        .addColumn('question_ids_json', 'text', (c) => c.notNull())
        .addColumn('seconds_per_question', 'integer', (c) => c.notNull())
        .addColumn('current_index', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('question_started_at', 'bigint')
        .addColumn('paused_remaining_ms', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await s.createIndex('live_sessions_channel').ifNotExists().on('live_sessions').columns(['platform', 'channel_id', 'status']).execute();
      await s.createTable('live_answers').ifNotExists()
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('question_index', 'integer', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('choice', 'integer', (c) => c.notNull())
        .addColumn('is_correct', 'integer', (c) => c.notNull())
        .addColumn('elapsed_ms', 'integer', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('live_answers_pk', ['session_id', 'question_index', 'user_key'])
        .execute();
      await withId(s.createTable('score_events').ifNotExists(), dialect)
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('score_events_place').ifNotExists().on('score_events').columns(['platform', 'space_id', 'channel_id', 'created_at']).execute();
      await withId(s.createTable('recent_specs').ifNotExists(), dialect)
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('spec_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await s.createIndex('recent_specs_user').ifNotExists().on('recent_specs').columns(['user_key', 'created_at']).execute();
    },
  },
  {
    version: 2,
    name: 'saved datasets and last uploaded data',
    async up(db) {
      await db.schema.createTable('saved_datasets')
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('shared_scope', 'text')
        .addColumn('shared_at', 'bigint')
        .addPrimaryKeyConstraint('saved_datasets_pk', ['owner_key', 'name'])
        .execute();
      // one shared set of a name per class
      await db.schema.createIndex('saved_datasets_shared').unique().on('saved_datasets').columns(['shared_scope', 'name'])
        .where(sql.ref('shared_scope'), 'is not', null).execute();
      await db.schema.createTable('last_user_data')
        .addColumn('owner_key', 'text', (c) => c.primaryKey())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 3,
    name: 'report indexes',
    // covering indexes for the lecturer reports (report-types.ts): each report query reads one index only
    async up(db) {
      const s = db.schema;
      await s.createIndex('answers_question_correct').on('answers').columns(['question_id', 'is_correct']).execute();
      await s.createIndex('answers_user_lesson_correct').on('answers').columns(['user_key', 'lesson_id', 'is_correct']).execute();
      await s.createIndex('answers_time').on('answers').column('answered_at').execute();
      await s.createIndex('review_logs_time_user').on('review_logs').columns(['review', 'user_key']).execute();
      await s.createIndex('review_logs_card_history').on('review_logs').columns(['user_key', 'question_id', 'review', 'id', 'stability']).execute();
    },
  },
  {
    version: 4,
    name: 'report summaries',
    // kept up to date from review_logs by ReportRepository.refreshSummaries (each log read once)
    async up(db) {
      const s = db.schema;
      await s.createTable('report_summary_state').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('last_log_id', 'bigint', (c) => c.notNull()).execute();
      await s.createTable('report_card_last')
        .addColumn('user_key', 'text', (c) => c.notNull()).addColumn('question_id', 'text', (c) => c.notNull()).addColumn('last_review', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_card_last_pk', ['user_key', 'question_id']).execute();
      await s.createTable('report_mastery_deltas')
        .addColumn('question_id', 'text', (c) => c.notNull()).addColumn('week', 'integer', (c) => c.notNull()).addColumn('delta', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_mastery_deltas_pk', ['question_id', 'week']).execute();
      await s.createTable('report_card_births')
        .addColumn('question_id', 'text', (c) => c.notNull()).addColumn('week', 'integer', (c) => c.notNull()).addColumn('cards', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_card_births_pk', ['question_id', 'week']).execute();
      await s.createTable('report_active_weeks')
        .addColumn('user_key', 'text', (c) => c.notNull()).addColumn('week', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_active_weeks_pk', ['user_key', 'week']).execute();
    },
  },
  {
    version: 5,
    name: 'report answer summaries',
    // answers per question and per user and lesson, folded in from `answers` by refreshSummaries (watermark row 2)
    async up(db) {
      const s = db.schema;
      await s.createTable('report_question_answers')
        .addColumn('question_id', 'text', (c) => c.primaryKey()).addColumn('answers', 'integer', (c) => c.notNull()).addColumn('wrong', 'integer', (c) => c.notNull()).execute();
      await s.createTable('report_user_lesson_answers')
        .addColumn('user_key', 'text', (c) => c.notNull()).addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('answers', 'integer', (c) => c.notNull()).addColumn('correct', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_user_lesson_answers_pk', ['user_key', 'lesson_id']).execute();
    },
  },
  {
    version: 6,
    name: 'report summaries kept at write time',
    // from here on storing a review or an answer updates its summary rows (report-summaries.ts); this folds in
    // whatever the old report-time fold had not read yet, once, and empties report_summary_state (its watermarks are no longer read)
    async up(db) {
      const marks = new Map((await db.selectFrom('report_summary_state').select(['id', 'last_log_id']).execute() as { id: number; last_log_id: number }[])
        .map((r) => [Number(r.id), Number(r.last_log_id)]));
      await foldIntoReportSummaries(db, { afterLogId: marks.get(1) ?? 0, afterAnswerId: marks.get(2) ?? 0 });
      await db.deleteFrom('report_summary_state').execute();
    },
  },
];

/** The Migrator's name for a step: zero-padded so that names sort in version order. */
export function migrationName(m: { version: number; name: string }): string {
  return `${String(m.version).padStart(4, '0')}_${m.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
}

/** The highest version a pre-Kysely database recorded in schema_migrations (0 when there is no such table). */
async function legacyVersion(db: Kysely<any>, dialect: StoreDialect): Promise<number> {
  if (dialect !== 'sqlite') return 0;
  const table = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`.execute(db);
  if (Number(table.rows[0]?.n ?? 0) === 0) return 0;
  const max = await sql<{ v: number | null }>`SELECT MAX(version) AS v FROM schema_migrations`.execute(db);
  return Number(max.rows[0]?.v ?? 0);
}

/** Kysely migrations for one dialect: each skips itself on a database that applied it before Kysely. */
function providerFor(dialect: StoreDialect, migrations: StoreMigration[]): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const m of migrations) {
        out[migrationName(m)] = {
          async up(db) {
            if ((await legacyVersion(db, dialect)) >= m.version) return;
            await m.up(db, dialect);
          },
        };
      }
      return out;
    },
  };
}

/** Applies every migration not yet applied; returns the names applied, or throws the first failure (that step rolled back). `migrationTableSchema`: Postgres schema of kysely_migration. */
export async function migrateToLatest(db: Kysely<any>, dialect: StoreDialect, migrations: StoreMigration[] = STORE_MIGRATIONS, migrationTableSchema?: string): Promise<string[]> {
  // Postgres: the migrator's own tables are looked up across all schemas, so name the one they live in
  const migrator = new Migrator({ db, provider: providerFor(dialect, migrations), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error : new Error(String(error));
    const unknown = /previously executed migration (\S+) is missing/.exec(cause.message)?.[1];
    const wrapped = unknown
      ? new Error(`The database has migration ${unknown}, which this version of nn-tutor does not know: it was migrated by a newer release. Run that release (or newer), or restore a backup made before it.`, { cause })
      : new Error(`Migration ${failed?.migrationName ?? '(none: checking the migration record)'} failed: ${cause.message}`, { cause });
    // a database error (file fault, lost connection) keeps its code, so the store reports it as unavailable
    const code = (error as { code?: unknown }).code;
    if (code !== undefined) Object.assign(wrapped, { code });
    throw wrapped;
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations recorded as applied, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute() as { name: string }[];
  return rows.map((r) => r.name);
}
