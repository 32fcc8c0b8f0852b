/**
 * The order a question's choices are shown in. A multiple-choice question (single or chart) is
 * shuffled by a seed that names one presentation — solo: the student, the question and how many
 * times they have answered it (stable while it is open, new the next time); live: the session and
 * question number (the whole class sees one order). True/false stays True, False; numeric choices
 * stay sorted. Every answer is judged against the shown order, never the bank's.
 */
import { createRng, type Rng } from '../engine/rng.ts';
import { choicesOf, correctChoiceIndex } from './answers.ts';
import type { QuizQuestion } from './content/schema.ts';

/** A question as one student (or class) sees it: the choices in shown order and the right one's position. */
export interface ShownChoices {
  /** Choice texts, in the order shown (button A first). */
  choices: string[];
  /** order[shown position] = the choice's index in the bank (identity when not shuffled). */
  order: number[];
  /** Shown position of the right choice. */
  correctIndex: number;
}

/** FNV-1a of a text → a 32-bit seed (seeds are names like "solo|test:alice|gd-cost-scaling|0"). */
export function seedOfText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seeded generator for one named purpose (the same text always gives the same numbers). */
export function rngOfText(text: string): Rng {
  return createRng(seedOfText(text));
}

/** The seed of one solo presentation: the student, the question, and the reviews they have done of it. */
export function soloSeed(userKey: string, questionId: string, reviews: number): string {
  return `solo|${userKey}|${questionId}|${reviews}`;
}

/** The seed of one live question: the same for everyone in the session. */
export function liveSeed(sessionId: string, questionIndex: number): string {
  return `live|${sessionId}|${questionIndex}`;
}

/** The choices of a question in the order this seed shows them. */
export function showChoices(question: QuizQuestion, seed: string): ShownChoices {
  const bankChoices = choicesOf(question);
  const order = bankChoices.map((_, i) => i);
  if (question.type === 'single' || question.type === 'chart') rngOfText(`order|${seed}`).shuffleInPlace(order);
  return {
    choices: order.map((i) => bankChoices[i]),
    order,
    correctIndex: order.indexOf(correctChoiceIndex(question)),
  };
}
