/** A question from a student's own RNN run: how many steps ahead the RNN's continuation stayed within the band on the series in the picture, against the MLP. */
import type { Rng } from '../../engine/rng.ts';
import { TOLERANCE, type RnnDemoResult } from '../../engine/tfjs/architectures/rnn.ts';
import type { RunQuestion } from './types.ts';

/** Steps predicted before the first one more than TOLERANCE from the clean signal (all of them when none is). */
export function stepsWithinBand(prediction: readonly number[], truth: readonly number[]): number {
  const miss = prediction.findIndex((p, i) => Math.abs(p - truth[i]) > TOLERANCE);
  return miss < 0 ? prediction.length : miss;
}

/** The answer ranges offered, for a horizon of `horizon` steps. */
export function stepRanges(horizon: number): { label: string; contains: (steps: number) => boolean }[] {
  return [
    { label: 'fewer than 10 steps', contains: (s) => s < 10 },
    { label: '10 to 19 steps', contains: (s) => s >= 10 && s < 20 },
    { label: '20 to 39 steps', contains: (s) => s >= 20 && s < 40 },
    { label: `40 to ${horizon - 1} steps`, contains: (s) => s >= 40 && s < horizon },
    { label: `all ${horizon} steps shown`, contains: (s) => s >= horizon },
  ];
}

/** "For how many steps did the RNN stay within ±tolerance?" (the series in the picture), answered with ranges. */
export function rnnStepsQuestion(result: RnnDemoResult, _rng: Rng): RunQuestion | undefined {
  const horizon = result.truth.length;
  if (horizon < 41) return undefined;
  const rnn = stepsWithinBand(result.rnnPrediction, result.truth);
  const mlp = stepsWithinBand(result.mlpPrediction, result.truth);
  const ranges = stepRanges(horizon);
  const answer = ranges.findIndex((r) => r.contains(rnn));
  const comparison = rnn > mlp ? `${rnn - mlp} more than the MLP (${mlp})` : rnn < mlp ? `${mlp - rnn} fewer than the MLP (${mlp})` : `as many as the MLP`;
  return {
    prompt: `In your run's picture, the blue line is the RNN continuing the signal on its own. For how many steps ahead did it stay within ±${TOLERANCE} of the clean signal (the green band) before first leaving it?`,
    choices: ranges.map((r) => r.label), answer,
    explanation: `${rnn === horizon ? `It never left the band in the ${horizon} steps shown` : `It first left the band at step ${rnn + 1}, so it stayed within it for ${rnn} steps`} — ${comparison}; the dots mark where each line first leaves the band. Averaged over all ${result.testSeries} test series: RNN ${result.rnnGoodSteps.toFixed(1)} steps, MLP ${result.mlpGoodSteps.toFixed(1)}.`,
  };
}

/** Every question this RNN run supports. */
export function rnnRunQuestions(result: RnnDemoResult, rng: Rng): RunQuestion[] {
  const q = rnnStepsQuestion(result, rng);
  return q ? [q] : [];
}
