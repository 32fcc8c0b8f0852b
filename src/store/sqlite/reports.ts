/**
 * SQLite report queries (see report-types.ts). Portable SQL only — window functions, CASE instead of
 * MIN/MAX(a, b) or LEAST, CAST(… AS BIGINT) for ms times, integer division of integers — so the same
 * statements carry over to Postgres. Methods do their work synchronously and hand back a settled
 * Promise, so the store guard still turns a file fault into StoreUnavailableError.
 */
import type Database from 'better-sqlite3';
import type { LiveAnswerRecord, LiveSessionRecord, LiveStatus, UserRecord } from '../types.ts';
import type {
  CardStateRow, FirstReviewRow, LessonProgressRow, MasterySpanRow, QuestionAnswerRow, ReportRepository, UserLessonAnswerRow, WeekGrid,
} from '../report-types.ts';

const DAY_MS = 86_400_000;

/**
 * A review's memory state lasts from its time until the card's next review; the state after review i
 * has the stability logged *before* review i+1 (ts-fsrs logs the pre-review card), and the last one is
 * the card's own. FSRS defines stability S as the time at which retrievability falls to 0.9, so
 * R > 0.9 exactly while (t − last review) < S days: no power function is needed in SQL.
 * Each span then covers the week ends k with span start ≤ end_k < mastered end, where
 * end_k = start + (k+1)·week; k_lo = ⌊(from − start)/week⌋, k_hi = ⌊(until − start − 1)/week⌋ − 1.
 * Partitions are ordered by (review, id), the order of the covering index review_logs_card_history, so no sort is needed.
 */
const MASTERY_SPANS_SQL = `
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
      CASE WHEN next_ms IS NOT NULL AND next_ms < from_ms + CAST(stability * ${DAY_MS} AS BIGINT) THEN next_ms
           ELSE from_ms + CAST(stability * ${DAY_MS} AS BIGINT) END AS until_ms
    FROM states
  ), weeks AS (
    SELECT question_id,
      (from_ms - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS from_week,
      (until_ms - CAST(? AS BIGINT) - 1) / CAST(? AS BIGINT) - 1 AS to_week
    FROM bounded WHERE until_ms > CAST(? AS BIGINT)
  )
  SELECT question_id, from_week, to_week, COUNT(*) AS cards FROM weeks WHERE to_week >= from_week AND to_week >= 0
  GROUP BY question_id, from_week, to_week`;

const FIRST_REVIEWS_SQL = `
  SELECT question_id, (first_ms - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS week, COUNT(*) AS cards
  FROM (SELECT question_id, MIN(review) AS first_ms FROM review_logs GROUP BY user_key, question_id) firsts
  GROUP BY question_id, (first_ms - CAST(? AS BIGINT)) / CAST(? AS BIGINT)`;

const REVISING_SQL = `
  SELECT (review - CAST(? AS BIGINT)) / CAST(? AS BIGINT) AS week, COUNT(DISTINCT user_key) AS users
  FROM review_logs WHERE review >= CAST(? AS BIGINT) GROUP BY (review - CAST(? AS BIGINT)) / CAST(? AS BIGINT)`;

interface SessionRow {
  id: string; platform: string; space_id: string | null; channel_id: string; lecturer_key: string; question_ids_json: string;
  seconds_per_question: number; current_index: number; status: string; question_started_at: number | null;
  paused_remaining_ms: number | null; created_at: number; ended_at: number | null;
}

/** Report queries over the SQLite tables. */
export function createReportRepository(db: Database.Database): ReportRepository {
  const users = db.prepare('SELECT user_key, platform, user_id, display_name, leaderboard_opt_out, created_at FROM users ORDER BY display_name, user_key');
  const firstActivity = db.prepare(`SELECT MIN(t) AS t FROM (SELECT MIN(review) AS t FROM review_logs UNION ALL SELECT MIN(answered_at) AS t FROM answers) firsts`);
  const lastEnded = db.prepare(`SELECT * FROM live_sessions WHERE platform = ? AND channel_id = ? AND status = 'ended' ORDER BY created_at DESC, id DESC LIMIT 1`);
  const sessionAnswers = db.prepare('SELECT * FROM live_answers WHERE session_id = ? ORDER BY question_index, answered_at, user_key');
  const masterySpans = db.prepare(MASTERY_SPANS_SQL);
  const firstReviews = db.prepare(FIRST_REVIEWS_SQL);
  const revising = db.prepare(REVISING_SQL);
  const questionAnswers = db.prepare(`SELECT question_id, COUNT(*) AS answers, SUM(CASE WHEN is_correct = 0 THEN 1 ELSE 0 END) AS wrong
    FROM answers GROUP BY question_id`);
  const userLessonAll = db.prepare(`SELECT user_key, lesson_id, COUNT(*) AS answers, SUM(is_correct) AS correct FROM answers GROUP BY user_key, lesson_id`);
  const userLessonOne = db.prepare(`SELECT user_key, lesson_id, COUNT(*) AS answers, SUM(is_correct) AS correct FROM answers WHERE user_key = ? GROUP BY user_key, lesson_id`);
  const progressAll = db.prepare('SELECT user_key, lesson_id, completed FROM lesson_progress');
  const progressOne = db.prepare('SELECT user_key, lesson_id, completed FROM lesson_progress WHERE user_key = ?');
  const cardsAll = db.prepare('SELECT user_key, question_id, due, stability, last_review FROM fsrs_cards');
  const cardsOne = db.prepare('SELECT user_key, question_id, due, stability, last_review FROM fsrs_cards WHERE user_key = ?');
  const gridArgs = (g: WeekGrid) => [Math.round(g.startMs), Math.round(g.weekMs)];

  return {
    users() {
      return Promise.resolve((users.all() as { user_key: string; platform: string; user_id: string; display_name: string; leaderboard_opt_out: number; created_at: number }[])
        .map((r): UserRecord => ({ userKey: r.user_key, platform: r.platform, userId: r.user_id, displayName: r.display_name, leaderboardOptOut: r.leaderboard_opt_out === 1, createdAt: r.created_at })));
    },
    firstActivityMs() {
      const row = firstActivity.get() as { t: number | null };
      return Promise.resolve(row.t ?? undefined);
    },
    lastEndedSession(platform, channelId) {
      const r = lastEnded.get(platform, channelId) as SessionRow | undefined;
      return Promise.resolve(r && ({
        id: r.id, platform: r.platform, spaceId: r.space_id, channelId: r.channel_id, lecturerKey: r.lecturer_key,
        questionIds: JSON.parse(r.question_ids_json) as string[], secondsPerQuestion: r.seconds_per_question,
        currentIndex: r.current_index, status: r.status as LiveStatus, questionStartedAt: r.question_started_at,
        pausedRemainingMs: r.paused_remaining_ms, createdAt: r.created_at, endedAt: r.ended_at,
      } satisfies LiveSessionRecord));
    },
    sessionAnswers(sessionId) {
      return Promise.resolve((sessionAnswers.all(sessionId) as { session_id: string; question_index: number; user_key: string; display_name: string; choice: number; is_correct: number; elapsed_ms: number; points: number; answered_at: number }[])
        .map((r): LiveAnswerRecord => ({
          sessionId: r.session_id, questionIndex: r.question_index, userKey: r.user_key, displayName: r.display_name, choice: r.choice,
          isCorrect: r.is_correct === 1, elapsedMs: r.elapsed_ms, points: r.points, answeredAt: r.answered_at,
        })));
    },
    masterySpans(grid) {
      const [start, week] = gridArgs(grid);
      return Promise.resolve((masterySpans.all(start, week, start, week, start) as { question_id: string; from_week: number; to_week: number; cards: number }[])
        .map((r): MasterySpanRow => ({ questionId: r.question_id, fromWeek: Number(r.from_week), toWeek: Number(r.to_week), cards: Number(r.cards) })));
    },
    firstReviews(grid) {
      const [start, week] = gridArgs(grid);
      return Promise.resolve((firstReviews.all(start, week, start, week) as { question_id: string; week: number; cards: number }[])
        .map((r): FirstReviewRow => ({ questionId: r.question_id, week: Number(r.week), cards: Number(r.cards) })));
    },
    revisingUsersPerWeek(grid) {
      const [start, week] = gridArgs(grid);
      const counts = new Array<number>(grid.weeks).fill(0);
      for (const r of revising.all(start, week, start, start, week) as { week: number; users: number }[]) {
        if (r.week >= 0 && r.week < grid.weeks) counts[r.week] = Number(r.users);
      }
      return Promise.resolve(counts);
    },
    questionAnswers() {
      return Promise.resolve((questionAnswers.all() as { question_id: string; answers: number; wrong: number }[])
        .map((r): QuestionAnswerRow => ({ questionId: r.question_id, answers: Number(r.answers), wrong: Number(r.wrong) })));
    },
    userLessonAnswers(userKey) {
      const rows = (userKey === undefined ? userLessonAll.all() : userLessonOne.all(userKey)) as { user_key: string; lesson_id: string; answers: number; correct: number }[];
      return Promise.resolve(rows.map((r): UserLessonAnswerRow => ({ userKey: r.user_key, lessonId: r.lesson_id, answers: Number(r.answers), correct: Number(r.correct) })));
    },
    lessonProgress(userKey) {
      const rows = (userKey === undefined ? progressAll.all() : progressOne.all(userKey)) as { user_key: string; lesson_id: string; completed: number }[];
      return Promise.resolve(rows.map((r): LessonProgressRow => ({ userKey: r.user_key, lessonId: r.lesson_id, completed: r.completed === 1 })));
    },
    cardStates(userKey) {
      const rows = (userKey === undefined ? cardsAll.all() : cardsOne.all(userKey)) as { user_key: string; question_id: string; due: number; stability: number; last_review: number | null }[];
      return Promise.resolve(rows.map((r): CardStateRow => ({ userKey: r.user_key, questionId: r.question_id, due: r.due, stability: r.stability, lastReview: r.last_review })));
    },
  };
}
