/**
 * `npm run bench -- report`: a term report (`/report class`) for 300 students × 150 questions × up
 * to 30 answers each (seeded into a temp SQLite store; reviews stop at "now", so ~0.93 M review logs
 * and answers), end to end: the queries, the heatmap PNG, the CSV files. The seed bulk-loads the
 * rows and folds them into the report summaries with the one-off fold an older database gets
 * (migration 6); from then on storing a review keeps the summaries current, so even the first
 * report only reads summaries. Prints the first report's time, the median of the later ones, what
 * the old path (fold the backlog at report time) costs in the same run, and the median time to
 * store one review (card + log + answer, one transaction) with and without the summary updates.
 * The review-write timing is repeated on Postgres (a private server, as the tests use). The target is ≤ 2 s per term report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { startPostgres, type PrivatePostgres } from '../test/fakes/postgres.ts';
import { getContent } from '../src/tutor/content/load.ts';
import { buildClassReport } from '../src/tutor/reports/class-report.ts';
import { classReportReply } from '../commands/_lib/report-replies.ts';
import type { KyselyStore } from '../src/store/kysely/store.ts';
import type { CardRecord, ReviewLogRecord } from '../src/store/types.ts';
import { seedTerm, seedTermTimed } from './report-seed.ts';

const SIZE = { students: 300, questions: 150, answersPerCard: 30, termWeeks: 15 };
const WARM_RUNS = 5;
/** Review writes timed per path (alternating, so load changes hit both alike). */
const WRITES_PER_PATH = 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

/** Seeds the class, then times buildClassReport (queries) and the whole reply (queries + heatmap + CSV). */
export async function runReportBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-tutor-report-bench-'));
  try {
    const store = openSqliteStore({ dataDir });
    await store.ready();
    const nowMs = Date.now();
    console.log(`load average (1 / 5 / 15 min) at start: ${load()} on this machine`);
    const seedStart = performance.now();
    const { insertMs, foldMs } = await seedTermTimed(store.kysely, getContent(), { ...SIZE, nowMs });
    const counts = store.db.prepare('SELECT (SELECT COUNT(*) FROM review_logs) AS logs, (SELECT COUNT(*) FROM answers) AS answers, (SELECT COUNT(*) FROM fsrs_cards) AS cards').get() as Record<string, number>;
    console.log(`seeded ${SIZE.students} students × ${SIZE.questions} questions × ≤${SIZE.answersPerCard} answers: ${counts.logs} review logs, ${counts.answers} answers, ${counts.cards} cards in ${(insertMs / 1000).toFixed(1)} s (${((performance.now() - seedStart) / 1000).toFixed(1)} s with the fold)`);
    console.log(`one-off fold of those rows into the summaries (migration 6's fold, batched upserts): ${Math.round(foldMs)} ms`);
    const queryMs: number[] = [];
    const totalMs: number[] = [];
    let bytes = 0;
    for (let run = 0; run <= WARM_RUNS; run++) {
      const t0 = performance.now();
      const report = await buildClassReport(store, getContent(), nowMs);
      const t1 = performance.now();
      const reply = await classReportReply(report);
      const t2 = performance.now();
      queryMs.push(t1 - t0);
      totalMs.push(t2 - t0);
      bytes = (reply.images ?? []).reduce((n, i) => n + i.data.length, 0) + (reply.files ?? []).reduce((n, f) => n + f.data.length, 0);
    }
    const [firstMs, ...laterMs] = totalMs;
    console.log(`first report after seeding (no fold: summaries are current): ${Math.round(firstMs!)} ms (queries ${Math.round(queryMs[0]!)} ms); target ≤ 2000 ms: ${firstMs! <= 2000 ? 'met' : 'NOT met'}`);
    console.log(`old path, same run: fold the backlog at report time + report = ${Math.round(foldMs + firstMs!)} ms, ${((foldMs + firstMs!) / firstMs!).toFixed(1)}× the first report now`);
    console.log(`term report: median ${Math.round(median(laterMs))} ms end to end over ${WARM_RUNS} runs (queries ${Math.round(median(queryMs.slice(1)))} ms; runs ${laterMs.map((t) => Math.round(t)).join(', ')} ms); ${Math.round(bytes / 1024)} KB of PNG + CSV; target ≤ 2000 ms: ${median(laterMs) <= 2000 ? 'met' : 'NOT met'}`);
    await timeReviewWrites(store, nowMs, 'SQLite, on the seeded term');
    await store.close();
    await timePostgresReviewWrites(nowMs);
    console.log(`load average at end: ${load()}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same review-write timing on Postgres (a private server from the test fakes, fsync off; a smaller class); skipped when Postgres cannot start. */
async function timePostgresReviewWrites(nowMs: number): Promise<void> {
  let server: PrivatePostgres | undefined;
  try {
    server = await startPostgres();
  } catch (error) {
    console.log(`Postgres review writes: skipped (${(error as Error).message})`);
    return;
  }
  const store = openPostgresStore({ connectionString: server.url, schema: 'report_bench' });
  try {
    await store.ready();
    await seedTerm(store.kysely, getContent(), { students: 40, questions: 30, answersPerCard: 10, termWeeks: 6, nowMs });
    await timeReviewWrites(store, nowMs, 'Postgres (private server, fsync off), 40 students × 30 questions');
  } finally {
    await store.close();
    server.stop();
  }
}

/**
 * One review stored as answerSoloQuestion stores it (card upsert, review log, answer, one
 * transaction) on the seeded database: through the store (summaries updated in the transaction)
 * and through the same three statements without the summaries (the write before this change),
 * alternating. Each write reviews a different existing card, so each one closes a mastered span.
 */
async function timeReviewWrites(store: KyselyStore, nowMs: number, where: string): Promise<void> {
  const cards = (await store.kysely.selectFrom('fsrs_cards').select(['user_key', 'question_id']).orderBy('user_key').orderBy('question_id').limit(WRITES_PER_PATH * 2).execute());
  const withSummariesMs: number[] = [];
  const withoutMs: number[] = [];
  for (const [i, row] of cards.entries()) {
    const card = (await store.cards.get(row.user_key, row.question_id))!;
    const at = nowMs + 60_000 + i;
    const next: CardRecord = { ...card, stability: card.stability * 2 + 1, lastReview: at, due: at + 86_400_000, reps: card.reps + 1 };
    const log: ReviewLogRecord = { userKey: card.userKey, questionId: card.questionId, rating: 3, state: 2, due: card.due, stability: card.stability, difficulty: 5, scheduledDays: 1, review: at };
    const answer = { userKey: card.userKey, questionId: card.questionId, lessonId: 'bench', mode: 'solo' as const, isCorrect: true, answeredAt: at };
    const t0 = performance.now();
    if (i % 2 === 0) {
      await store.transaction(async () => {
        await store.cards.save(next);
        await store.cards.addLog(log);
        await store.answers.add(answer);
      });
      withSummariesMs.push(performance.now() - t0);
    } else {
      await store.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('fsrs_cards').values({
          user_key: next.userKey, question_id: next.questionId, due: next.due, stability: next.stability, difficulty: next.difficulty,
          elapsed_days: next.elapsedDays, scheduled_days: next.scheduledDays, learning_steps: next.learningSteps, reps: next.reps, lapses: next.lapses,
          state: next.state, last_review: next.lastReview,
        }).onConflict((oc) => oc.columns(['user_key', 'question_id']).doUpdateSet((eb) => ({
          due: eb.ref('excluded.due'), stability: eb.ref('excluded.stability'), difficulty: eb.ref('excluded.difficulty'),
          elapsed_days: eb.ref('excluded.elapsed_days'), scheduled_days: eb.ref('excluded.scheduled_days'),
          learning_steps: eb.ref('excluded.learning_steps'), reps: eb.ref('excluded.reps'), lapses: eb.ref('excluded.lapses'),
          state: eb.ref('excluded.state'), last_review: eb.ref('excluded.last_review'),
        }))).execute(); // the same statement as store.cards.save
        await trx.insertInto('review_logs').values({
          user_key: log.userKey, question_id: log.questionId, rating: log.rating, state: log.state, due: log.due, stability: log.stability,
          difficulty: log.difficulty, scheduled_days: log.scheduledDays, review: log.review,
        }).execute();
        await trx.insertInto('answers').values({
          user_key: answer.userKey, question_id: answer.questionId, lesson_id: answer.lessonId, mode: answer.mode, is_correct: 1, answered_at: answer.answeredAt,
        }).execute();
      });
      withoutMs.push(performance.now() - t0);
    }
  }
  const after = median(withSummariesMs);
  const before = median(withoutMs);
  console.log(`${where}: storing one review (card + log + answer, one transaction), median of ${withSummariesMs.length} each, alternating: with summaries ${after.toFixed(2)} ms, without (the old write) ${before.toFixed(2)} ms: ${(after / before).toFixed(2)}×, +${(after - before).toFixed(2)} ms per answer`);
}
