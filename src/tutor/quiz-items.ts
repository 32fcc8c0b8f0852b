/**
 * The quiz's cards: every fixed question of the bank and every generator. FSRS schedules both the
 * same way; a fixed card always shows its question, a generator card a new instance per seed.
 */
import type { BankQuestion, Content } from './content/schema.ts';
import { findQuestion } from './answers.ts';
import { TutorError } from './errors.ts';
import { findGenerator, GENERATORS, instantiate, type QuestionGenerator } from './generators/index.ts';

/** One schedulable card. */
export interface QuizItem {
  id: string;
  lesson: string;
  difficulty: 'easy' | 'medium' | 'hard';
  /** The fixed question, or undefined for a generator. */
  question?: BankQuestion;
  generator?: QuestionGenerator;
}

/** Every card of the course: fixed questions, then generators whose lesson exists. */
export function quizItems(content: Content): QuizItem[] {
  const lessonIds = new Set(content.lessons.map((l) => l.id));
  return [
    ...content.questions.map((q): QuizItem => ({ id: q.id, lesson: q.lesson, difficulty: q.difficulty, question: q })),
    ...GENERATORS.filter((g) => lessonIds.has(g.lesson)).map((g): QuizItem => ({ id: g.id, lesson: g.lesson, difficulty: g.difficulty, generator: g })),
  ];
}

/** The lesson ids a topic names: a lesson id, or a section id (e.g. "exercises" = the three practice sets). */
export function lessonsOfTopic(content: Content, topic: string): Set<string> {
  const ids = new Set(content.lessons.filter((l) => l.id === topic || l.section === topic).map((l) => l.id));
  if (ids.size === 0) throw new TutorError(`There is no topic "${topic}". Topics: ${content.lessons.map((l) => l.id).join(', ')}.`);
  return ids;
}

/** Cards of a topic (a lesson id or section id), or all. */
export function itemsInTopic(content: Content, topic?: string): QuizItem[] {
  const items = quizItems(content);
  if (!topic) return items;
  const ids = lessonsOfTopic(content, topic);
  return items.filter((i) => ids.has(i.lesson));
}

/** The card with this id (a fixed question or a generator). */
export function findItem(content: Content, id: string): QuizItem | undefined {
  const question = findQuestion(content.questions, id);
  if (question) return { id, lesson: question.lesson, difficulty: question.difficulty, question };
  const generator = findGenerator(id);
  return generator ? { id, lesson: generator.lesson, difficulty: generator.difficulty, generator } : undefined;
}

/** The question a card shows for this presentation seed (a generator makes its instance from the seed). */
export function questionOf(item: QuizItem, seed: string): BankQuestion {
  return item.question ?? instantiate(item.generator!, seed);
}
