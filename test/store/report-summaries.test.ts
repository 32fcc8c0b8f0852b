/**
 * Report summaries kept at write time, on both dialects: after a mix of reviews and answers stored
 * through the store (in and out of transactions, concurrent writers, a racing first review of one
 * card, a rolled-back answer) the summary tables equal a recount from review_logs and answers made
 * from the definitions; the one-off fold (migration 6) writes the same rows; a report reads the
 * summaries and folds nothing.
 */
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely/store.ts';
import { STORE_MIGRATIONS } from '../../src/store/kysely/migrations.ts';
import { foldIntoReportSummaries } from '../../src/store/kysely/report-fold.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { quizItems } from '../../src/tutor/quiz-items.ts';
import { buildClassReport } from '../../src/tutor/reports/class-report.ts';
import { mulberry32 } from '../../bench/report-seed.ts';
import { cleanupTempDirs } from '../tutor/helpers.ts';
import { DIALECTS, storeFactory } from './dialects.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Monday 2026-09-07 00:00 UTC: the writes start here. */
const START_MS = Date.UTC(2026, 8, 7);
/** Week k runs from Monday 1970-01-05 + k weeks; it ends at the next Monday. */
const weekEndOf = (k: number) => 4 * DAY_MS + (k + 1) * WEEK_MS;
const weekOf = (ms: number) => Math.floor((ms - 4 * DAY_MS) / WEEK_MS);

const opened: KyselyStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  cleanupTempDirs();
});

const ITEMS = quizItems(getContent()).filter((i) => i.question).slice(0, 5);
const USERS = ['test:ana', 'test:ben', 'test:cy', 'test:dee'];

/** Stores one review as the solo quiz does (log + answer); `inTransaction` wraps both in one store transaction. */
async function storeReview(store: KyselyStore, userKey: string, item: (typeof ITEMS)[number], reviewMs: number, stabilityDays: number, isCorrect: boolean, inTransaction: boolean): Promise<void> {
  const write = async () => {
    await store.cards.addLog({ userKey, questionId: item.id, rating: isCorrect ? 3 : 1, state: 2, due: reviewMs, stability: stabilityDays, difficulty: 5, scheduledDays: 1, review: reviewMs });
    await store.answers.add({ userKey, questionId: item.id, lessonId: item.lesson, mode: 'solo', isCorrect, answeredAt: reviewMs });
  };
  if (inTransaction) await store.transaction(write);
  else await write();
}

/** A mix of writes: sequential reviews spread over six weeks, concurrent writers, a racing first review, lesson answers, a rolled-back review. */
async function writeMix(store: KyselyStore): Promise<void> {
  const random = mulberry32(5);
  const clock = new Map<string, number>();
  for (let step = 0; step < 80; step++) {
    const user = USERS[Math.floor(random() * USERS.length)]!;
    const item = ITEMS[Math.floor(random() * ITEMS.length)]!;
    const key = `${user}|${item.id}`;
    const at = (clock.get(key) ?? START_MS + Math.floor(random() * 3 * DAY_MS)) + Math.floor((0.2 + random() * 6) * DAY_MS);
    clock.set(key, at);
    await storeReview(store, user, item, at, random() * 12, random() < 0.6, step % 3 !== 0);
  }
  // four writers at once on different cards (real concurrency on Postgres)
  const late = START_MS + 40 * DAY_MS;
  await Promise.all(USERS.map((user, i) => storeReview(store, user, ITEMS[i]!, late + i * 3_600_000, 9, i % 2 === 0, true)));
  // two first reviews of one new card racing: one is its birth, the other closes a span
  await Promise.all([0, 1].map((i) => storeReview(store, 'test:eve', ITEMS[4]!, START_MS + (10 + i) * DAY_MS, 8, true, true)));
  for (let i = 0; i < 5; i++) {
    await store.answers.add({ userKey: USERS[i % 2]!, questionId: `${ITEMS[0]!.lesson}#${i}`, lessonId: ITEMS[0]!.lesson, mode: 'lesson', isCorrect: i % 2 === 0, answeredAt: START_MS + i * DAY_MS });
  }
  // a review whose transaction fails leaves no trace in the summaries either
  await expect(store.transaction(async () => {
    await storeReview(store, 'test:ana', ITEMS[0]!, START_MS + 50 * DAY_MS, 30, false, false);
    throw new Error('simulated failure after the writes');
  })).rejects.toThrow('simulated failure');
}

interface Summaries {
  questions: string[];
  userLessons: string[];
  activeWeeks: string[];
  cardLast: string[];
  deltas: string[];
  births: string[];
}

/** The summary tables as sorted lines (zero mastery deltas left out: they change nothing). */
async function readSummaries(store: KyselyStore): Promise<Summaries> {
  const db = store.kysely;
  const lines = <T>(rows: T[], line: (r: T) => string) => rows.map(line).sort();
  return {
    questions: lines(await db.selectFrom('report_question_answers').selectAll().execute(), (r) => `${r.question_id} ${r.answers} ${r.wrong}`),
    userLessons: lines(await db.selectFrom('report_user_lesson_answers').selectAll().execute(), (r) => `${r.user_key} ${r.lesson_id} ${r.answers} ${r.correct}`),
    activeWeeks: lines(await db.selectFrom('report_active_weeks').selectAll().execute(), (r) => `${r.user_key} ${r.week}`),
    cardLast: lines(await db.selectFrom('report_card_last').selectAll().execute(), (r) => `${r.user_key} ${r.question_id} ${r.last_review}`),
    deltas: lines((await db.selectFrom('report_mastery_deltas').selectAll().execute()).filter((r) => Number(r.delta) !== 0), (r) => `${r.question_id} ${r.week} ${r.delta}`),
    births: lines(await db.selectFrom('report_card_births').selectAll().execute(), (r) => `${r.question_id} ${r.week} ${r.cards}`),
  };
}

/** Counts from the raw tables by the definitions: answers grouped; per week end, cards reviewed by then and closed spans covering it. */
async function recount(store: KyselyStore) {
  const logs = (await store.kysely.selectFrom('review_logs').selectAll().orderBy('id').execute())
    .map((l) => ({ user: l.user_key, question: l.question_id, review: Number(l.review), stability: Number(l.stability) }));
  const answers = await store.kysely.selectFrom('answers').selectAll().execute();
  const questions = new Map<string, [number, number]>();
  const userLessons = new Map<string, [number, number]>();
  for (const a of answers) {
    const q = questions.get(a.question_id) ?? [0, 0];
    questions.set(a.question_id, [q[0] + 1, q[1] + (Number(a.is_correct) ? 0 : 1)]);
    const k = `${a.user_key} ${a.lesson_id}`;
    const u = userLessons.get(k) ?? [0, 0];
    userLessons.set(k, [u[0] + 1, u[1] + Number(a.is_correct)]);
  }
  const histories = new Map<string, typeof logs>();
  for (const l of logs) histories.set(`${l.user} ${l.question}`, [...(histories.get(`${l.user} ${l.question}`) ?? []), l]);
  const weeks = logs.map((l) => weekOf(l.review));
  const weekRange = Array.from({ length: Math.max(...weeks) - Math.min(...weeks) + 3 }, (_, i) => Math.min(...weeks) - 1 + i);
  /** Per question and week end: [cards first reviewed by then, closed spans mastered then]. */
  const atWeekEnd = new Map<string, [number, number]>();
  for (const history of histories.values()) {
    for (const k of weekRange) {
      const end = weekEndOf(k);
      const key = `${history[0]!.question} ${k}`;
      const c = atWeekEnd.get(key) ?? [0, 0];
      if (history[0]!.review <= end) c[0] += 1;
      for (let i = 1; i < history.length; i++) {
        const from = history[i - 1]!.review;
        if (from <= end && end < Math.min(history[i]!.review, from + history[i]!.stability * DAY_MS)) c[1] += 1;
      }
      atWeekEnd.set(key, c);
    }
  }
  return {
    questions: [...questions].map(([q, [n, w]]) => `${q} ${n} ${w}`).sort(),
    userLessons: [...userLessons].map(([k, [n, c]]) => `${k} ${n} ${c}`).sort(),
    activeWeeks: [...new Set(logs.map((l) => `${l.user} ${weekOf(l.review)}`))].sort(),
    cardLast: [...histories.values()].map((h) => `${h[0]!.user} ${h[0]!.question} ${h.at(-1)!.review}`).sort(),
    weekRange,
    atWeekEnd,
  };
}

/** Running sums of the births and deltas summaries per question and week end. */
function runningTotals(s: Summaries, weekRange: number[]): Map<string, [number, number]> {
  const totals = new Map<string, [number, number]>();
  const parse = (lines: string[]) => lines.map((l) => { const [q, w, n] = l.split(' '); return { q: q!, w: Number(w), n: Number(n) }; });
  const births = parse(s.births);
  const deltas = parse(s.deltas);
  for (const q of new Set([...births, ...deltas].map((r) => r.q))) {
    for (const k of weekRange) {
      const sum = (rows: typeof births) => rows.filter((r) => r.q === q && r.w <= k).reduce((n, r) => n + r.n, 0);
      totals.set(`${q} ${k}`, [sum(births), sum(deltas)]);
    }
  }
  return totals;
}

describe.each(DIALECTS)('report summaries on %s', (dialect) => {
  const factory = storeFactory(dialect);
  function fresh(ctx: TestContext): KyselyStore {
    const reason = factory.skipReason();
    if (reason) ctx.skip(reason);
    const { store } = factory.open();
    opened.push(store);
    return store;
  }

  it('a mix of writes through the store → every summary table equals a recount from the logs and answers', async (ctx) => {
    const store = fresh(ctx);
    await writeMix(store);
    const summaries = await readSummaries(store);
    const expected = await recount(store);
    expect(summaries.questions).toEqual(expected.questions);
    expect(summaries.userLessons).toEqual(expected.userLessons);
    expect(summaries.activeWeeks).toEqual(expected.activeWeeks);
    expect(summaries.cardLast).toEqual(expected.cardLast);
    const totals = runningTotals(summaries, expected.weekRange);
    for (const [key, counted] of expected.atWeekEnd) expect(totals.get(key) ?? [0, 0], key).toEqual(counted);
    // the mix is rich enough to mean something: mastered spans, several births, the rolled-back answer absent
    expect([...expected.atWeekEnd.values()].some(([, mastered]) => mastered > 0)).toBe(true);
    expect(summaries.births.length).toBeGreaterThan(3);
    expect(await store.kysely.selectFrom('review_logs').select('id').where('review', '=', START_MS + 50 * DAY_MS).execute()).toEqual([]);
  });

  it('the one-off fold of the same rows (migration 6) writes exactly the rows the write path wrote', async (ctx) => {
    const store = fresh(ctx);
    await writeMix(store);
    const written = await readSummaries(store);
    await store.kysely.transaction().execute(async (trx) => {
      for (const table of ['report_question_answers', 'report_user_lesson_answers', 'report_active_weeks', 'report_card_last', 'report_mastery_deltas', 'report_card_births'] as const) {
        await trx.deleteFrom(table).execute();
      }
      // half folded as the old report-time fold would have left it (its watermarks), then migration 6 folds the rest
      const half = await trx.selectFrom('review_logs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      const halfLog = Math.floor(Number(half.id) / 2);
      await foldIntoReportSummaries(trx, { afterLogId: 0, afterAnswerId: 0, upToLogId: halfLog, upToAnswerId: 7 });
      await trx.insertInto('report_summary_state').values([{ id: 1, last_log_id: halfLog }, { id: 2, last_log_id: 7 }]).execute();
      await STORE_MIGRATIONS.find((m) => m.version === 6)!.up(trx, dialect);
    });
    expect(await readSummaries(store)).toEqual(written);
    expect(await store.kysely.selectFrom('report_summary_state').selectAll().execute()).toEqual([]);
  });

  it('a report reads the summaries only: answers written around the store are not folded in at report time', async (ctx) => {
    const store = fresh(ctx);
    await writeMix(store);
    const before = await buildClassReport(store, getContent(), START_MS + 60 * DAY_MS);
    await store.kysely.insertInto('answers').values(Array.from({ length: 20 }, () => (
      { user_key: 'test:ana', question_id: ITEMS[1]!.id, lesson_id: ITEMS[1]!.lesson, mode: 'solo', is_correct: 0, answered_at: START_MS }))).execute();
    const after = await buildClassReport(store, getContent(), START_MS + 60 * DAY_MS);
    expect(after.questions).toEqual(before.questions);
    const counted = (await recount(store)).questions.find((l) => l.startsWith(`${ITEMS[1]!.id} `));
    const shown = after.questions.find((q) => q.questionId === ITEMS[1]!.id)!;
    expect(`${shown.questionId} ${shown.answers + 20} ${shown.wrong + 20}`).toBe(counted);
  });
});
