/**
 * The coach: reads a finished run and, when it went wrong (time limit, diverged, at or below
 * chance, flat, badly overfitted), says in one sentence what happened and why and proposes one
 * /train command that fixes it. A good run gets no diagnosis. Every suggestion is checked by
 * test/tutor/coach.test.ts: the suggested command, on the same seed, does clearly better.
 */
import type { FeatureName, TrainResult, TrainSpec } from '../../engine/types.ts';
import { trainCommandForSpec } from './spec-command.ts';

export type DiagnosisKind = 'time-limit' | 'diverged' | 'chance' | 'flat' | 'overfit';

/** What the coach says about a run: the kind, one sentence, and the fix as a spec and a /train command. */
export interface Diagnosis {
  kind: DiagnosisKind;
  /** What happened and why, in one sentence. */
  sentence: string;
  /** The spec of the suggested run (same seed). */
  fix: TrainSpec;
  /** The suggested command, e.g. `/train dataset:spiral … seed:1`. */
  command: string;
}

const pct = (x: number | undefined): string => `${((x ?? NaN) * 100).toFixed(1)} %`;
const num = (x: number): string => (Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toPrecision(2));

/** Accuracy a guess gets: ½ for two classes, 1/k for k. */
export function chanceAccuracy(result: TrainResult): number {
  return 1 / Math.max(2, result.classes);
}

/** Relative fall of the training loss over the last quarter of the run (0 = flat). */
function recentImprovement(result: TrainResult): number {
  const h = result.history;
  if (h.length < 8) return 1;
  const before = h[Math.floor(h.length * 0.75)].trainLoss;
  const last = h[h.length - 1].trainLoss;
  return before > 0 ? (before - last) / before : 0;
}

function withFeatures(spec: TrainSpec, extra: FeatureName[]): FeatureName[] {
  return [...spec.features, ...extra.filter((f) => !spec.features.includes(f))];
}

/** Why a classifier learnt (almost) nothing (a clause), and the one change that fixes it. */
export function stuckCause(result: TrainResult): { why: string; fix: Partial<TrainSpec> } {
  const spec = result.spec;
  const isLinear = spec.layers.length === 0 || spec.activation === 'identity';
  if (spec.learningRate >= 1) {
    return {
      why: `the learning rate ${spec.learningRate} is so large that the first steps drove the units into saturation, where their gradient is almost zero`,
      fix: { learningRate: 0.03 },
    };
  }
  if (isLinear && spec.dataset !== 'gauss') {
    const extra: FeatureName[] = spec.dataset === 'circle' ? ['x1sq', 'x2sq'] : spec.dataset === 'xor' ? ['x1x2'] : ['sinx1', 'sinx2'];
    const fix: Partial<TrainSpec> = spec.dataset === 'spiral' || spec.dataset === 'spiral3'
      ? { activation: 'tanh', layers: spec.layers.length ? spec.layers : [8, 8], features: withFeatures(spec, extra), epochs: Math.max(spec.epochs, 300) }
      : { features: withFeatures(spec, extra) };
    return {
      why: `${spec.layers.length === 0 ? 'with no hidden layer' : 'with a linear activation'} the network is one linear function of its inputs, so it can only draw a straight boundary, and ${spec.dataset} needs a curved one`,
      fix,
    };
  }
  if (spec.activation === 'binary-step') {
    return { why: 'the binary step has zero derivative everywhere, so backpropagation passes no gradient back at all', fix: { activation: 'relu' } };
  }
  if (spec.activation === 'sigmoid' && spec.layers.length >= 2) {
    return {
      why: `every sigmoid layer passes back at most a quarter of the gradient (σ′ ≤ 0.25), so after ${spec.layers.length} hidden layers the first ones get almost no learning signal (vanishing gradients)`,
      fix: { activation: 'relu' },
    };
  }
  if ((spec.dataset === 'spiral' || spec.dataset === 'spiral3') && !spec.features.includes('sinx1')) {
    return {
      why: 'two interleaved spiral arms are very hard to separate from x1 and x2 alone in this many epochs',
      fix: { features: withFeatures(spec, ['sinx1', 'sinx2']), epochs: Math.max(spec.epochs, 300) },
    };
  }
  if (spec.learningRate < 0.01) {
    return { why: `with learning rate ${spec.learningRate} every step is tiny, so ${spec.epochs} epochs are not enough`, fix: { learningRate: +(spec.learningRate * 10).toPrecision(2) } };
  }
  return { why: `${spec.epochs} epochs were not enough for this network to get off its plateau`, fix: { epochs: Math.min(2000, spec.epochs * 4) } };
}

function diagnosis(kind: DiagnosisKind, sentence: string, result: TrainResult, change: Partial<TrainSpec>): Diagnosis {
  const fix: TrainSpec = { ...result.spec, ...change };
  return { kind, sentence, fix, command: trainCommandForSpec(fix) };
}

/** The coach's diagnosis of a run, or undefined when the run went well. */
export function diagnoseRun(result: TrainResult): Diagnosis | undefined {
  const { spec, final } = result;
  const ran = result.history.length;
  if (result.stopReason === 'time-limit') {
    const epochs = Math.max(1, Math.floor(ran * 0.8));
    return diagnosis('time-limit', `It stopped at the time limit after ${ran} of ${spec.epochs} epochs, so these are the numbers of an unfinished run: this setup needs more time per epoch than this bot allows.`, result, { epochs });
  }
  if (result.stopReason === 'diverged') {
    return diagnosis('diverged', `The loss blew up at epoch ${ran}: with learning rate ${spec.learningRate} each step overshoots the minimum by more than the last, so the weights run off to infinity.`, result, { learningRate: +(spec.learningRate / 10).toPrecision(2) });
  }
  if (result.kind === 'regression') return undefined;
  const accuracy = final.testAccuracy ?? NaN;
  const chance = chanceAccuracy(result);
  if (accuracy <= chance + 0.1) {
    const { why, fix } = stuckCause(result);
    const below = accuracy < chance - 0.02 ? ` (below chance only means its nearly constant output leans the wrong way on more test points)` : '';
    return diagnosis('chance', `Test accuracy ${pct(accuracy)} is no better than guessing${below}: ${why}.`, result, fix);
  }
  const trainAccuracy = final.trainAccuracy ?? NaN;
  if (trainAccuracy < 0.9 && recentImprovement(result) < 0.05) {
    const { why, fix } = stuckCause(result);
    return diagnosis('flat', `The loss went flat at ${num(final.trainLoss)} with only ${pct(trainAccuracy)} of the training points right: ${why}.`, result, fix);
  }
  const heldOut = final.valLoss ?? final.testLoss;
  if (heldOut - final.trainLoss > 0.3 && trainAccuracy - accuracy > 0.08) {
    const fix: Partial<TrainSpec> = spec.regularization === 'none'
      ? { regularization: 'l2', regRate: 0.03 }
      : { split: { train: 0.6, val: 0.2, test: 0.2 }, earlyStopping: 20 };
    return diagnosis('overfit', `It memorised the training points (training accuracy ${pct(trainAccuracy)}, test ${pct(accuracy)}; test loss ${num(final.testLoss)} against ${num(final.trainLoss)} in training): a network this big fits the noise of so few points.`, result, fix);
  }
  return undefined;
}

/** The coach's line for a reply: the sentence, then "Try `/train …`". */
export function coachLine(d: Diagnosis): string {
  return `**Coach:** ${d.sentence} Try \`${d.command}\``;
}
