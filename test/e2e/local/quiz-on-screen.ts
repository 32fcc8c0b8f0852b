/** Reading quiz questions back from the page: which bank question is on screen, and its right button. */
import { expect } from 'vitest';
import { choicesOf, correctChoiceIndex } from '../../../src/tutor/answers.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import type { BankQuestion } from '../../../src/tutor/content/schema.ts';

/** Button labels of answers, in order. */
export const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** Removes the Markdown the page renders (bold, italics, code) and folds whitespace, so bank text compares with page text. */
export function plain(text: string): string {
  return text.replace(/[*`_]/g, '').replace(/\s+/g, ' ').trim();
}

/** The one bank question whose prompt and every choice are in `pageText` (chart questions share prompts, not choices). */
export function questionShownIn(pageText: string): BankQuestion {
  const shown = plain(pageText);
  const matches = getContent().questions.filter((q) => shown.includes(plain(q.prompt)) && choicesOf(q).every((c) => shown.includes(plain(c))));
  expect(matches.map((q) => q.id), 'exactly one bank question matches the page').toHaveLength(1);
  return matches[0]!;
}

/** The letter of the right answer and of one wrong answer. */
export function lettersFor(question: BankQuestion): { right: string; wrong: string; rightText: string } {
  const right = correctChoiceIndex(question);
  const wrong = (right + 1) % choicesOf(question).length;
  return { right: LETTERS[right]!, wrong: LETTERS[wrong]!, rightText: choicesOf(question)[right]! };
}
