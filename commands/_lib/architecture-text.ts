/** The sentences of /architecture replies, each written from the run's own numbers. */
import type { ArchitectureDemoResult, CnnDemoResult, DemoStopReason, RnnDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import { HORIZON_STEPS, MLP_WINDOW, NOISE_STD, RNN_WINDOW, TOLERANCE } from '../../src/engine/tfjs/architectures/rnn.ts';
import { duration, percent } from './format.ts';
import { autoencoderText } from './autoencoder-text.ts';
import { attentionText } from './architecture-attention-text.ts';

const STOPPED: Record<DemoStopReason, string> = {
  epochs: '',
  'time-limit': 'It hit this bot\'s time limit before its last epoch, so it is less trained than asked; try fewer `epochs` or a smaller `size`.',
  cancelled: 'It was cancelled.',
};

function mostConfused(confusion: number[][]): { truth: number; predicted: number; count: number } | undefined {
  let best: { truth: number; predicted: number; count: number } | undefined;
  confusion.forEach((row, truth) => row.forEach((count, predicted) => {
    if (truth !== predicted && count > 0 && (!best || count > best.count)) best = { truth, predicted, count };
  }));
  return best;
}

/** The CNN reply: accuracy, the MLP comparison in parameters, the most frequent mistake, the vertical-stroke filter. */
export function cnnText(r: CnnDemoResult): string {
  const o = r.options;
  const lines = [
    `**CNN on generated 16×16 digits** · conv 3×3×${o.filters} → max-pool → conv 3×3×${o.filters * 2} → max-pool → dense 10 · ${o.trainImages} training and 1000 test images · adam (lr ${o.learningRate}) · ${r.epochsRun} epoch${r.epochsRun === 1 ? '' : 's'} · seed ${o.seed} · took ${duration(r.trainMs)} (TensorFlow.js, ${r.backend} backend)`,
    `Test accuracy **${percent(r.testAccuracy)}** (training ${percent(r.trainAccuracy)}) with **${r.params.toLocaleString('en-US')} parameters**.`,
  ];
  if (Number.isFinite(r.mlp.testAccuracy)) {
    const ratio = r.mlp.params / r.params;
    const verdict = r.mlp.testAccuracy >= r.testAccuracy
      ? `as good as or better than the CNN (${percent(r.mlp.testAccuracy)} against ${percent(r.testAccuracy)}), but with ${ratio.toFixed(1)}× the parameters`
      : `with ${ratio.toFixed(1)}× the parameters it still stayed ${((r.testAccuracy - r.mlp.testAccuracy) * 100).toFixed(1)} points below the CNN`;
    lines.push(`An MLP (256 → ${r.mlp.hiddenUnits} → 10, ${r.mlp.params.toLocaleString('en-US')} parameters, ${r.mlp.epochs} epochs) reached ${percent(r.mlp.testAccuracy)}: ${verdict}. A convolution re-uses one 3×3 filter at every position of the image — weight sharing — so its parameter count does not grow with the image size.`);
  }
  const confused = mostConfused(r.confusion);
  lines.push(confused
    ? `Most frequent mistake: ${confused.count} test ${confused.truth}s read as ${confused.predicted} (the brightest off-diagonal cell of the confusion matrix).`
    : 'No test digit was misclassified.');
  const vertical = r.verticalPreference.indexOf(Math.max(...r.verticalPreference));
  lines.push(r.verticalPreference[vertical] > 0
    ? `Filter ${vertical + 1} responds most to vertical strokes (its mean response to a vertical bar is ${r.verticalPreference[vertical].toPrecision(2)} above that to a horizontal bar). The feature maps shrink from 16×16 to 4×4 as each max-pool halves them, while the number of maps grows from ${r.options.filters} to ${r.options.filters * 2}.`
    : 'No first-layer filter prefers vertical over horizontal strokes in this run.');
  if (STOPPED[r.stopReason]) lines.push(STOPPED[r.stopReason]);
  return lines.join('\n');
}

/** The RNN reply: continuation error and how far ahead each model stays right, against the fixed-window MLP. */
export function rnnText(r: RnnDemoResult): string {
  const o = r.options;
  const better = r.rnnError < r.mlpError;
  const lines = [
    `**RNN continuing a noisy signal** (sin t + ½ sin 2.3t, noise σ ${NOISE_STD}) · SimpleRNN with ${o.units} units reading the last ${RNN_WINDOW} points (${r.rnnParams} parameters) against an MLP on a fixed window of ${MLP_WINDOW} (${r.mlpParams} parameters) · ${o.trainWindows} training windows · adam (lr ${o.learningRate}) · ${r.epochsRun} epoch${r.epochsRun === 1 ? '' : 's'} · seed ${o.seed} · took ${duration(r.trainMs)} (TensorFlow.js, ${r.backend} backend)`,
    `Both were unrolled ${HORIZON_STEPS} steps beyond the input on ${r.testSeries} test series, each prediction fed back as the next input. Mean error against the clean signal: RNN **${r.rnnError.toFixed(3)}**, MLP **${r.mlpError.toFixed(3)}** — ${better ? `the RNN's is ${(r.mlpError / r.rnnError).toFixed(1)}× smaller` : 'the RNN did not beat the MLP this time'}.`,
    `On average the RNN stays within ±${TOLERANCE} of the clean signal for ${r.rnnGoodSteps.toFixed(1)} steps, the MLP for ${r.mlpGoodSteps.toFixed(1)}.`,
    better
      ? `The recurrent state can carry what it read in the last ${RNN_WINDOW} points, so the RNN can average out more of the noise than a window of ${MLP_WINDOW} allows.`
      : 'Try more `epochs` or another `seed`: small recurrent nets vary from run to run.',
  ];
  if (STOPPED[r.stopReason]) lines.push(STOPPED[r.stopReason]);
  return lines.join('\n');
}

/** The reply text of any finished demo. */
export function architectureText(demo: ArchitectureDemoResult): string {
  switch (demo.demo) {
    case 'autoencoder':
      return autoencoderText(demo.result, STOPPED[demo.result.stopReason]);
    case 'cnn':
      return cnnText(demo.result);
    case 'rnn':
      return rnnText(demo.result);
    case 'attention':
      return attentionText(demo.result, STOPPED[demo.result.stopReason]);
  }
}
