/**
 * SQLite report queries (see report-types.ts). Portable SQL only (ON CONFLICT upserts, plain
 * aggregates, no dialect functions), so the same statements carry over to Postgres. Methods do their work synchronously and hand back a settled
 * Promise, so the store guard still turns a file fault into StoreUnavailableError.
 */
import type Database from 'better-sqlite3';
import type { LiveAnswerRecord, LiveSessionRecord, LiveStatus, UserRecord } from '../types.ts';
import type {
  CardBirthRow, CardStateRow, LessonProgressRow, MasteryDeltaRow, QuestionAnswerRow, ReportRepository, UserLessonAnswerRow,
} from '../report-types.ts';
import { firstWeekEndingFrom, weekIndexOf, weeksCoveredBy } from '../report-weeks.ts';

const DAY_MS = 86_400_000;

/**
 * How the summaries are kept (refreshSummaries): every review log is read once, in id order (the
 * order reviews were made). A log of a card that was reviewed before closes that earlier review's
 * state: it lasted from the earlier review until this one, with the stability this log records
 * (ts-fsrs logs the card as it was *before* the review). FSRS defines stability S as the time at
 * which retrievability falls to 0.9, so the card was mastered (R > 0.9) for the weeks whose end
 * falls in [earlier review, min(this review, earlier review + S days)): +1 at the first such week
 * and −1 after the last in report_mastery_deltas. The newest state of each card is still open and
 * is read from fsrs_cards at report time. A card's first log is its birth week; every log marks its
 * user active in its week. All SQL is portable (upserts with ON CONFLICT, no dialect functions).
 */
const SUMMARY_UPSERTS = {
  delta: `INSERT INTO report_mastery_deltas (question_id, week, delta) VALUES (?, ?, ?)
    ON CONFLICT (question_id, week) DO UPDATE SET delta = report_mastery_deltas.delta + excluded.delta`,
  birth: `INSERT INTO report_card_births (question_id, week, cards) VALUES (?, ?, ?)
    ON CONFLICT (question_id, week) DO UPDATE SET cards = report_card_births.cards + excluded.cards`,
  active: 'INSERT INTO report_active_weeks (user_key, week) VALUES (?, ?) ON CONFLICT (user_key, week) DO NOTHING',
  last: `INSERT INTO report_card_last (user_key, question_id, last_review) VALUES (?, ?, ?)
    ON CONFLICT (user_key, question_id) DO UPDATE SET last_review = excluded.last_review`,
  watermark: `INSERT INTO report_summary_state (id, last_log_id) VALUES (?, ?)
    ON CONFLICT (id) DO UPDATE SET last_log_id = excluded.last_log_id`,
  question: `INSERT INTO report_question_answers (question_id, answers, wrong) VALUES (?, ?, ?)
    ON CONFLICT (question_id) DO UPDATE SET answers = report_question_answers.answers + excluded.answers, wrong = report_question_answers.wrong + excluded.wrong`,
  userLesson: `INSERT INTO report_user_lesson_answers (user_key, lesson_id, answers, correct) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_key, lesson_id) DO UPDATE SET answers = report_user_lesson_answers.answers + excluded.answers, correct = report_user_lesson_answers.correct + excluded.correct`,
};

/** Adds `by` to a count keyed by question and week. */
function bump(counts: Map<string, number>, questionId: string, week: number, by: number): void {
  const key = `${week}\u0000${questionId}`;
  counts.set(key, (counts.get(key) ?? 0) + by);
}

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
  // row 1: the last review log folded in; row 2: the last answer folded in
  const watermark = db.prepare('SELECT last_log_id FROM report_summary_state WHERE id = ?');
  const newAnswers = db.prepare('SELECT id, user_key, question_id, lesson_id, is_correct FROM answers WHERE id > ? ORDER BY id');
  const newLogs = db.prepare('SELECT id, user_key, question_id, review, stability FROM review_logs WHERE id > ? ORDER BY id');
  const allLast = db.prepare('SELECT user_key, question_id, last_review FROM report_card_last');
  const oneLast = db.prepare('SELECT last_review FROM report_card_last WHERE user_key = ? AND question_id = ?');
  const upsert = Object.fromEntries(Object.entries(SUMMARY_UPSERTS).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof SUMMARY_UPSERTS, Database.Statement>;
  const deltas = db.prepare('SELECT question_id, week, delta FROM report_mastery_deltas WHERE delta <> 0');
  const births = db.prepare('SELECT question_id, week, cards FROM report_card_births');
  const active = db.prepare('SELECT week, COUNT(*) AS users FROM report_active_weeks WHERE week >= ? GROUP BY week');

  /** Reads the logs after the watermark and folds them into the summary tables, in one transaction. */
  const refresh = db.transaction((): number => foldAnswers() + foldLogs());

  /** Adds the answers after watermark 2 to the per-question and per-user-and-lesson counts. */
  const foldAnswers = (): number => {
    const from = (watermark.get(2) as { last_log_id: number } | undefined)?.last_log_id ?? 0;
    const rows = newAnswers.raw().all(from) as [number, string, string, string, number][];
    if (rows.length === 0) return 0;
    const perQuestion = new Map<string, [number, number]>();
    const perUserLesson = new Map<string, [number, number]>();
    for (const [, userKey, questionId, lessonId, isCorrect] of rows) {
      const q = perQuestion.get(questionId) ?? [0, 0];
      q[0] += 1;
      if (isCorrect === 0) q[1] += 1;
      perQuestion.set(questionId, q);
      const key = `${userKey}\u0000${lessonId}`;
      const u = perUserLesson.get(key) ?? [0, 0];
      u[0] += 1;
      u[1] += isCorrect === 1 ? 1 : 0;
      perUserLesson.set(key, u);
    }
    for (const [questionId, [n, wrong]] of perQuestion) upsert.question.run(questionId, n, wrong);
    for (const [key, [n, correct]] of perUserLesson) { const at = key.indexOf('\u0000'); upsert.userLesson.run(key.slice(0, at), key.slice(at + 1), n, correct); }
    upsert.watermark.run(2, rows[rows.length - 1]![0]);
    return rows.length;
  };

  /** Folds the review logs after watermark 1 into the mastery deltas, card births and active weeks. */
  const foldLogs = (): number => {
    const from = (watermark.get(1) as { last_log_id: number } | undefined)?.last_log_id ?? 0;
    const logs = newLogs.raw().all(from) as [number, string, string, number, number][];
    if (logs.length === 0) return 0;
    const lastReview = new Map<string, number>();
    // a big backlog reads every card's last review at once; a few new logs look theirs up one by one
    const isBacklog = logs.length > 5_000;
    if (isBacklog) for (const [u, q, t] of allLast.raw().all() as [string, string, number][]) lastReview.set(`${u}\u0000${q}`, t);
    const deltaCounts = new Map<string, number>();
    const birthCounts = new Map<string, number>();
    const activeWeeks = new Set<string>();
    const changed = new Set<string>();
    for (const [, userKey, questionId, reviewMs, stabilityBefore] of logs) {
      const card = `${userKey}\u0000${questionId}`;
      let previous = lastReview.get(card);
      if (previous === undefined && !isBacklog) previous = (oneLast.get(userKey, questionId) as { last_review: number } | undefined)?.last_review;
      if (previous === undefined) bump(birthCounts, questionId, firstWeekEndingFrom(reviewMs), 1);
      else {
        const until = Math.min(reviewMs, previous + stabilityBefore * DAY_MS);
        const [first, last] = weeksCoveredBy(previous, until);
        if (last >= first) {
          bump(deltaCounts, questionId, first, 1);
          bump(deltaCounts, questionId, last + 1, -1);
        }
      }
      lastReview.set(card, reviewMs);
      changed.add(card);
      activeWeeks.add(`${weekIndexOf(reviewMs)}\u0000${userKey}`);
    }
    const split = (key: string) => { const at = key.indexOf('\u0000'); return [Number(key.slice(0, at)), key.slice(at + 1)] as const; };
    for (const [key, n] of deltaCounts) if (n !== 0) { const [week, q] = split(key); upsert.delta.run(q, week, n); }
    for (const [key, n] of birthCounts) { const [week, q] = split(key); upsert.birth.run(q, week, n); }
    for (const key of activeWeeks) { const [week, u] = split(key); upsert.active.run(u, week); }
    for (const card of changed) { const at = card.indexOf('\u0000'); upsert.last.run(card.slice(0, at), card.slice(at + 1), lastReview.get(card)!); }
    upsert.watermark.run(1, logs[logs.length - 1]![0]);
    return logs.length;
  };
  // the class-wide counts come from the summaries (call refreshSummaries first); one user's are counted directly
  const questionAnswers = db.prepare('SELECT question_id, answers, wrong FROM report_question_answers');
  const userLessonAll = db.prepare('SELECT user_key, lesson_id, answers, correct FROM report_user_lesson_answers');
  const userLessonOne = db.prepare(`SELECT user_key, lesson_id, COUNT(*) AS answers, SUM(is_correct) AS correct FROM answers WHERE user_key = ? GROUP BY user_key, lesson_id`);
  const progressAll = db.prepare('SELECT user_key, lesson_id, completed FROM lesson_progress');
  const progressOne = db.prepare('SELECT user_key, lesson_id, completed FROM lesson_progress WHERE user_key = ?');
  const cardsAll = db.prepare('SELECT user_key, question_id, due, stability, last_review FROM fsrs_cards');
  const cardsOne = db.prepare('SELECT user_key, question_id, due, stability, last_review FROM fsrs_cards WHERE user_key = ?');

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
    refreshSummaries() {
      return Promise.resolve(refresh());
    },
    masteryDeltas() {
      return Promise.resolve((deltas.all() as { question_id: string; week: number; delta: number }[])
        .map((r): MasteryDeltaRow => ({ questionId: r.question_id, week: Number(r.week), delta: Number(r.delta) })));
    },
    cardBirths() {
      return Promise.resolve((births.all() as { question_id: string; week: number; cards: number }[])
        .map((r): CardBirthRow => ({ questionId: r.question_id, week: Number(r.week), cards: Number(r.cards) })));
    },
    activeUsersPerWeek(fromWeek) {
      return Promise.resolve((active.all(fromWeek) as { week: number; users: number }[]).map((r) => ({ week: Number(r.week), users: Number(r.users) })));
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
