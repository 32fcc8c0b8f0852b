/** SQLite repository of answered questions and each user's pending solo question. */
import type Database from 'better-sqlite3';
import type { AnswerMode, AnswerRecord, AnswerRepository, PendingQuestionRecord } from '../types.ts';

interface Row { user_key: string; question_id: string; lesson_id: string; mode: string; is_correct: number; answered_at: number }
interface PendingRow { user_key: string; question_id: string; topic: string | null; asked_at: number }

/** Append-only answers plus one pending solo question per user. */
export function createAnswerRepository(db: Database.Database): AnswerRepository {
  const add = db.prepare(`INSERT INTO answers (user_key, question_id, lesson_id, mode, is_correct, answered_at)
    VALUES (@userKey, @questionId, @lessonId, @mode, @isCorrect, @answeredAt)`);
  const list = db.prepare('SELECT * FROM answers WHERE user_key = ? ORDER BY answered_at, id');
  const getPending = db.prepare('SELECT * FROM pending_questions WHERE user_key = ?');
  const setPending = db.prepare(`INSERT INTO pending_questions (user_key, question_id, topic, asked_at) VALUES (@userKey, @questionId, @topic, @askedAt)
    ON CONFLICT (user_key) DO UPDATE SET question_id = excluded.question_id, topic = excluded.topic, asked_at = excluded.asked_at`);
  const clearPending = db.prepare('DELETE FROM pending_questions WHERE user_key = ?');
  return {
    add(record) {
      add.run({ ...record, isCorrect: record.isCorrect ? 1 : 0 });
    },
    list(userKey) {
      return (list.all(userKey) as Row[]).map((r) => ({
        userKey: r.user_key, questionId: r.question_id, lessonId: r.lesson_id, mode: r.mode as AnswerMode,
        isCorrect: r.is_correct === 1, answeredAt: r.answered_at,
      } satisfies AnswerRecord));
    },
    getPending(userKey) {
      const row = getPending.get(userKey) as PendingRow | undefined;
      return row && ({ userKey: row.user_key, questionId: row.question_id, topic: row.topic, askedAt: row.asked_at } satisfies PendingQuestionRecord);
    },
    setPending(record) {
      setPending.run(record);
    },
    clearPending(userKey) {
      clearPending.run(userKey);
    },
  };
}
