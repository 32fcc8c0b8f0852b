/**
 * Questions from a student's own CNN run: which filter answers horizontal strokes most (measured by
 * convolving a horizontal and a vertical bar image with each learned filter — the picture marks
 * only the vertical one, so the student reads the filter weights), and which confusion was most frequent.
 */
import type { Rng } from '../../engine/rng.ts';
import type { CnnDemoResult } from '../../engine/tfjs/architectures/cnn.ts';
import { mixChoices } from './choices.ts';
import type { RunQuestion } from './types.ts';

/** A wrong choice answers horizontal bars with at most this share of the right filter's margin. */
const CLEAR_SHARE = 0.6;

/** "Which filter responds most to horizontal strokes?" — undefined when no filter prefers horizontal bars, or none is clearly less horizontal than the best. */
export function horizontalFilterQuestion(result: CnnDemoResult, rng: Rng): RunQuestion | undefined {
  const preference = result.verticalPreference; // vertical minus horizontal: most negative = most horizontal
  const order = preference.map((p, f) => ({ p, f })).sort((a, b) => a.p - b.p);
  if (order.length < 2 || order[0].p >= 0) return undefined;
  const best = order[0].f;
  const name = (f: number) => `Filter ${f + 1}`;
  // wrong choices only among filters clearly less horizontal (under 60 % of the best's margin), so the weights can tell them apart
  const clearlyLess = order.filter(({ p }) => p > CLEAR_SHARE * order[0].p).map(({ f }) => name(f));
  if (clearlyLess.length === 0) return undefined;
  const { choices, answer } = mixChoices(rng, name(best), clearlyLess);
  const horizontalMinusVertical = (-order[0].p).toPrecision(2);
  return {
    prompt: `Look at the learned 3×3 filters of conv 1 in your run's first picture. Which one responds most to **horizontal** strokes?`,
    choices, answer,
    explanation: `${name(best)}: convolving a horizontal and a vertical 2-px bar with every filter, its mean response to the horizontal bar was ${horizontalMinusVertical} above that to the vertical one — the largest margin of the ${preference.length} filters. A horizontal-stroke detector has its positive (blue) weights along a row and negative (orange) ones above or below it.`,
  };
}

/** "Which mistake was most frequent?" from the confusion matrix — undefined when there were no mistakes or the top two tie. */
export function mostConfusedQuestion(result: CnnDemoResult, rng: Rng): RunQuestion | undefined {
  const cells: { truth: number; predicted: number; count: number }[] = [];
  result.confusion.forEach((row, truth) => row.forEach((count, predicted) => {
    if (truth !== predicted) cells.push({ truth, predicted, count });
  }));
  cells.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted);
  if (cells.length < 4 || cells[0].count === 0 || cells[0].count === cells[1].count) return undefined;
  const name = (c: { truth: number; predicted: number }) => `a ${c.truth} read as ${c.predicted}`;
  const top = cells[0];
  // wrong choices: other real mistakes of this run first, then pairs it never made
  const { choices, answer } = mixChoices(rng, name(top), cells.slice(1, 7).map(name));
  return {
    prompt: 'In your run\'s confusion matrix (test set), which mistake did the CNN make most often?',
    choices, answer,
    explanation: `${name(top)[0].toUpperCase()}${name(top).slice(1)}: ${top.count} test ${top.truth}s were predicted as ${top.predicted} — the darkest red cell, row ${top.truth}, column ${top.predicted}. The next most frequent was ${name(cells[1])} (${cells[1].count}).`,
  };
}

/** Every question this CNN run supports. */
export function cnnRunQuestions(result: CnnDemoResult, rng: Rng): RunQuestion[] {
  return [horizontalFilterQuestion(result, rng), mostConfusedQuestion(result, rng)].filter((q): q is RunQuestion => q !== undefined);
}
