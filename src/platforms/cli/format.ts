/** Plain-text summaries of engine results for the terminal. */
import type { TrainResult } from '../../engine/index.ts';
import { optimizerInfo } from '../../engine/index.ts';
import { diagnoseRun } from '../../tutor/coach/diagnose.ts';

const percent = (v: number | undefined): string => (v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
const fixed = (v: number | undefined): string => (v === undefined ? '' : v.toPrecision(4));

/** A short summary: setup, why it stopped, parameters, time, and loss/accuracy per split. */
export function formatTrainSummary(result: TrainResult): string {
  const { spec, final } = result;
  const shape = result.network.layerSizes.join('-');
  const batch = spec.batchSize === 'full' ? 'full batch' : `batch ${spec.batchSize}`;
  const lines = [
    `Trained ${spec.dataset} (${result.kind}) · ${shape} ${spec.layers.length ? spec.activation : 'no hidden layer'}${spec.playgroundMode ? ' (Playground mode)' : ''} · ${optimizerInfo[spec.optimizer].label} lr ${spec.learningRate} · ${batch} · seed ${spec.seed}`,
    `Stopped: ${result.stopMessage} (${result.history.length} epochs, best epoch ${result.bestEpoch})`,
    `Parameters: ${result.params} · time: ${result.timing.trainMs.toFixed(0)} ms · engine: ${spec.engine}`,
    '',
    `         loss       ${result.kind === 'regression' ? '' : 'accuracy'}`,
    `train    ${fixed(final.trainLoss).padEnd(10)} ${percent(final.trainAccuracy)}`,
  ];
  if (final.valLoss !== undefined) lines.push(`val      ${fixed(final.valLoss).padEnd(10)} ${percent(final.valAccuracy)}`);
  lines.push(`test     ${fixed(final.testLoss).padEnd(10)} ${percent(final.testAccuracy)}`);
  const diagnosis = diagnoseRun(result);
  if (diagnosis) lines.push('', `Coach: ${diagnosis.sentence}`, `Try: ${diagnosis.command}`);
  return lines.join('\n');
}
