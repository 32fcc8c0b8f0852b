/** Putting a right answer among wrong ones for run questions. */
import type { Rng } from '../../engine/rng.ts';

/** The right choice and up to `wrongCount` of the wrong ones (picked by `rng`), shuffled; returns them with the right one's index. */
export function mixChoices(rng: Rng, right: string, wrong: readonly string[], wrongCount = 3): { choices: string[]; answer: number } {
  const others = [...new Set(wrong.filter((w) => w !== right))];
  rng.shuffleInPlace(others);
  const choices = [right, ...others.slice(0, wrongCount)];
  rng.shuffleInPlace(choices);
  return { choices, answer: choices.indexOf(right) };
}
