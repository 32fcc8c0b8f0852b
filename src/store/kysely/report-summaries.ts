/**
 * The report summary tables (migrations 4–5) kept current at write time: storing a review log or an
 * answer updates its summary rows in the same transaction, so a report only reads summaries and
 * never folds a backlog. The batched upserts here are shared with the one-off fold of older rows
 * (report-fold.ts), so both paths write the same rows.
 *
 * Locks, Postgres: a review locks its card's report_card_last row before anything else, so two
 * reviews of one card apply in turn. The rows two writers can share are a question's births and
 * deltas (one statement, ascending week), a user's active week, then — in the answer's statements,
 * after the review's — the question's and the user-and-lesson counts; each transaction takes them
 * in that order, so writers wait for each other instead of deadlocking. SQLite writes one
 * transaction at a time (BEGIN IMMEDIATE).
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './schema.ts';
import type { StoreDialect } from './migrations.ts';
import { summaryChangeOfReview, weekIndexOf } from '../report-weeks.ts';

type Db = Kysely<StoreDatabase>;

/** Rows per multi-row statement: 4 columns × 500 stays far below SQLite's and Postgres's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** Splits rows into statement-sized chunks. */
function* chunksOf<T>(rows: T[]): Generator<T[]> {
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) yield rows.slice(at, at + ROWS_PER_STATEMENT);
}

/** Adds mastery deltas per question and week (rows must have distinct keys). */
export async function addMasteryDeltas(db: Db, rows: { question_id: string; week: number; delta: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows.filter((r) => r.delta !== 0))) {
    await db.insertInto('report_mastery_deltas').values(chunk)
      .onConflict((oc) => oc.columns(['question_id', 'week']).doUpdateSet((eb) => ({ delta: eb(eb.ref('report_mastery_deltas.delta'), '+', eb.ref('excluded.delta')) }))).execute();
  }
}

/** Adds card births per question and week (distinct keys). */
export async function addCardBirths(db: Db, rows: { question_id: string; week: number; cards: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('report_card_births').values(chunk)
      .onConflict((oc) => oc.columns(['question_id', 'week']).doUpdateSet((eb) => ({ cards: eb(eb.ref('report_card_births.cards'), '+', eb.ref('excluded.cards')) }))).execute();
  }
}

/** Marks users active in weeks (already marked ones stay as they are). */
export async function markActiveWeeks(db: Db, rows: { user_key: string; week: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('report_active_weeks').values(chunk).onConflict((oc) => oc.columns(['user_key', 'week']).doNothing()).execute();
  }
}

/** Sets each card's last review (distinct cards). */
export async function setCardLastReviews(db: Db, rows: { user_key: string; question_id: string; last_review: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('report_card_last').values(chunk)
      .onConflict((oc) => oc.columns(['user_key', 'question_id']).doUpdateSet((eb) => ({ last_review: eb.ref('excluded.last_review') }))).execute();
  }
}

/** Adds answers and wrong answers per question (distinct questions). */
export async function addQuestionAnswers(db: Db, rows: { question_id: string; answers: number; wrong: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('report_question_answers').values(chunk)
      .onConflict((oc) => oc.column('question_id').doUpdateSet((eb) => ({
        answers: eb(eb.ref('report_question_answers.answers'), '+', eb.ref('excluded.answers')),
        wrong: eb(eb.ref('report_question_answers.wrong'), '+', eb.ref('excluded.wrong')),
      }))).execute();
  }
}

/** Adds answers and right answers per user and lesson (distinct pairs). */
export async function addUserLessonAnswers(db: Db, rows: { user_key: string; lesson_id: string; answers: number; correct: number }[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('report_user_lesson_answers').values(chunk)
      .onConflict((oc) => oc.columns(['user_key', 'lesson_id']).doUpdateSet((eb) => ({
        answers: eb(eb.ref('report_user_lesson_answers.answers'), '+', eb.ref('excluded.answers')),
        correct: eb(eb.ref('report_user_lesson_answers.correct'), '+', eb.ref('excluded.correct')),
      }))).execute();
  }
}

/** The card's last review as the summaries know it, row-locked on Postgres (undefined: never reviewed). */
async function lockedLastReview(db: Db, dialect: StoreDialect, userKey: string, questionId: string): Promise<number | undefined> {
  let q = db.selectFrom('report_card_last').select('last_review').where('user_key', '=', userKey).where('question_id', '=', questionId);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row === undefined ? undefined : Number(row.last_review);
}

/** A review log as the summaries need it. */
type ReviewForSummaries = { userKey: string; questionId: string; review: number; stability: number };

/** Adds one review log to the summaries; call it in the transaction that stores the log, before the log's insert. */
export async function addReviewToSummaries(db: Db, dialect: StoreDialect, log: ReviewForSummaries): Promise<void> {
  if (dialect === 'postgres') return addReviewToSummariesPostgres(db, log);
  const card = { user_key: log.userKey, question_id: log.questionId };
  let previous = await lockedLastReview(db, dialect, log.userKey, log.questionId);
  if (previous === undefined) {
    // the card's first review: claiming its row decides it (a racing first review of the same card waits here, then finds the row)
    const claimed = await db.insertInto('report_card_last').values({ ...card, last_review: log.review })
      .onConflict((oc) => oc.columns(['user_key', 'question_id']).doNothing()).returning('user_key').executeTakeFirst();
    if (!claimed) previous = await lockedLastReview(db, dialect, log.userKey, log.questionId);
  }
  const change = summaryChangeOfReview(previous, log.review, log.stability);
  if ('birthWeek' in change) await addCardBirths(db, [{ question_id: log.questionId, week: change.birthWeek, cards: 1 }]);
  else {
    await db.updateTable('report_card_last').set({ last_review: log.review }).where('user_key', '=', log.userKey).where('question_id', '=', log.questionId).execute();
    if (change.masteredWeeks) {
      const [first, last] = change.masteredWeeks;
      await addMasteryDeltas(db, [{ question_id: log.questionId, week: first, delta: 1 }, { question_id: log.questionId, week: last + 1, delta: -1 }]);
    }
  }
  await markActiveWeeks(db, [{ user_key: log.userKey, week: weekIndexOf(log.review) }]);
}

/**
 * The same on Postgres in two round trips (each is one over the network): an upsert that claims
 * the card's row or locks it and returns its previous review (`xmax = 0`: the row was inserted,
 * so this is the first review; a racing first review waits for it, then finds the row), then one
 * statement whose data-modifying CTEs touch only this card's row, this user's week and this
 * question's rows in ascending week order, so two writers still cannot deadlock.
 */
async function addReviewToSummariesPostgres(db: Db, log: ReviewForSummaries): Promise<void> {
  const { rows } = await sql<{ previous: string | number; inserted: boolean }>`
    INSERT INTO report_card_last (user_key, question_id, last_review) VALUES (${log.userKey}, ${log.questionId}, ${log.review})
    ON CONFLICT (user_key, question_id) DO UPDATE SET last_review = report_card_last.last_review
    RETURNING last_review AS previous, (xmax = 0) AS inserted`.execute(db);
  const change = summaryChangeOfReview(rows[0]!.inserted ? undefined : Number(rows[0]!.previous), log.review, log.stability);
  const active = sql`INSERT INTO report_active_weeks (user_key, week) VALUES (${log.userKey}, ${weekIndexOf(log.review)}) ON CONFLICT (user_key, week) DO NOTHING`;
  if ('birthWeek' in change) {
    await sql`WITH birth AS (
      INSERT INTO report_card_births (question_id, week, cards) VALUES (${log.questionId}, ${change.birthWeek}, 1)
      ON CONFLICT (question_id, week) DO UPDATE SET cards = report_card_births.cards + 1
    ) ${active}`.execute(db);
    return;
  }
  const deltas = change.masteredWeeks
    ? sql`, deltas AS (
      INSERT INTO report_mastery_deltas (question_id, week, delta) VALUES (${log.questionId}, ${change.masteredWeeks[0]}, 1), (${log.questionId}, ${change.masteredWeeks[1] + 1}, -1)
      ON CONFLICT (question_id, week) DO UPDATE SET delta = report_mastery_deltas.delta + excluded.delta
    )`
    : sql``;
  await sql`WITH card AS (
    UPDATE report_card_last SET last_review = ${log.review} WHERE user_key = ${log.userKey} AND question_id = ${log.questionId}
  )${deltas} ${active}`.execute(db);
}

/** Adds one answer to the per-question and per-user-and-lesson counts; call it in the transaction that stores the answer. */
export async function addAnswerToSummaries(db: Db, answer: { userKey: string; questionId: string; lessonId: string; isCorrect: boolean }): Promise<void> {
  await addQuestionAnswers(db, [{ question_id: answer.questionId, answers: 1, wrong: answer.isCorrect ? 0 : 1 }]);
  await addUserLessonAnswers(db, [{ user_key: answer.userKey, lesson_id: answer.lessonId, answers: 1, correct: answer.isCorrect ? 1 : 0 }]);
}
