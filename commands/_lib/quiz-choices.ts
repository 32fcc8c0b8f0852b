/** How a quiz question's choices are lettered, listed and offered as buttons (solo and live alike), always in the shown order. */
import type { ReplyButton } from '../../src/chat/types.ts';

/** The letter shown for each choice, by index (at most five choices per question). */
export const CHOICE_LETTERS = ['A', 'B', 'C', 'D', 'E'];

/** The choices as "**A.** …" lines, one per choice, in the order shown (see src/tutor/quiz-order.ts). */
export function choiceLines(shownChoices: readonly string[]): string {
  return shownChoices.map((c, i) => `**${CHOICE_LETTERS[i]}.** ${c}`).join('\n');
}

/** One row of lettered answer buttons; idOf gives each shown position's button id (`quiz:a:…` solo, `quiz:la:…` live). */
export function answerButtons(shownChoices: readonly string[], idOf: (position: number) => string): ReplyButton[][] {
  return [shownChoices.map((_, i) => ({ id: idOf(i), label: CHOICE_LETTERS[i], style: 'secondary' as const }))];
}
