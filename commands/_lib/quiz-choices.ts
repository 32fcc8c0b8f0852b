/** How a quiz question's choices are lettered, listed and offered as buttons (solo and live alike). */
import type { ReplyButton } from '../../src/chat/types.ts';
import { choicesOf } from '../../src/tutor/answers.ts';
import type { BankQuestion } from '../../src/tutor/content/schema.ts';

/** The letter shown for each choice, by index (at most five choices per question). */
export const CHOICE_LETTERS = ['A', 'B', 'C', 'D', 'E'];

/** The choices as "**A.** …" lines, one per choice, in bank order. */
export function choiceLines(question: BankQuestion): string {
  return choicesOf(question).map((c, i) => `**${CHOICE_LETTERS[i]}.** ${c}`).join('\n');
}

/** One row of lettered answer buttons; idOf gives each choice's button id (`quiz:a:…` solo, `quiz:la:…` live). */
export function answerButtons(question: BankQuestion, idOf: (choice: number) => string): ReplyButton[][] {
  return [choicesOf(question).map((_, i) => ({ id: idOf(i), label: CHOICE_LETTERS[i], style: 'secondary' as const }))];
}
