/** Plain-text summaries of engine results for the terminal. */
import type { TrainResult } from '../../engine/index.ts';
import { describeUserData, optimizerInfo, playgroundLossNote, playgroundModeNote } from '../../engine/index.ts';
import { diagnoseRun } from '../../tutor/coach/diagnose.ts';

const percent = (v: number | undefined): string => (v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
const fixed = (v: number | undefined): string => (v === undefined ? '' : v.toPrecision(4));

/** A short summary: setup, why it stopped, parameters, time, loss/accuracy per split (and the snapshots, when asked for). */
export function formatTrainSummary(result: TrainResult, options: { showSnapshots?: boolean } = {}): string {
  const { spec, final } = result;
  const shape = result.network.layerSizes.join('-');
  const batch = spec.batchSize === 'full' ? 'full batch' : `batch ${spec.batchSize}`;
  const lines = [
    `Trained ${spec.data ? spec.data.source : spec.dataset} (${result.kind}) · ${shape} ${spec.layers.length ? spec.activation : 'no hidden layer'}${spec.playgroundMode ? ' (Playground mode)' : ''} · ${optimizerInfo[spec.optimizer].label} lr ${spec.learningRate} · ${batch} · seed ${spec.seed}`,
    `Stopped: ${result.stopMessage} (${result.history.length} epochs, best epoch ${result.bestEpoch})`,
    `Parameters: ${result.params} · time: ${result.timing.trainMs.toFixed(0)} ms · engine: ${spec.engine}`,
    ...(spec.data ? [`Data: ${describeUserData(spec.data)}`] : []),
    ...(spec.playgroundMode ? [`${playgroundModeNote(result.kind)}; ${playgroundLossNote(result.kind)}.`] : []),
    '',
    `         loss       ${result.kind === 'regression' ? '' : 'accuracy'}`,
    `train    ${fixed(final.trainLoss).padEnd(10)} ${percent(final.trainAccuracy)}`,
  ];
  if (final.valLoss !== undefined) lines.push(`val      ${fixed(final.valLoss).padEnd(10)} ${percent(final.valAccuracy)}`);
  lines.push(`test     ${fixed(final.testLoss).padEnd(10)} ${percent(final.testAccuracy)}`);
  if (options.showSnapshots && result.snapshots.length > 0) {
    lines.push('', 'Snapshots (add --json for their parameters):');
    for (const s of result.snapshots) lines.push(`epoch ${String(s.epoch).padEnd(6)} train loss ${fixed(s.trainLoss).padEnd(10)} test loss ${fixed(s.testLoss)}${countZeros(s.params) ? ` · ${countZeros(s.params)} weights exactly 0` : ''}`);
  }
  // the coach reasons about the generated datasets (circle needs x1², …); for the user's own points it would name the wrong one
  const diagnosis = result.spec.data ? undefined : diagnoseRun(result);
  if (diagnosis) lines.push('', `Coach: ${diagnosis.sentence}`, `Try: ${diagnosis.command}`);
  return lines.join('\n');
}

function countZeros(params: readonly number[]): number {
  return params.reduce((n, p) => n + (p === 0 ? 1 : 0), 0);
}
