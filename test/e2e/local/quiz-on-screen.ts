/** Reading quiz questions back from the page: which bank question is on screen, and its right button. */
import { expect } from 'vitest';
import { choicesOf, correctAnswerText } from '../../../src/tutor/answers.ts';
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

/** The letter of the right answer and of one wrong answer, read from the order the page shows (choices are shuffled per presentation). */
export function lettersFor(question: BankQuestion, pageText: string): { right: string; wrong: string; rightText: string } {
  const shown = plain(pageText);
  const rightText = plain(correctAnswerText(question));
  const count = choicesOf(question).length;
  const letterOf = (i: number) => LETTERS[i]!;
  const right = LETTERS.slice(0, count).findIndex((letter) => shown.includes(`${letter}. ${rightText}`));
  expect(right, `the right answer "${rightText}" is shown after a letter`).toBeGreaterThanOrEqual(0);
  return { right: letterOf(right), wrong: letterOf((right + 1) % count), rightText: correctAnswerText(question) };
}
