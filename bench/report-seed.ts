/**
 * Seeds a term of class data for report tests and the report bench: students, their FSRS cards and
 * review logs, answers and lesson progress, written straight into the store's tables (SQLite or
 * Postgres, through its Kysely handle) in one transaction, in batches of rows (a million rows
 * through the store's per-answer write path would take minutes), then folded into the report
 * summaries by the one-off fold that brings an older database's rows in (src/store/kysely/report-fold.ts,
 * migration 6) — so a report afterwards reads summaries only, as after writes through the store. Stabilities are
 * synthetic but follow ts-fsrs's conventions: a log holds the card's stability *before* the review,
 * the card row the stability after the last one.
 */
import type { Insertable, Kysely } from 'kysely';
import type { StoreDatabase } from '../src/store/kysely/schema.ts';
import { foldIntoReportSummaries, newestLogAndAnswerIds } from '../src/store/kysely/report-fold.ts';
import { quizItems } from '../src/tutor/quiz-items.ts';
import type { Content } from '../src/tutor/content/schema.ts';

/** How much data to seed. */
export interface TermSeedOptions {
  students: number;
  questions: number;
  /** Reviews (and answers) per student and question. */
  answersPerCard: number;
  /** The seed's "now": reviews fall in the weeks before it. */
  nowMs: number;
  termWeeks: number;
  seed?: number;
}

const DAY_MS = 86_400_000;

/** Deterministic PRNG (mulberry32): the same seed gives the same class. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Display names for seeded students; a few are hostile to spreadsheets on purpose. */
export function seededName(index: number): string {
  if (index === 1) return '=HYPERLINK("http://evil.example","click")';
  if (index === 2) return '+1-555-0100';
  if (index === 3) return '@SUM(A1:A9)';
  if (index === 4) return '-2+3';
  return `Student ${String(index).padStart(3, '0')}`;
}

/** Rows waiting to be inserted, per table. */
type PendingRows = { [T in 'users' | 'review_logs' | 'fsrs_cards' | 'answers' | 'lesson_progress']: Insertable<StoreDatabase[T]>[] };

/** Rows per INSERT: well under SQLite's 32,766 and Postgres's 65,535 bound parameters. */
const ROWS_PER_INSERT = 500;

async function insertPending(db: Kysely<StoreDatabase>, pending: PendingRows): Promise<void> {
  for (const table of ['users', 'fsrs_cards', 'review_logs', 'answers', 'lesson_progress'] as const) {
    const rows = pending[table];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await db.insertInto(table).values(rows.slice(i, i + ROWS_PER_INSERT) as never).execute();
    rows.length = 0;
  }
}

/** Writes the class into the store's database (platform "test") and folds it into the report summaries; returns the question ids used. */
export async function seedTerm(kysely: Kysely<StoreDatabase>, content: Content, options: TermSeedOptions): Promise<string[]> {
  return (await seedTermTimed(kysely, content, options)).questionIds;
}

/** seedTerm, also saying how long the bulk insert and the fold took (the report bench). */
export async function seedTermTimed(kysely: Kysely<StoreDatabase>, content: Content, options: TermSeedOptions): Promise<{ questionIds: string[]; insertMs: number; foldMs: number }> {
  const before = await newestLogAndAnswerIds(kysely);
  const t0 = performance.now();
  const questionIds = await insertTermRows(kysely, content, options);
  const after = await newestLogAndAnswerIds(kysely);
  const t1 = performance.now();
  await kysely.transaction().execute((trx) => foldIntoReportSummaries(trx, { afterLogId: before.logId, afterAnswerId: before.answerId, upToLogId: after.logId, upToAnswerId: after.answerId }));
  return { questionIds, insertMs: t1 - t0, foldMs: performance.now() - t1 };
}

/** The bulk insert, no summaries; returns the question ids used. */
async function insertTermRows(kysely: Kysely<StoreDatabase>, content: Content, options: TermSeedOptions): Promise<string[]> {
  const random = mulberry32(options.seed ?? 7);
  const items = quizItems(content).filter((i) => i.question);
  const questions = items.slice(0, options.questions);
  const termStart = options.nowMs - options.termWeeks * 7 * DAY_MS;
  const pending: PendingRows = { users: [], review_logs: [], fsrs_cards: [], answers: [], lesson_progress: [] };
  await kysely.transaction().execute(async (db) => {
    for (let s = 1; s <= options.students; s++) {
      const userKey = `test:s${s}`;
      pending.users.push({ user_key: userKey, platform: 'test', user_id: `s${s}`, display_name: seededName(s), leaderboard_opt_out: s % 10 === 5 ? 1 : 0, created_at: termStart });
      const diligence = 0.3 + 0.7 * random();
      questions.forEach((q, qi) => {
        const hardness = (qi % 7) / 10; // some questions are missed more often
        let t = termStart + Math.floor(random() * 14 * DAY_MS);
        let stability = 0;
        for (let r = 0; r < options.answersPerCard; r++) {
          if (t >= options.nowMs) break;
          const isCorrect = random() < diligence - hardness + 0.2;
          const after = isCorrect ? Math.max(0.5, stability * (1.6 + random())) + 0.5 : Math.max(0.2, stability * 0.3);
          pending.review_logs.push({ user_key: userKey, question_id: q.id, rating: isCorrect ? 3 : 1, state: 2, due: t, stability, difficulty: 5, scheduled_days: Math.round(after), review: t });
          pending.answers.push({ user_key: userKey, question_id: q.id, lesson_id: q.lesson, mode: r % 5 === 4 ? 'live' : 'solo', is_correct: isCorrect ? 1 : 0, answered_at: t });
          stability = after;
          const next = t + Math.floor((0.3 + random() * 1.4) * stability * DAY_MS * (0.4 + (1 - diligence)));
          if (r === options.answersPerCard - 1 || next >= options.nowMs) {
            pending.fsrs_cards.push({
              user_key: userKey, question_id: q.id, due: t + Math.round(stability * DAY_MS), stability, difficulty: 5, elapsed_days: 0,
              scheduled_days: Math.round(stability), learning_steps: 0, reps: r + 1, lapses: 0, state: 2, last_review: t,
            });
            break;
          }
          t = next;
        }
      });
      for (const lesson of content.lessons) {
        const roll = random();
        if (roll < 0.6) pending.lesson_progress.push({ user_key: userKey, lesson_id: lesson.id, step_index: 0, completed: roll < 0.35 ? 1 : 0, answers_json: '{}', updated_at: termStart + Math.floor(random() * options.termWeeks * 7 * DAY_MS) });
      }
      await insertPending(db, pending);
    }
  });
  return questions.map((q) => q.id);
}
