/**
 * The repositories of types.ts written once with Kysely's query builder, for SQLite and Postgres
 * alike. `db()` is the connection to use right now: the open transaction when there is one.
 */
import { sql, type Kysely } from 'kysely';
import type {
  AnswerMode, AnswerRepository, CardRecord, CardRepository, LeaderboardRow, LessonProgressRecord, LiveAnswerRecord,
  LiveQuizRepository, LiveSessionRecord, LiveStatus, LiveTotal, ProgressRepository, RecentSpecRepository,
  ReviewLogRecord, ScoreRepository, UserRecord, UserRepository,
} from '../types.ts';
import type { StoreDialect } from './migrations.ts';
import { addAnswerToSummaries, addReviewToSummaries } from './report-summaries.ts';
import type { FsrsCardsTable, LessonProgressTable, LiveAnswersTable, LiveSessionsTable, ReviewLogsTable, StoreDatabase, UsersTable } from './schema.ts';

/** The connection (or transaction) repositories run their queries on. */
export type DbSource = () => Kysely<StoreDatabase>;

/** How many specs are kept per user; older ones are pruned on insert. */
export const RECENT_SPECS_KEPT = 20;

/** The key every other table uses for a user. */
export function userKeyOf(platform: string, userId: string): string {
  return `${platform}:${userId}`;
}

// Postgres returns bigint and numeric (SUM) as text unless parsed; Number() makes both dialects alike.
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const toUser = (r: UsersTable): UserRecord => ({
  userKey: r.user_key, platform: r.platform, userId: r.user_id, displayName: r.display_name,
  leaderboardOptOut: num(r.leaderboard_opt_out) === 1, createdAt: num(r.created_at),
});

/** Users keyed by platform and id, with the leaderboard opt-out. */
export function createUserRepository(db: DbSource): UserRepository {
  return {
    async upsert(user, nowMs) {
      const key = userKeyOf(user.platform, user.userId);
      await db().insertInto('users')
        .values({ user_key: key, platform: user.platform, user_id: user.userId, display_name: user.displayName, leaderboard_opt_out: 0, created_at: nowMs })
        .onConflict((oc) => oc.column('user_key').doUpdateSet({ display_name: (eb) => eb.ref('excluded.display_name') }))
        .execute();
      return toUser(await db().selectFrom('users').selectAll().where('user_key', '=', key).executeTakeFirstOrThrow());
    },
    async get(userKey) {
      const row = await db().selectFrom('users').selectAll().where('user_key', '=', userKey).executeTakeFirst();
      return row && toUser(row);
    },
    async setLeaderboardOptOut(userKey, isOptOut) {
      await db().updateTable('users').set({ leaderboard_opt_out: isOptOut ? 1 : 0 }).where('user_key', '=', userKey).execute();
    },
  };
}

const toProgress = (r: LessonProgressTable): LessonProgressRecord => ({
  userKey: r.user_key, lessonId: r.lesson_id, stepIndex: num(r.step_index), completed: num(r.completed) === 1,
  answers: JSON.parse(r.answers_json) as Record<number, number>, updatedAt: num(r.updated_at),
});

/** One row per user and lesson; answers kept as JSON (step → choice). */
export function createProgressRepository(db: DbSource): ProgressRepository {
  return {
    async get(userKey, lessonId) {
      const row = await db().selectFrom('lesson_progress').selectAll().where('user_key', '=', userKey).where('lesson_id', '=', lessonId).executeTakeFirst();
      return row && toProgress(row);
    },
    async list(userKey) {
      return (await db().selectFrom('lesson_progress').selectAll().where('user_key', '=', userKey).orderBy('lesson_id').execute()).map(toProgress);
    },
    async save(r) {
      await db().insertInto('lesson_progress')
        .values({ user_key: r.userKey, lesson_id: r.lessonId, step_index: r.stepIndex, completed: r.completed ? 1 : 0, answers_json: JSON.stringify(r.answers), updated_at: r.updatedAt })
        .onConflict((oc) => oc.columns(['user_key', 'lesson_id']).doUpdateSet((eb) => ({
          step_index: eb.ref('excluded.step_index'), completed: eb.ref('excluded.completed'),
          answers_json: eb.ref('excluded.answers_json'), updated_at: eb.ref('excluded.updated_at'),
        })))
        .execute();
    },
  };
}

const toCard = (r: FsrsCardsTable): CardRecord => ({
  userKey: r.user_key, questionId: r.question_id, due: num(r.due), stability: num(r.stability), difficulty: num(r.difficulty),
  elapsedDays: num(r.elapsed_days), scheduledDays: num(r.scheduled_days), learningSteps: num(r.learning_steps), reps: num(r.reps),
  lapses: num(r.lapses), state: num(r.state), lastReview: numOrNull(r.last_review),
});
const toLog = (r: Omit<ReviewLogsTable, 'id'>): ReviewLogRecord => ({
  userKey: r.user_key, questionId: r.question_id, rating: num(r.rating), state: num(r.state), due: num(r.due),
  stability: num(r.stability), difficulty: num(r.difficulty), scheduledDays: num(r.scheduled_days), review: num(r.review),
});

/** FSRS cards (one per user and question) and the append-only review log (each log updates the report summaries in its transaction). */
export function createCardRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>, dialect: StoreDialect): CardRepository {
  return {
    async get(userKey, questionId) {
      const row = await db().selectFrom('fsrs_cards').selectAll().where('user_key', '=', userKey).where('question_id', '=', questionId).executeTakeFirst();
      return row && toCard(row);
    },
    async list(userKey) {
      return (await db().selectFrom('fsrs_cards').selectAll().where('user_key', '=', userKey).orderBy('due').execute()).map(toCard);
    },
    async save(r) {
      await db().insertInto('fsrs_cards')
        .values({
          user_key: r.userKey, question_id: r.questionId, due: r.due, stability: r.stability, difficulty: r.difficulty,
          elapsed_days: r.elapsedDays, scheduled_days: r.scheduledDays, learning_steps: r.learningSteps, reps: r.reps,
          lapses: r.lapses, state: r.state, last_review: r.lastReview,
        })
        .onConflict((oc) => oc.columns(['user_key', 'question_id']).doUpdateSet((eb) => ({
          due: eb.ref('excluded.due'), stability: eb.ref('excluded.stability'), difficulty: eb.ref('excluded.difficulty'),
          elapsed_days: eb.ref('excluded.elapsed_days'), scheduled_days: eb.ref('excluded.scheduled_days'),
          learning_steps: eb.ref('excluded.learning_steps'), reps: eb.ref('excluded.reps'), lapses: eb.ref('excluded.lapses'),
          state: eb.ref('excluded.state'), last_review: eb.ref('excluded.last_review'),
        })))
        .execute();
    },
    addLog: (l) => inTransaction(async () => {
      await addReviewToSummaries(db(), dialect, l); // first: it locks the card's summary row (Postgres)
      await db().insertInto('review_logs').values({
        user_key: l.userKey, question_id: l.questionId, rating: l.rating, state: l.state, due: l.due, stability: l.stability,
        difficulty: l.difficulty, scheduled_days: l.scheduledDays, review: l.review,
      }).execute();
    }),
    async logs(userKey, questionId) {
      let q = db().selectFrom('review_logs').selectAll().where('user_key', '=', userKey);
      if (questionId !== undefined) q = q.where('question_id', '=', questionId);
      return (await q.orderBy('id').execute()).map(toLog);
    },
  };
}

/** Append-only answers (each updates the report summaries in its transaction) plus one pending solo question per user. */
export function createAnswerRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>): AnswerRepository {
  return {
    add: (r) => inTransaction(async () => {
      await db().insertInto('answers').values({
        user_key: r.userKey, question_id: r.questionId, lesson_id: r.lessonId, mode: r.mode, is_correct: r.isCorrect ? 1 : 0, answered_at: r.answeredAt,
      }).execute();
      await addAnswerToSummaries(db(), r);
    }),
    async list(userKey) {
      const rows = await db().selectFrom('answers').selectAll().where('user_key', '=', userKey).orderBy('answered_at').orderBy('id').execute();
      return rows.map((r) => ({
        userKey: r.user_key, questionId: r.question_id, lessonId: r.lesson_id, mode: r.mode as AnswerMode,
        isCorrect: num(r.is_correct) === 1, answeredAt: num(r.answered_at),
      }));
    },
    async getPending(userKey) {
      const row = await db().selectFrom('pending_questions').selectAll().where('user_key', '=', userKey).executeTakeFirst();
      return row && { userKey: row.user_key, questionId: row.question_id, topic: row.topic, askedAt: num(row.asked_at) };
    },
    async setPending(r) {
      await db().insertInto('pending_questions')
        .values({ user_key: r.userKey, question_id: r.questionId, topic: r.topic, asked_at: r.askedAt })
        .onConflict((oc) => oc.column('user_key').doUpdateSet((eb) => ({
          question_id: eb.ref('excluded.question_id'), topic: eb.ref('excluded.topic'), asked_at: eb.ref('excluded.asked_at'),
        })))
        .execute();
    },
    async clearPending(userKey) {
      await db().deleteFrom('pending_questions').where('user_key', '=', userKey).execute();
    },
    async takePending(userKey, questionId) {
      const result = await db().deleteFrom('pending_questions').where('user_key', '=', userKey).where('question_id', '=', questionId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

const toSession = (r: LiveSessionsTable): LiveSessionRecord => ({
  id: r.id, platform: r.platform, spaceId: r.space_id, channelId: r.channel_id, lecturerKey: r.lecturer_key,
  questionIds: JSON.parse(r.question_ids_json) as string[], secondsPerQuestion: num(r.seconds_per_question),
  currentIndex: num(r.current_index), status: r.status as LiveStatus, questionStartedAt: numOrNull(r.question_started_at),
  pausedRemainingMs: numOrNull(r.paused_remaining_ms), createdAt: num(r.created_at), endedAt: numOrNull(r.ended_at),
});
const toLiveAnswer = (r: LiveAnswersTable): LiveAnswerRecord => ({
  sessionId: r.session_id, questionIndex: num(r.question_index), userKey: r.user_key, displayName: r.display_name,
  choice: num(r.choice), isCorrect: num(r.is_correct) === 1, elapsedMs: num(r.elapsed_ms), points: num(r.points), answeredAt: num(r.answered_at),
});
const sessionColumns = (s: LiveSessionRecord) => ({
  current_index: s.currentIndex, status: s.status, question_started_at: s.questionStartedAt,
  paused_remaining_ms: s.pausedRemainingMs, ended_at: s.endedAt,
});

/** Live sessions and answers; the (session, question, user) primary key makes a second answer a no-op. */
export function createLiveQuizRepository(db: DbSource): LiveQuizRepository {
  return {
    async create(s) {
      await db().insertInto('live_sessions').values({
        id: s.id, platform: s.platform, space_id: s.spaceId, channel_id: s.channelId, lecturer_key: s.lecturerKey,
        question_ids_json: JSON.stringify(s.questionIds), seconds_per_question: s.secondsPerQuestion, created_at: s.createdAt,
        ...sessionColumns(s),
      }).execute();
    },
    async get(id) {
      const row = await db().selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSession(row);
    },
    async activeIn(platform, channelId) {
      const row = await db().selectFrom('live_sessions').selectAll()
        .where('platform', '=', platform).where('channel_id', '=', channelId).where('status', '!=', 'ended')
        .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      return row && toSession(row);
    },
    async listActive() {
      return (await db().selectFrom('live_sessions').selectAll().where('status', '!=', 'ended').orderBy('created_at').execute()).map(toSession);
    },
    async update(s) {
      await db().updateTable('live_sessions').set(sessionColumns(s)).where('id', '=', s.id).execute();
    },
    async updateIf(s, expected) {
      const row = await db().updateTable('live_sessions').set(sessionColumns(s))
        .where('id', '=', s.id).where('status', 'in', expected.statuses).where('current_index', '=', expected.currentIndex)
        .returningAll().executeTakeFirst();
      return row && toSession(row);
    },
    async addAnswer(a) {
      const result = await db().insertInto('live_answers').values({
        session_id: a.sessionId, question_index: a.questionIndex, user_key: a.userKey, display_name: a.displayName,
        choice: a.choice, is_correct: a.isCorrect ? 1 : 0, elapsed_ms: a.elapsedMs, points: a.points, answered_at: a.answeredAt,
      }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async answers(sessionId, questionIndex) {
      const rows = await db().selectFrom('live_answers').selectAll().where('session_id', '=', sessionId).where('question_index', '=', questionIndex)
        .orderBy('answered_at').orderBy('user_key').execute();
      return rows.map(toLiveAnswer);
    },
    async totals(sessionId) {
      const rows = await db().selectFrom('live_answers')
        .select((eb) => [
          'user_key', eb.fn.max('display_name').as('display_name'), eb.fn.sum<number>('points').as('points'),
          eb.fn.sum<number>('is_correct').as('correct'), eb.fn.countAll<number>().as('answered'),
        ])
        .where('session_id', '=', sessionId).groupBy('user_key')
        .orderBy('points', 'desc').orderBy(sql`MIN(answered_at)`).execute();
      return rows.map((r): LiveTotal => ({ userKey: r.user_key, displayName: r.display_name, points: num(r.points), correct: num(r.correct), answered: num(r.answered) }));
    },
  };
}

/** Score events summed per user for a place and period (opted-out users left out). */
export function createScoreRepository(db: DbSource): ScoreRepository {
  return {
    async add(e) {
      await db().insertInto('score_events').values({
        user_key: e.userKey, display_name: e.displayName, platform: e.platform, space_id: e.spaceId, channel_id: e.channelId,
        points: e.points, source: e.source, created_at: e.createdAt,
      }).execute();
    },
    async leaderboard(query) {
      let q = db().selectFrom('score_events as s').leftJoin('users as u', 'u.user_key', 's.user_key')
        .select((eb) => [
          's.user_key as userKey',
          eb.fn.coalesce(eb.fn.max('u.display_name'), eb.fn.max('s.display_name')).as('displayName'),
          eb.fn.sum<number>('s.points').as('points'),
        ])
        .where('s.platform', '=', query.platform).where('s.created_at', '>=', query.sinceMs ?? 0)
        .where((eb) => eb(eb.fn.coalesce('u.leaderboard_opt_out', eb.lit(0)), '=', 0));
      if (query.channelId !== undefined) q = q.where('s.channel_id', '=', query.channelId);
      else if (query.spaceId !== undefined && query.spaceId !== null) q = q.where('s.space_id', '=', query.spaceId);
      const rows = await q.groupBy('s.user_key').having((eb) => eb.fn.sum('s.points'), '>', 0)
        .orderBy('points', 'desc').orderBy(sql`MIN(s.created_at)`).limit(query.limit).execute();
      return rows.map((r): LeaderboardRow => ({ userKey: r.userKey, displayName: r.displayName, points: num(r.points) }));
    },
  };
}

/** The last RECENT_SPECS_KEPT training specs per user; insert and prune run in the caller's transaction. */
export function createRecentSpecRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>): RecentSpecRepository {
  return {
    async add(userKey, spec, nowMs) {
      // insert and prune together, so a crash never leaves more than the kept count
      return inTransaction(async () => {
        const { id } = await db().insertInto('recent_specs').values({ user_key: userKey, spec_json: JSON.stringify(spec), created_at: nowMs })
          .returning('id').executeTakeFirstOrThrow();
        const kept = db().selectFrom('recent_specs').select('id').where('user_key', '=', userKey)
          .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(RECENT_SPECS_KEPT);
        await db().deleteFrom('recent_specs').where('user_key', '=', userKey).where('id', 'not in', kept).execute();
        return num(id);
      });
    },
    async get(id) {
      if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
      const row = await db().selectFrom('recent_specs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: num(row.id), userKey: row.user_key, spec: JSON.parse(row.spec_json) as unknown, createdAt: num(row.created_at) };
    },
    async recent(userKey, limit) {
      const rows = await db().selectFrom('recent_specs').select(['spec_json', 'created_at']).where('user_key', '=', userKey)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ spec: JSON.parse(r.spec_json) as unknown, createdAt: num(r.created_at) }));
    },
  };
}
