/** Questions built from users' own demo runs, on Kysely (SQLite and Postgres): the latest RUN_QUESTIONS_KEPT per user. */
import type { RunQuestionRepository } from '../types.ts';
import type { DbSource } from './repositories.ts';

/** Questions kept per user (older ones' buttons answer "expired"). */
export const RUN_QUESTIONS_KEPT = 20;

/** Run questions keyed by their random id; adding prunes the user's oldest in the same transaction. */
export function createRunQuestionRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>): RunQuestionRepository {
  return {
    add: (record) => inTransaction(async () => {
      await db().insertInto('run_questions')
        .values({ id: record.id, user_key: record.userKey, demo: record.demo, question_json: JSON.stringify(record.question), created_at: record.createdAt, answered_at: null })
        .execute();
      const kept = db().selectFrom('run_questions').select('id').where('user_key', '=', record.userKey)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(RUN_QUESTIONS_KEPT);
      await db().deleteFrom('run_questions').where('user_key', '=', record.userKey).where('id', 'not in', kept).execute();
    }),
    async get(id) {
      const row = await db().selectFrom('run_questions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && {
        id: row.id, userKey: row.user_key, demo: row.demo, question: JSON.parse(row.question_json) as unknown,
        createdAt: Number(row.created_at), answeredAt: row.answered_at === null ? null : Number(row.answered_at),
      };
    },
    async markAnswered(id, nowMs) {
      const result = await db().updateTable('run_questions').set({ answered_at: nowMs }).where('id', '=', id).where('answered_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
