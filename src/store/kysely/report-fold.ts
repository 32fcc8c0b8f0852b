/**
 * The one-off fold of review logs and answers that were stored without their summary rows: a
 * database written before summaries were kept at write time (migration 6), or rows bulk-loaded
 * straight into the tables (bench/report-seed.ts). Logs are read once, in id order, a page at a
 * time; every card's previous review comes from report_card_last; the summary rows are written with
 * the batched upserts of report-summaries.ts, so the result equals writing each row through the store.
 * Run it in a transaction, and only over rows the write path has not already counted.
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema.ts';
import { summaryChangeOfReview, weekIndexOf } from '../report-weeks.ts';
import { addCardBirths, addMasteryDeltas, addQuestionAnswers, addUserLessonAnswers, markActiveWeeks, setCardLastReviews } from './report-summaries.ts';

type Db = Kysely<StoreDatabase>;

/** Rows read per page: bounds memory on a term's worth of logs. */
const PAGE_ROWS = 50_000;

/** Which rows to fold: ids after `after…Id`, up to and including `upTo…Id` (default: the newest). */
export interface FoldRange {
  afterLogId: number;
  afterAnswerId: number;
  upToLogId?: number;
  upToAnswerId?: number;
}

const SEP = '\u0000';
const keyOf = (a: string, b: string | number) => `${a}${SEP}${b}`;
const partsOf = (key: string) => { const at = key.indexOf(SEP); return [key.slice(0, at), key.slice(at + 1)] as const; };
const bump = (counts: Map<string, number>, key: string, by: number) => counts.set(key, (counts.get(key) ?? 0) + by);

/** Folds the review logs in the range into mastery deltas, card births, active weeks and last reviews; returns how many. */
async function foldReviewLogs(db: Db, afterId: number, upToId: number | undefined): Promise<number> {
  const lastReview = new Map<string, number>();
  for (const r of await db.selectFrom('report_card_last').selectAll().execute()) lastReview.set(keyOf(r.user_key, r.question_id), Number(r.last_review));
  const deltas = new Map<string, number>(); // question, week
  const births = new Map<string, number>(); // question, week
  const active = new Set<string>(); // user, week
  const changed = new Set<string>(); // user, question
  let from = afterId;
  let folded = 0;
  for (;;) {
    let q = db.selectFrom('review_logs').select(['id', 'user_key', 'question_id', 'review', 'stability']).where('id', '>', from);
    if (upToId !== undefined) q = q.where('id', '<=', upToId);
    const page = await q.orderBy('id').limit(PAGE_ROWS).execute();
    for (const log of page) {
      const card = keyOf(log.user_key, log.question_id);
      const reviewMs = Number(log.review);
      const change = summaryChangeOfReview(lastReview.get(card), reviewMs, Number(log.stability));
      if ('birthWeek' in change) bump(births, keyOf(log.question_id, change.birthWeek), 1);
      else if (change.masteredWeeks) {
        bump(deltas, keyOf(log.question_id, change.masteredWeeks[0]), 1);
        bump(deltas, keyOf(log.question_id, change.masteredWeeks[1] + 1), -1);
      }
      lastReview.set(card, reviewMs);
      changed.add(card);
      active.add(keyOf(log.user_key, weekIndexOf(reviewMs)));
    }
    folded += page.length;
    if (page.length < PAGE_ROWS) break;
    from = Number(page[page.length - 1]!.id);
  }
  const byQuestionWeek = (a: { question_id: string; week: number }, b: { question_id: string; week: number }) => a.question_id.localeCompare(b.question_id) || a.week - b.week;
  await setCardLastReviews(db, [...changed].sort().map((card) => { const [u, q] = partsOf(card); return { user_key: u, question_id: q, last_review: lastReview.get(card)! }; }));
  await addCardBirths(db, [...births].map(([key, cards]) => { const [q, w] = partsOf(key); return { question_id: q, week: Number(w), cards }; }).sort(byQuestionWeek));
  await addMasteryDeltas(db, [...deltas].map(([key, delta]) => { const [q, w] = partsOf(key); return { question_id: q, week: Number(w), delta }; }).sort(byQuestionWeek));
  await markActiveWeeks(db, [...active].sort().map((key) => { const [u, w] = partsOf(key); return { user_key: u, week: Number(w) }; }));
  return folded;
}

/** Folds the answers in the range into the per-question and per-user-and-lesson counts; returns how many. */
async function foldAnswers(db: Db, afterId: number, upToId: number | undefined): Promise<number> {
  const perQuestion = new Map<string, { answers: number; wrong: number }>();
  const perUserLesson = new Map<string, { answers: number; correct: number }>();
  let from = afterId;
  let folded = 0;
  for (;;) {
    let q = db.selectFrom('answers').select(['id', 'user_key', 'question_id', 'lesson_id', 'is_correct']).where('id', '>', from);
    if (upToId !== undefined) q = q.where('id', '<=', upToId);
    const page = await q.orderBy('id').limit(PAGE_ROWS).execute();
    for (const r of page) {
      const isCorrect = Number(r.is_correct) === 1;
      const perQ = perQuestion.get(r.question_id) ?? { answers: 0, wrong: 0 };
      perQ.answers += 1;
      if (!isCorrect) perQ.wrong += 1;
      perQuestion.set(r.question_id, perQ);
      const key = keyOf(r.user_key, r.lesson_id);
      const perU = perUserLesson.get(key) ?? { answers: 0, correct: 0 };
      perU.answers += 1;
      if (isCorrect) perU.correct += 1;
      perUserLesson.set(key, perU);
    }
    folded += page.length;
    if (page.length < PAGE_ROWS) break;
    from = Number(page[page.length - 1]!.id);
  }
  await addQuestionAnswers(db, [...perQuestion].sort(([a], [b]) => a.localeCompare(b)).map(([question_id, c]) => ({ question_id, ...c })));
  await addUserLessonAnswers(db, [...perUserLesson].sort(([a], [b]) => a.localeCompare(b)).map(([key, c]) => { const [u, l] = partsOf(key); return { user_key: u, lesson_id: l, ...c }; }));
  return folded;
}

/** Folds the review logs and answers in `range` into the summary tables (call it inside a transaction); returns how many rows it read. */
export async function foldIntoReportSummaries(db: Db, range: FoldRange): Promise<{ logs: number; answers: number }> {
  // reviews before answers: the order the write path locks summary rows in
  const logs = await foldReviewLogs(db, range.afterLogId, range.upToLogId);
  const answers = await foldAnswers(db, range.afterAnswerId, range.upToAnswerId);
  return { logs, answers };
}

/** The newest review-log and answer ids (0 when empty): what a bulk load brackets its rows with. */
export async function newestLogAndAnswerIds(db: Db): Promise<{ logId: number; answerId: number }> {
  const logs = await db.selectFrom('review_logs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const answers = await db.selectFrom('answers').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return { logId: Number(logs?.id ?? 0), answerId: Number(answers?.id ?? 0) };
}
