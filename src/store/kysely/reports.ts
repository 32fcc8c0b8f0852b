/**
 * The lecturer-report queries (report-types.ts) on Kysely, the same statements for SQLite and
 * Postgres: window functions, CASE instead of MIN/MAX(a, b) or LEAST, CAST(… AS BIGINT) for ms
 * times, integer division of integers. (Postgres rounds a double cast to bigint where SQLite
 * truncates: a mastery span's end may differ by under a millisecond.)
 */
import { sql } from 'kysely';
import type { LiveAnswerRecord, LiveSessionRecord, LiveStatus, UserRecord } from '../types.ts';
import type {
  CardStateRow, FirstReviewRow, LessonProgressRow, MasterySpanRow, QuestionAnswerRow, ReportRepository, UserLessonAnswerRow, WeekGrid,
} from '../report-types.ts';
import type { DbSource } from './repositories.ts';

const DAY_MS = 86_400_000;
const big = (n: number) => sql`CAST(${n} AS BIGINT)`;

/**
 * A review's memory state lasts from its time until the card's next review; the state after review i
 * has the stability logged *before* review i+1 (ts-fsrs logs the pre-review card), and the last one is
 * the card's own. FSRS defines stability S as the time at which retrievability falls to 0.9, so
 * R > 0.9 exactly while (t − last review) < S days. Each span covers the week ends k with
 * span start ≤ end_k < mastered end, where end_k = start + (k+1)·week;
 * k_lo = ⌊(from − start)/week⌋, k_hi = ⌊(until − start − 1)/week⌋ − 1.
 */
const masterySpansSql = (start: number, week: number) => sql<{ question_id: string; from_week: number; to_week: number; cards: number }>`
  WITH spans AS (
    SELECT question_id, review AS from_ms, LEAD(review) OVER w AS next_ms, LEAD(stability) OVER w AS stability
    FROM review_logs
    WINDOW w AS (PARTITION BY user_key, question_id ORDER BY review, id)
  ), states AS (
    SELECT question_id, from_ms, next_ms, stability FROM spans WHERE next_ms IS NOT NULL
    UNION ALL
    SELECT question_id, last_review AS from_ms, NULL AS next_ms, stability FROM fsrs_cards WHERE last_review IS NOT NULL
  ), bounded AS (
    SELECT question_id, from_ms,
      CASE WHEN next_ms IS NOT NULL AND next_ms < from_ms + CAST(stability * ${sql.lit(DAY_MS)} AS BIGINT) THEN next_ms
           ELSE from_ms + CAST(stability * ${sql.lit(DAY_MS)} AS BIGINT) END AS until_ms
    FROM states
  ), weeks AS (
    SELECT question_id,
      (from_ms - ${big(start)}) / ${big(week)} AS from_week,
      (until_ms - ${big(start)} - 1) / ${big(week)} - 1 AS to_week
    FROM bounded WHERE until_ms > ${big(start)}
  )
  SELECT question_id, from_week, to_week, COUNT(*) AS cards FROM weeks WHERE to_week >= from_week AND to_week >= 0
  GROUP BY question_id, from_week, to_week`;

const firstReviewsSql = (start: number, week: number) => sql<{ question_id: string; week: number; cards: number }>`
  SELECT question_id, (first_ms - ${big(start)}) / ${big(week)} AS week, COUNT(*) AS cards
  FROM (SELECT question_id, MIN(review) AS first_ms FROM review_logs GROUP BY user_key, question_id) firsts
  GROUP BY question_id, (first_ms - ${big(start)}) / ${big(week)}`;

const revisingSql = (start: number, week: number) => sql<{ week: number; users: number }>`
  SELECT (review - ${big(start)}) / ${big(week)} AS week, COUNT(DISTINCT user_key) AS users
  FROM review_logs WHERE review >= ${big(start)} GROUP BY (review - ${big(start)}) / ${big(week)}`;

const gridArgs = (g: WeekGrid): [number, number] => [Math.round(g.startMs), Math.round(g.weekMs)];

/** Report queries over the store's tables. */
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
    async masterySpans(grid) {
      const { rows } = await masterySpansSql(...gridArgs(grid)).execute(db());
      return rows.map((r): MasterySpanRow => ({ questionId: r.question_id, fromWeek: Number(r.from_week), toWeek: Number(r.to_week), cards: Number(r.cards) }));
    },
    async firstReviews(grid) {
      const { rows } = await firstReviewsSql(...gridArgs(grid)).execute(db());
      return rows.map((r): FirstReviewRow => ({ questionId: r.question_id, week: Number(r.week), cards: Number(r.cards) }));
    },
    async revisingUsersPerWeek(grid) {
      const counts = new Array<number>(grid.weeks).fill(0);
      const { rows } = await revisingSql(...gridArgs(grid)).execute(db());
      for (const r of rows) {
        const week = Number(r.week);
        if (week >= 0 && week < grid.weeks) counts[week] = Number(r.users);
      }
      return counts;
    },
    async questionAnswers() {
      const { rows } = await sql<{ question_id: string; answers: number; wrong: number }>`SELECT question_id, COUNT(*) AS answers, SUM(CASE WHEN is_correct = 0 THEN 1 ELSE 0 END) AS wrong
        FROM answers GROUP BY question_id`.execute(db());
      return rows.map((r): QuestionAnswerRow => ({ questionId: r.question_id, answers: Number(r.answers), wrong: Number(r.wrong) }));
    },
    async userLessonAnswers(userKey) {
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
