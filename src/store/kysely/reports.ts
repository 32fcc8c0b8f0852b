/**
 * The lecturer-report queries (report-types.ts) on Kysely, the same statements for SQLite and
 * Postgres. How the summaries are kept (refreshSummaries): every review log is read once, in id
 * order. A log of a card that was reviewed before closes that earlier review's state: it lasted
 * from the earlier review until this one, with the stability this log records (ts-fsrs logs the
 * card as it was *before* the review). FSRS defines stability S as the time at which
 * retrievability falls to 0.9, so the card was mastered for the weeks whose end falls in
 * [earlier review, min(this review, earlier review + S days)): +1 at the first such week and −1
 * after the last in report_mastery_deltas. A card's first log is its birth week; every log marks
 * its user active in its week. On Postgres the watermark row is locked, so two instances
 * refreshing at once fold each log in once.
 */
import { sql } from 'kysely';
import type { LiveAnswerRecord, LiveSessionRecord, LiveStatus, UserRecord } from '../types.ts';
import type {
  CardBirthRow, CardStateRow, LessonProgressRow, MasteryDeltaRow, QuestionAnswerRow, ReportRepository, UserLessonAnswerRow,
} from '../report-types.ts';
import type { DbSource } from './repositories.ts';
import type { StoreDialect } from './migrations.ts';
import { firstWeekEndingFrom, weekIndexOf, weeksCoveredBy } from '../report-weeks.ts';

const DAY_MS = 86_400_000;

/** Adds `by` to a count keyed by question and week. */
function bump(counts: Map<string, number>, questionId: string, week: number, by: number): void {
  const key = `${week}\u0000${questionId}`;
  counts.set(key, (counts.get(key) ?? 0) + by);
}
const split = (key: string) => { const at = key.indexOf('\u0000'); return [Number(key.slice(0, at)), key.slice(at + 1)] as const; };

/** Report queries over the store's tables. */
export function createReportRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>, dialect: StoreDialect): ReportRepository {
  /** Adds the answers after `from` to the per-question and per-user-and-lesson counts; returns how many. */
  async function foldAnswers(from: number): Promise<number> {
    const rows = await db().selectFrom('answers').select(['id', 'user_key', 'question_id', 'lesson_id', 'is_correct']).where('id', '>', from).orderBy('id').execute();
    if (rows.length === 0) return 0;
    const perQuestion = new Map<string, [number, number]>();
    const perUserLesson = new Map<string, [number, number]>();
    for (const r of rows) {
      const isCorrect = Number(r.is_correct) === 1;
      const q = perQuestion.get(r.question_id) ?? [0, 0];
      q[0] += 1;
      if (!isCorrect) q[1] += 1;
      perQuestion.set(r.question_id, q);
      const key = `${r.user_key}\u0000${r.lesson_id}`;
      const u = perUserLesson.get(key) ?? [0, 0];
      u[0] += 1;
      if (isCorrect) u[1] += 1;
      perUserLesson.set(key, u);
    }
    for (const [questionId, [answers, wrong]] of perQuestion) {
      await db().insertInto('report_question_answers').values({ question_id: questionId, answers, wrong })
        .onConflict((oc) => oc.column('question_id').doUpdateSet((eb) => ({
          answers: eb(eb.ref('report_question_answers.answers'), '+', eb.ref('excluded.answers')),
          wrong: eb(eb.ref('report_question_answers.wrong'), '+', eb.ref('excluded.wrong')),
        }))).execute();
    }
    for (const [key, [answers, correct]] of perUserLesson) {
      const at = key.indexOf('\u0000');
      await db().insertInto('report_user_lesson_answers').values({ user_key: key.slice(0, at), lesson_id: key.slice(at + 1), answers, correct })
        .onConflict((oc) => oc.columns(['user_key', 'lesson_id']).doUpdateSet((eb) => ({
          answers: eb(eb.ref('report_user_lesson_answers.answers'), '+', eb.ref('excluded.answers')),
          correct: eb(eb.ref('report_user_lesson_answers.correct'), '+', eb.ref('excluded.correct')),
        }))).execute();
    }
    await db().updateTable('report_summary_state').set({ last_log_id: Number(rows[rows.length - 1]!.id) }).where('id', '=', 2).execute();
    return rows.length;
  }

  /** Folds the review logs after `from` into the mastery deltas, card births and active weeks; returns how many. */
  async function foldLogs(from: number): Promise<number> {
      const logs = await db().selectFrom('review_logs').select(['id', 'user_key', 'question_id', 'review', 'stability']).where('id', '>', from).orderBy('id').execute();
      if (logs.length === 0) return 0;
      const lastReview = new Map<string, number>();
      // a big backlog reads every card's last review at once; a few new logs look theirs up one by one
      if (logs.length > 5_000) for (const r of await db().selectFrom('report_card_last').selectAll().execute()) lastReview.set(`${r.user_key}\u0000${r.question_id}`, Number(r.last_review));
      else {
        for (const log of logs) {
          const card = `${log.user_key}\u0000${log.question_id}`;
          if (lastReview.has(card)) continue;
          const row = await db().selectFrom('report_card_last').select('last_review').where('user_key', '=', log.user_key).where('question_id', '=', log.question_id).executeTakeFirst();
          if (row) lastReview.set(card, Number(row.last_review));
        }
      }
      const deltaCounts = new Map<string, number>();
      const birthCounts = new Map<string, number>();
      const activeWeeks = new Set<string>();
      const changed = new Set<string>();
      for (const log of logs) {
        const reviewMs = Number(log.review);
        const card = `${log.user_key}\u0000${log.question_id}`;
        const previous = lastReview.get(card);
        if (previous === undefined) bump(birthCounts, log.question_id, firstWeekEndingFrom(reviewMs), 1);
        else {
          const until = Math.min(reviewMs, previous + Number(log.stability) * DAY_MS);
          const [first, last] = weeksCoveredBy(previous, until);
          if (last >= first) {
            bump(deltaCounts, log.question_id, first, 1);
            bump(deltaCounts, log.question_id, last + 1, -1);
          }
        }
        lastReview.set(card, reviewMs);
        changed.add(card);
        activeWeeks.add(`${weekIndexOf(reviewMs)}\u0000${log.user_key}`);
      }
      for (const [key, n] of deltaCounts) {
        if (n === 0) continue;
        const [week, q] = split(key);
        await db().insertInto('report_mastery_deltas').values({ question_id: q, week, delta: n })
          .onConflict((oc) => oc.columns(['question_id', 'week']).doUpdateSet((eb) => ({ delta: eb(eb.ref('report_mastery_deltas.delta'), '+', eb.ref('excluded.delta')) }))).execute();
      }
      for (const [key, n] of birthCounts) {
        const [week, q] = split(key);
        await db().insertInto('report_card_births').values({ question_id: q, week, cards: n })
          .onConflict((oc) => oc.columns(['question_id', 'week']).doUpdateSet((eb) => ({ cards: eb(eb.ref('report_card_births.cards'), '+', eb.ref('excluded.cards')) }))).execute();
      }
      for (const key of activeWeeks) {
        const [week, u] = split(key);
        await db().insertInto('report_active_weeks').values({ user_key: u, week }).onConflict((oc) => oc.columns(['user_key', 'week']).doNothing()).execute();
      }
      for (const card of changed) {
        const at = card.indexOf('\u0000');
        await db().insertInto('report_card_last').values({ user_key: card.slice(0, at), question_id: card.slice(at + 1), last_review: lastReview.get(card)! })
          .onConflict((oc) => oc.columns(['user_key', 'question_id']).doUpdateSet((eb) => ({ last_review: eb.ref('excluded.last_review') }))).execute();
      }
      await db().updateTable('report_summary_state').set({ last_log_id: Number(logs[logs.length - 1]!.id) }).where('id', '=', 1).execute();
      return logs.length;
  }

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
    refreshSummaries: () => inTransaction(async () => {
      await db().insertInto('report_summary_state').values([{ id: 1, last_log_id: 0 }, { id: 2, last_log_id: 0 }]).onConflict((oc) => oc.column('id').doNothing()).execute();
      // row 1: the last review log folded in; row 2: the last answer. On Postgres both rows are locked for the transaction.
      let marks = db().selectFrom('report_summary_state').select(['id', 'last_log_id']).where('id', 'in', [1, 2]);
      if (dialect === 'postgres') marks = marks.forUpdate();
      const from = new Map((await marks.execute()).map((r) => [Number(r.id), Number(r.last_log_id)]));
      return (await foldAnswers(from.get(2) ?? 0)) + (await foldLogs(from.get(1) ?? 0));
    }),
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
      // class-wide counts come from the summaries (call refreshSummaries first)
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
