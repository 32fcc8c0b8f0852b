/**
 * Seeds a term of class data for report tests and the report bench: students, their FSRS cards and
 * review logs, answers and lesson progress, written straight into the SQLite tables in one
 * transaction (a million rows through the store's per-answer write path would take minutes), then
 * folded into the report summaries by the same one-off fold that brings an older database's rows
 * in (src/store/kysely/report-fold.ts, migration 6) — so a report afterwards reads summaries only. Stabilities are synthetic but follow ts-fsrs's conventions: a log holds the card's
 * stability *before* the review, the card row the stability after the last one.
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
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

/** A SQLite store as the seed needs it: the raw connection for the bulk insert, Kysely for the fold. */
export interface SeedableStore {
  db: Database.Database;
  kysely: Kysely<StoreDatabase>;
}

/** Writes the class into the database (platform "test") and folds it into the report summaries; returns the question ids used and how long the fold took. */
export async function seedTerm(store: SeedableStore, content: Content, options: TermSeedOptions): Promise<{ questionIds: string[]; foldMs: number }> {
  const before = await newestLogAndAnswerIds(store.kysely);
  const questionIds = insertTermRows(store.db, content, options);
  const after = await newestLogAndAnswerIds(store.kysely);
  const t0 = performance.now();
  await store.kysely.transaction().execute((trx) => foldIntoReportSummaries(trx, { afterLogId: before.logId, afterAnswerId: before.answerId, upToLogId: after.logId, upToAnswerId: after.answerId }));
  return { questionIds, foldMs: performance.now() - t0 };
}

/** The bulk insert: every row in one SQLite transaction, no summaries. */
function insertTermRows(db: Database.Database, content: Content, options: TermSeedOptions): string[] {
  const random = mulberry32(options.seed ?? 7);
  const items = quizItems(content).filter((i) => i.question);
  const questions = items.slice(0, options.questions);
  const termStart = options.nowMs - options.termWeeks * 7 * DAY_MS;
  const addUser = db.prepare('INSERT INTO users (user_key, platform, user_id, display_name, leaderboard_opt_out, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const addLog = db.prepare('INSERT INTO review_logs (user_key, question_id, rating, state, due, stability, difficulty, scheduled_days, review) VALUES (?, ?, ?, 2, ?, ?, 5, ?, ?)');
  const addCard = db.prepare(`INSERT INTO fsrs_cards (user_key, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
    VALUES (?, ?, ?, ?, 5, 0, ?, 0, ?, 0, 2, ?)`);
  const addAnswer = db.prepare('INSERT INTO answers (user_key, question_id, lesson_id, mode, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)');
  const addProgress = db.prepare('INSERT INTO lesson_progress (user_key, lesson_id, step_index, completed, answers_json, updated_at) VALUES (?, ?, 0, ?, ?, ?)');
  db.transaction(() => {
    for (let s = 1; s <= options.students; s++) {
      const userKey = `test:s${s}`;
      addUser.run(userKey, 'test', `s${s}`, seededName(s), s % 10 === 5 ? 1 : 0, termStart);
      const diligence = 0.3 + 0.7 * random();
      questions.forEach((q, qi) => {
        const hardness = (qi % 7) / 10; // some questions are missed more often
        let t = termStart + Math.floor(random() * 14 * DAY_MS);
        let stability = 0;
        for (let r = 0; r < options.answersPerCard; r++) {
          if (t >= options.nowMs) break;
          const isCorrect = random() < diligence - hardness + 0.2;
          const after = isCorrect ? Math.max(0.5, stability * (1.6 + random())) + 0.5 : Math.max(0.2, stability * 0.3);
          addLog.run(userKey, q.id, isCorrect ? 3 : 1, t, stability, Math.round(after), t);
          addAnswer.run(userKey, q.id, q.lesson, r % 5 === 4 ? 'live' : 'solo', isCorrect ? 1 : 0, t);
          stability = after;
          const next = t + Math.floor((0.3 + random() * 1.4) * stability * DAY_MS * (0.4 + (1 - diligence)));
          if (r === options.answersPerCard - 1 || next >= options.nowMs) {
            addCard.run(userKey, q.id, t + Math.round(stability * DAY_MS), stability, Math.round(stability), r + 1, t);
            break;
          }
          t = next;
        }
      });
      for (const lesson of content.lessons) {
        const roll = random();
        if (roll < 0.6) addProgress.run(userKey, lesson.id, roll < 0.35 ? 1 : 0, '{}', termStart + Math.floor(random() * options.termWeeks * 7 * DAY_MS));
      }
    }
  })();
  return questions.map((q) => q.id);
}
