/**
 * The lecturer-report queries (report-types.ts) on Kysely, the same statements for SQLite and
 * Postgres. Class-wide counts are read from the report_* summary tables, which storing a review or
 * an answer keeps current in its own transaction (report-summaries.ts); a report never folds logs.
 */
import { sql } from 'kysely';
import type { LiveAnswerRecord, LiveSessionRecord, LiveStatus, UserRecord } from '../types.ts';
import type {
  CardBirthRow, CardStateRow, LessonProgressRow, MasteryDeltaRow, QuestionAnswerRow, ReportRepository, UserLessonAnswerRow,
} from '../report-types.ts';
import type { DbSource } from './repositories.ts';

/** Report queries over the store's tables and summaries. */
export function createReportRepository(db: DbSource): ReportRepository {
  return {
    async users() {
      const rows = await db().selectFrom('users').selectAll().orderBy('display_name').orderBy('user_key').execute();
      return rows.map((r): UserRecord => ({ userKey: r.user_key, platform: r.platform, userId: r.user_id, displayName: r.display_name, leaderboardOptOut: Number(r.leaderboard_opt_out) === 1, createdAt: Number(r.created_at) }));
    },
    async firstActivityMs() {
      const { rows } = await sql<{ t: number | null }>`SELECT MIN(t) AS t FROM (SELECT MIN(review) AS t FROM review_logs UNION ALL SELECT MIN(answered_at) AS t FROM answers) firsts`.execute(db());
      const t = rows[0]?.t;
      return t === null || t === undefined ? undefined : Number(t);
    },
    async lastEndedSession(platform, channelId) {
      const r = await db().selectFrom('live_sessions').selectAll().where('platform', '=', platform).where('channel_id', '=', channelId)
        .where('status', '=', 'ended').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const n = (v: number | null) => (v === null ? null : Number(v));
      return r && ({
        id: r.id, platform: r.platform, spaceId: r.space_id, channelId: r.channel_id, lecturerKey: r.lecturer_key,
        questionIds: JSON.parse(r.question_ids_json) as string[], secondsPerQuestion: Number(r.seconds_per_question),
        currentIndex: Number(r.current_index), status: r.status as LiveStatus, questionStartedAt: n(r.question_started_at),
        pausedRemainingMs: n(r.paused_remaining_ms), createdAt: Number(r.created_at), endedAt: n(r.ended_at),
      } satisfies LiveSessionRecord);
    },
    async sessionAnswers(sessionId) {
      const rows = await db().selectFrom('live_answers').selectAll().where('session_id', '=', sessionId)
        .orderBy('question_index').orderBy('answered_at').orderBy('user_key').execute();
      return rows.map((r): LiveAnswerRecord => ({
        sessionId: r.session_id, questionIndex: Number(r.question_index), userKey: r.user_key, displayName: r.display_name, choice: Number(r.choice),
        isCorrect: Number(r.is_correct) === 1, elapsedMs: Number(r.elapsed_ms), points: Number(r.points), answeredAt: Number(r.answered_at),
      }));
    },
    async masteryDeltas() {
      const rows = await db().selectFrom('report_mastery_deltas').selectAll().where('delta', '<>', 0).execute();
      return rows.map((r): MasteryDeltaRow => ({ questionId: r.question_id, week: Number(r.week), delta: Number(r.delta) }));
    },
    async cardBirths() {
      const rows = await db().selectFrom('report_card_births').selectAll().execute();
      return rows.map((r): CardBirthRow => ({ questionId: r.question_id, week: Number(r.week), cards: Number(r.cards) }));
    },
    async activeUsersPerWeek(fromWeek) {
      const rows = await db().selectFrom('report_active_weeks').select((eb) => ['week', eb.fn.countAll<number>().as('users')])
        .where('week', '>=', fromWeek).groupBy('week').execute();
      return rows.map((r) => ({ week: Number(r.week), users: Number(r.users) }));
    },
    async questionAnswers() {
      // class-wide counts come from the summaries, current as of the last committed write
      const rows = await db().selectFrom('report_question_answers').selectAll().execute();
      return rows.map((r): QuestionAnswerRow => ({ questionId: r.question_id, answers: Number(r.answers), wrong: Number(r.wrong) }));
    },
    async userLessonAnswers(userKey) {
      if (userKey === undefined) {
        const rows = await db().selectFrom('report_user_lesson_answers').selectAll().execute();
        return rows.map((r): UserLessonAnswerRow => ({ userKey: r.user_key, lessonId: r.lesson_id, answers: Number(r.answers), correct: Number(r.correct) }));
      }
      let q = db().selectFrom('answers')
        .select((eb) => ['user_key', 'lesson_id', eb.fn.countAll<number>().as('answers'), eb.fn.sum<number>('is_correct').as('correct')]);
      if (userKey !== undefined) q = q.where('user_key', '=', userKey);
      const rows = await q.groupBy(['user_key', 'lesson_id']).execute();
      return rows.map((r): UserLessonAnswerRow => ({ userKey: r.user_key, lessonId: r.lesson_id, answers: Number(r.answers), correct: Number(r.correct) }));
    },
    async lessonProgress(userKey) {
      let q = db().selectFrom('lesson_progress').select(['user_key', 'lesson_id', 'completed']);
      if (userKey !== undefined) q = q.where('user_key', '=', userKey);
      return (await q.execute()).map((r): LessonProgressRow => ({ userKey: r.user_key, lessonId: r.lesson_id, completed: Number(r.completed) === 1 }));
    },
    async cardStates(userKey) {
      let q = db().selectFrom('fsrs_cards').select(['user_key', 'question_id', 'due', 'stability', 'last_review']);
      if (userKey !== undefined) q = q.where('user_key', '=', userKey);
      return (await q.execute()).map((r): CardStateRow => ({
        userKey: r.user_key, questionId: r.question_id, due: Number(r.due), stability: Number(r.stability), lastReview: r.last_review === null ? null : Number(r.last_review),
      }));
    },
  };
}
