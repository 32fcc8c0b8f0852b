/** The shape of a question generator: a seeded function that makes a fresh question whose answer it computes. */
import type { Rng } from '../../engine/rng.ts';
import type { QuizQuestion } from '../content/schema.ts';

type WithoutIdentity<T> = T extends unknown ? Omit<T, 'id' | 'lesson' | 'difficulty'> : never;

/** A generated question: a quiz question without id, lesson and difficulty (the generator supplies those). */
export type GeneratedQuestion = WithoutIdentity<QuizQuestion>;

/** One generator: FSRS schedules it like a card, and every time it is due it makes a new instance. */
export interface QuestionGenerator {
  /** Card id, `gen-…` (never used by a fixed question). */
  id: string;
  /** The lesson (topic) whose revision it belongs to. */
  lesson: string;
  difficulty: 'easy' | 'medium' | 'hard';
  /** What it asks, in a few words (lists, reports). */
  summary: string;
  /** Whether the instance carries a picture drawn from a real run. */
  hasPicture: boolean;
  /** A new instance from the seeded generator; the right answer is computed here, never typed. */
  generate(rng: Rng): GeneratedQuestion;
}
