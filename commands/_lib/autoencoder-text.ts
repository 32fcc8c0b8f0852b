/** The /architecture autoencoder reply and its JSON data, each sentence written from the run's own numbers. */
import type { AutoencoderDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import { AUTOENCODER_HIDDEN_UNITS, AUTOENCODER_TEST_IMAGES, LATENT_UNITS } from '../../src/engine/tfjs/architectures/autoencoder.ts';
import { DIGIT_PIXELS } from '../../src/engine/digits.ts';
import { duration, percent } from './format.ts';

/** Digits with the highest and the lowest nearest-centre accuracy. */
function bestAndWorstDigit(accuracies: number[]): { best: number; worst: number } {
  let best = 0;
  let worst = 0;
  accuracies.forEach((a, digit) => {
    if (a > accuracies[best]) best = digit;
    if (a < accuracies[worst]) worst = digit;
  });
  return { best, worst };
}

/** The autoencoder reply: reconstruction error against the mean image and against PCA to 2 numbers, then how far the 2-D code keeps the digits apart. */
export function autoencoderText(r: AutoencoderDemoResult, stoppedNote: string): string {
  const o = r.options;
  const lines = [
    `**Autoencoder on generated 16×16 digits** · ${DIGIT_PIXELS} → ${AUTOENCODER_HIDDEN_UNITS} → **${LATENT_UNITS}** → ${AUTOENCODER_HIDDEN_UNITS} → ${DIGIT_PIXELS} (sigmoid), trained to rebuild its own input, without labels · ${o.trainImages} training and ${AUTOENCODER_TEST_IMAGES} test images · ${r.params.toLocaleString('en-US')} parameters · adam (lr ${o.learningRate}) · ${r.epochsRun} epoch${r.epochsRun === 1 ? '' : 's'} · seed ${o.seed} · took ${duration(r.trainMs)} (TensorFlow.js, ${r.backend} backend)`,
  ];
  const ratio = r.testError / r.meanImageError;
  lines.push(`Each test digit is squeezed into ${LATENT_UNITS} numbers and rebuilt from them. Reconstruction error (mean squared error per pixel) on the test digits: **${r.testError.toFixed(4)}**, against **${r.meanImageError.toFixed(4)}** for always answering the mean training image — ${ratio < 1
    ? `${percent(1 - ratio)} lower than that baseline (training digits: ${r.trainError.toFixed(4)}).`
    : `no better than that baseline, so the 2 numbers do not help yet: try more \`epochs\`.`}`);
  lines.push(`A straight-line compression to ${LATENT_UNITS} numbers — projecting onto the training digits' ${LATENT_UNITS} directions of largest variance (PCA) — gets **${r.pcaError.toFixed(4)}**: ${r.testError < r.pcaError
    ? `the autoencoder, with its nonlinear (ReLU and sigmoid) layers, rebuilds the digits from the same ${LATENT_UNITS} numbers with ${percent(1 - r.testError / r.pcaError)} less error.`
    : 'the autoencoder did not beat it in this run; more `epochs` or another `lr` may.'}`);
  const { best, worst } = bestAndWorstDigit(r.classCentroidAccuracy);
  const separation = r.centroidAccuracy > r.chanceAccuracy
    ? `${percent(r.centroidAccuracy)} of the test digits lie nearest the centre of their own digit's training codes, against ${percent(r.chanceAccuracy)} by chance`
    : `only ${percent(r.centroidAccuracy)} of the test digits lie nearest the centre of their own digit's training codes — no better than ${percent(r.chanceAccuracy)} by chance`;
  lines.push(`The labels were used only afterwards, to colour the code plane: ${separation}. Kept apart best: digit ${best} (${percent(r.classCentroidAccuracy[best])}); most mixed up: digit ${worst} (${percent(r.classCentroidAccuracy[worst])}).${r.centroidAccuracy < 0.5
    ? ' So more than half of the test digits sit nearer another digit\'s centre than their own: two numbers keep what rebuilds the pixels best, and the autoencoder was never told which digit an image is.'
    : ''}`);
  if (stoppedNote) lines.push(stoppedNote);
  return lines.join('\n');
}

/** Machine-readable summary for Reply.data: the numbers the text is written from, without pixel arrays or codes. */
export function autoencoderData(r: AutoencoderDemoResult): Record<string, unknown> {
  return {
    model: 'autoencoder', options: r.options, backend: r.backend, stopReason: r.stopReason, epochsRun: r.epochsRun, trainMs: r.trainMs,
    params: r.params, testError: r.testError, trainError: r.trainError, meanImageError: r.meanImageError, pcaError: r.pcaError,
    centroidAccuracy: r.centroidAccuracy, classCentroidAccuracy: r.classCentroidAccuracy, chanceAccuracy: r.chanceAccuracy,
    centroids: r.centroids, testImages: r.testCodes.length,
    examples: r.examples.map((e) => ({ label: e.label, error: e.error })),
  };
}
