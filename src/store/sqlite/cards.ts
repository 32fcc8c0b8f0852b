/** SQLite repository of FSRS cards and review logs. */
import type Database from 'better-sqlite3';
import type { CardRecord, CardRepository, ReviewLogRecord } from '../types.ts';

interface CardRow {
  user_key: string; question_id: string; due: number; stability: number; difficulty: number; elapsed_days: number;
  scheduled_days: number; learning_steps: number; reps: number; lapses: number; state: number; last_review: number | null;
}
interface LogRow {
  user_key: string; question_id: string; rating: number; state: number; due: number; stability: number;
  difficulty: number; scheduled_days: number; review: number;
}

const toCard = (r: CardRow): CardRecord => ({
  userKey: r.user_key, questionId: r.question_id, due: r.due, stability: r.stability, difficulty: r.difficulty,
  elapsedDays: r.elapsed_days, scheduledDays: r.scheduled_days, learningSteps: r.learning_steps, reps: r.reps,
  lapses: r.lapses, state: r.state, lastReview: r.last_review,
});
const toLog = (r: LogRow): ReviewLogRecord => ({
  userKey: r.user_key, questionId: r.question_id, rating: r.rating, state: r.state, due: r.due,
  stability: r.stability, difficulty: r.difficulty, scheduledDays: r.scheduled_days, review: r.review,
});

/** FSRS cards (one per user and question) and the append-only review log. */
export function createCardRepository(db: Database.Database): CardRepository {
  const get = db.prepare('SELECT * FROM fsrs_cards WHERE user_key = ? AND question_id = ?');
  const list = db.prepare('SELECT * FROM fsrs_cards WHERE user_key = ? ORDER BY due');
  const save = db.prepare(`INSERT INTO fsrs_cards (user_key, question_id, due, stability, difficulty, elapsed_days,
      scheduled_days, learning_steps, reps, lapses, state, last_review)
    VALUES (@userKey, @questionId, @due, @stability, @difficulty, @elapsedDays, @scheduledDays, @learningSteps, @reps, @lapses, @state, @lastReview)
    ON CONFLICT (user_key, question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability,
      difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
      learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses, state = excluded.state,
      last_review = excluded.last_review`);
  const addLog = db.prepare(`INSERT INTO review_logs (user_key, question_id, rating, state, due, stability, difficulty, scheduled_days, review)
    VALUES (@userKey, @questionId, @rating, @state, @due, @stability, @difficulty, @scheduledDays, @review)`);
  const logsAll = db.prepare('SELECT * FROM review_logs WHERE user_key = ? ORDER BY id');
  const logsOne = db.prepare('SELECT * FROM review_logs WHERE user_key = ? AND question_id = ? ORDER BY id');
  return {
    get(userKey, questionId) {
      const row = get.get(userKey, questionId) as CardRow | undefined;
      return row && toCard(row);
    },
    list(userKey) {
      return (list.all(userKey) as CardRow[]).map(toCard);
    },
    save(record) {
      save.run(record);
    },
    addLog(log) {
      addLog.run(log);
    },
    logs(userKey, questionId) {
      const rows = questionId === undefined ? logsAll.all(userKey) : logsOne.all(userKey, questionId);
      return (rows as LogRow[]).map(toLog);
    },
  };
}
