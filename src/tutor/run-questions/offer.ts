/**
 * Offering a question about a user's own demo run and judging the answer. The question (with its
 * answer) is stored server-side under a random id when the run ends; a button carries only that id
 * and the chosen position, and the verdict comes from the stored question — never from the client.
 */
import { randomBytes } from 'node:crypto';
import type { ArchitectureDemoResult } from '../../engine/tfjs/architectures/index.ts';
import type { Store } from '../../store/types.ts';
import { TutorError } from '../errors.ts';
import { ensureUser, type TutorUser } from '../users.ts';
import { pickRunQuestion, type RunQuestion } from './index.ts';

/** A question offered about one run, under the id its buttons carry. */
export interface OfferedRunQuestion {
  id: string;
  question: RunQuestion;
}

/** Picks a question about `demo`, stores it for `user` and returns it with its id (undefined when the run supports none). */
export async function offerRunQuestion(store: Store, user: TutorUser, demo: ArchitectureDemoResult, nowMs: number): Promise<OfferedRunQuestion | undefined> {
  const id = randomBytes(9).toString('base64url');
  const question = pickRunQuestion(demo, id);
  if (!question) return undefined;
  const userKey = await ensureUser(store, user, nowMs);
  await store.runQuestions.add({ id, userKey, demo: demo.demo, question, createdAt: nowMs });
  return { id, question };
}

function isRunQuestion(value: unknown): value is RunQuestion {
  const q = value as RunQuestion;
  return typeof q === 'object' && q !== null && typeof q.prompt === 'string' && Array.isArray(q.choices)
    && Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.choices.length && typeof q.explanation === 'string';
}

/** Judges `user`'s choice (a shown position) on the stored question `id`: only the user who ran the demo, once. */
export async function answerRunQuestion(store: Store, user: TutorUser, id: string, choice: number, nowMs: number): Promise<{ question: RunQuestion; isCorrect: boolean }> {
  const record = /^[A-Za-z0-9_-]{1,32}$/.test(id) ? await store.runQuestions.get(id) : undefined;
  if (!record || !isRunQuestion(record.question)) throw new TutorError('This question has expired. Run `/architecture` again for a new one.');
  const userKey = await ensureUser(store, user, nowMs);
  if (record.userKey !== userKey) throw new TutorError('This question is about someone else\'s run. Run `/architecture` yourself to get one about yours.');
  const question = record.question;
  if (!Number.isInteger(choice) || choice < 0 || choice >= question.choices.length) throw new TutorError(`That is not one of the choices: press one of the ${question.choices.length} buttons.`);
  if (!(await store.runQuestions.markAnswered(id, nowMs))) throw new TutorError('You have already answered this question. Run `/architecture` again for a new one.');
  return { question, isCorrect: choice === question.answer };
}
