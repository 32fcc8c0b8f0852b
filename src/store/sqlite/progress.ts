/** SQLite lesson-progress repository. */
import type Database from 'better-sqlite3';
import type { LessonProgressRecord, ProgressRepository } from '../types.ts';

interface Row { user_key: string; lesson_id: string; step_index: number; completed: number; answers_json: string; updated_at: number }

const toRecord = (r: Row): LessonProgressRecord => ({
  userKey: r.user_key, lessonId: r.lesson_id, stepIndex: r.step_index, completed: r.completed === 1,
  answers: JSON.parse(r.answers_json) as Record<number, number>, updatedAt: r.updated_at,
});

/** One row per user and lesson; answers kept as JSON (step → choice). */
export function createProgressRepository(db: Database.Database): ProgressRepository {
  const get = db.prepare('SELECT * FROM lesson_progress WHERE user_key = ? AND lesson_id = ?');
  const list = db.prepare('SELECT * FROM lesson_progress WHERE user_key = ? ORDER BY lesson_id');
  const save = db.prepare(`INSERT INTO lesson_progress (user_key, lesson_id, step_index, completed, answers_json, updated_at)
    VALUES (@userKey, @lessonId, @stepIndex, @completed, @answers, @updatedAt)
    ON CONFLICT (user_key, lesson_id) DO UPDATE SET step_index = excluded.step_index, completed = excluded.completed,
      answers_json = excluded.answers_json, updated_at = excluded.updated_at`);
  return {
    get(userKey, lessonId) {
      const row = get.get(userKey, lessonId) as Row | undefined;
      return row && toRecord(row);
    },
    list(userKey) {
      return (list.all(userKey) as Row[]).map(toRecord);
    },
    save(record) {
      save.run({ ...record, completed: record.completed ? 1 : 0, answers: JSON.stringify(record.answers) });
    },
  };
}
