/**
 * The TensorFlow.js backend (`engine: 'tfjs'`): the same spec trained with @tensorflow/tfjs (or
 * tfjs-node when installed) — same data, features and scaling, same initial weights (copied from
 * the fast engine's Mlp), same per-epoch batch order and dropout masks (the same seed streams),
 * same history, stop rules and result shape. It runs in float32, so it agrees with the fast engine
 * to float32 rounding, not bit for bit; it is slower (op dispatch per step) and serves as the oracle.
 */
import type { Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { EpochEntry, Metrics, Snapshot, StopReason, TrainHooks, TrainResult, TrainSpec } from '../types.ts';
import { DIVERGENCE_LOSS, prepareRun, type PreparedRun } from '../train.ts';
import { stopMessages } from '../stop-messages.ts';
import { countParams } from '../network.ts';
import { exampleLoss, isCorrect } from '../losses.ts';
import { loadTf, type Tf } from './load-tf.ts';
import { lossTargets, TfMlp } from './tf-mlp.ts';
import { assertTfjsOptimizer, createTfOptimizer, disposeTfOptimizer } from './tf-optimizers.ts';
import { createBatchRng, createDropoutRng, drawDropoutMasks } from './oracle.ts';

/** Loss above which a run counts as diverged even if still finite (as in train.ts). */
/** How often the loop yields to the event loop so that aborts and messages get through. */
const YIELD_EVERY_MS = 25;

/** One split on the tf side: features [count, inputs] and loss targets [count, units]. */
interface TfSplit {
  x: Tensor2D;
  targets: Tensor2D;
  labels: Float64Array;
  count: number;
}

function toTfSplit(tf: Tf, run: PreparedRun, split: PreparedRun['train']): TfSplit {
  const inputs = run.mlp.layerSizes[0];
  const units = run.mlp.layerSizes[run.mlp.layerSizes.length - 1];
  return {
    x: tf.tensor2d(Float32Array.from(split.X), [split.count, inputs]),
    targets: tf.tensor2d(lossTargets(run.mlp.loss, split.labels, split.count, units), [split.count, units]),
    labels: split.labels,
    count: split.count,
  };
}

/** Mean loss and accuracy of the tf network on one split, with the fast engine's loss formulas (losses.ts). */
function evaluateSplit(tf: Tf, net: TfMlp, split: TfSplit, run: PreparedRun): { loss: number; accuracy: number } {
  const units = run.mlp.layerSizes[run.mlp.layerSizes.length - 1];
  const outputs = tf.tidy(() => net.predict(split.x));
  const values = outputs.dataSync() as Float32Array;
  outputs.dispose();
  const y = new Float64Array(units);
  let loss = 0;
  let correct = 0;
  for (let e = 0; e < split.count; e++) {
    for (let j = 0; j < units; j++) y[j] = values[e * units + j];
    loss += exampleLoss(run.mlp.loss, y, 0, split.labels[e]);
    if (isCorrect(run.mlp.output, y, 0, units, split.labels[e])) correct++;
  }
  return { loss: loss / split.count, accuracy: correct / split.count };
}

/**
 * Trains `spec` with TensorFlow.js. Gradients come from tf.variableGrads on low-level ops; the
 * penalty gradient is added explicitly (L2: rate·w, i.e. tfjs's l2 regulariser with coefficient
 * rate/2; L1: rate·sign(w), since tf's |w|' at 0 is −1), weights only; tf.train applies the step.
 */
export async function trainWithTfjs(spec: TrainSpec, hooks: TrainHooks = {}): Promise<TrainResult> {
  assertTfjsOptimizer(spec.optimizer);
  const { tf } = await loadTf();
  const startedAt = performance.now();
  const elapsedMs = (): number => performance.now() - startedAt;
  const run = prepareRun(spec);
  const { mlp, dataset } = run;
  const isClassification = dataset.kind !== 'regression';
  const depth = mlp.depth;
  const disposables: { dispose(): void }[] = [];
  try {
    const net = new TfMlp(tf, mlp, mlp.params);
    disposables.push(net);
    const optimizer = createTfOptimizer(tf, spec);
    disposables.push({ dispose: () => disposeTfOptimizer(optimizer) });
    const train = toTfSplit(tf, run, run.train);
    const val = run.val.count > 0 ? toTfSplit(tf, run, run.val) : null;
    const test = toTfSplit(tf, run, run.test);
    for (const s of [train, val, test]) if (s) disposables.push(s.x, s.targets);
    const gradAbsSums: Variable = tf.tidy(() => tf.variable(tf.zeros([depth]), false));
    disposables.push(gradAbsSums);

    const history: EpochEntry[] = [];
    const snapshots: Snapshot[] = [];
    const snapshotEvery = hooks.snapshotEvery ?? 0;
    let stopReason: StopReason | null = null;
    let stopMessage = '';
    let bestLoss = Infinity;
    let bestEpoch = 0;
    let bestParams: Float64Array | null = null;
    let epochsSinceBest = 0;
    let lastYield = performance.now();

    const stop = (reason: StopReason, message: string): void => {
      stopReason = reason;
      stopMessage = message;
    };
    const measureAll = (): Metrics => {
      const tr = evaluateSplit(tf, net, train, run);
      const te = evaluateSplit(tf, net, test, run);
      const metrics: Metrics = { trainLoss: tr.loss, testLoss: te.loss };
      if (isClassification) {
        metrics.trainAccuracy = tr.accuracy;
        metrics.testAccuracy = te.accuracy;
      }
      if (val) {
        const va = evaluateSplit(tf, net, val, run);
        metrics.valLoss = va.loss;
        if (isClassification) metrics.valAccuracy = va.accuracy;
      }
      return metrics;
    };
    const recordSnapshot = (epoch: number, metrics: Metrics, params: Float64Array): void => {
      snapshots.push({ epoch, trainLoss: metrics.trainLoss, testLoss: metrics.testLoss, params: Array.from(params) });
    };
    /** Stops for a cancel or the time budget (checked before every epoch and whenever the loop yields); true = stopped. */
    const checkInterrupt = (completedEpochs: number): boolean => {
      if (hooks.signal?.aborted) {
        stop('cancelled', stopMessages.cancelled(completedEpochs));
        return true;
      }
      if (elapsedMs() > spec.timeLimitMs) {
        stop('time-limit', stopMessages.timeLimit(spec.timeLimitMs, completedEpochs));
        return true;
      }
      return false;
    };

    const snapshotEpochs = new Set(hooks.snapshotEpochs ?? []);
    if (snapshotEvery > 0 || snapshotEpochs.has(0)) recordSnapshot(0, measureAll(), net.readParams());
    const order = Int32Array.from({ length: train.count }, (_, i) => i);
    const batchRng = createBatchRng(spec.seed);
    const dropoutRng = spec.dropout > 0 ? createDropoutRng(spec.seed) : null;
    const batchSize = spec.batchSize === 'full' ? train.count : Math.min(spec.batchSize, train.count);
    const hiddenSizes = mlp.layerSizes.slice(1, -1);
    const weightIndex = new Set(net.weights.map((w) => w.name));

    const isPlaygroundRules = spec.playgroundMode;
    const isPlaygroundL1 = isPlaygroundRules && spec.regularization === 'l1' && spec.regRate > 0;
    /** Playground mode: a short last batch's gradients (already weighted for the next update) and its size. */
    let carried: Tensor[] | null = null;
    let carriedCount = 0;
    disposables.push({ dispose: () => carried?.forEach((t) => t.dispose()) });
    const deadLinks = isPlaygroundL1 ? new Uint8Array(mlp.params.length) : null;
    const weightMask = new Uint8Array(mlp.params.length);
    mlp.weightOffsets.forEach((w0, l) => weightMask.fill(1, w0, mlp.biasOffsets[l]));
    /** Data-loss gradients of rows order[start, start + count), batch means; records Σ|∂L/∂w| per layer. */
    const batchGradients = (start: number, count: number): Tensor[] => {
      const masks = dropoutRng ? drawDropoutMasks(dropoutRng, mlp.layerSizes, count, spec.dropout) : null;
      const rows: Tensor1D = tf.tensor1d(order.subarray(start, start + count), 'int32');
      const grads = tf.tidy(() => {
        const xb = tf.gather(train.x, rows);
        const tb = tf.gather(train.targets, rows);
        const maskTensors = masks?.map((m, l) => tf.tensor2d(m, [count, hiddenSizes[l]]));
        const result = net.gradients(xb, tb, maskTensors).grads;
        // Σ|∂L/∂w| per weight layer of the data loss alone, as the fast engine records for gradNorms.
        gradAbsSums.assign(tf.add(gradAbsSums, tf.stack(net.weights.map((_, l) => tf.sum(tf.abs(result[2 * l]))))));
        return result;
      });
      rows.dispose();
      return grads;
    };
    const applyStep = (grads: Tensor[]): void => {
      if (!isPlaygroundL1) {
        tf.tidy(() => optimizer.applyGradients(net.variables.map((v, i) => ({ name: v.name, tensor: weightIndex.has(v.name) ? addPenalty(tf, spec, grads[i], v) : grads[i] }))));
        return;
      }
      // The Playground's L1: gradient step, then −lr·rate·sign(w before); a weight crossing zero becomes 0 and stays there.
      const before = net.readParams();
      tf.tidy(() => optimizer.applyGradients(net.variables.map((v, i) => ({ name: v.name, tensor: grads[i] }))));
      const after = net.readParams();
      const shrink = spec.learningRate * spec.regRate;
      for (let i = 0; i < after.length; i++) {
        if (!weightMask[i]) continue;
        if (deadLinks![i]) {
          after[i] = 0;
          continue;
        }
        const shrunk = after[i] - shrink * Math.sign(before[i]);
        if (after[i] * shrunk < 0) {
          after[i] = 0;
          deadLinks![i] = 1;
        } else {
          after[i] = shrunk;
        }
      }
      net.writeParams(after);
    };

    epochs: while (stopReason === null) {
      const epoch = history.length + 1;
      if (checkInterrupt(epoch - 1)) break;
      if (!isPlaygroundRules) batchRng.shuffleInPlace(order);
      tf.tidy(() => gradAbsSums.assign(tf.zerosLike(gradAbsSums)));
      let batches = 0;
      // Playground mode: an update after every batchSize-th point; a short last batch is carried into the next epoch's first update.
      const fullBatches = isPlaygroundRules ? Math.floor(train.count / batchSize) : Math.ceil(train.count / batchSize);
      for (let k = 0; k < fullBatches; k++) {
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
          if (checkInterrupt(epoch - 1)) break epochs;
        }
        const start = k * batchSize;
        const count = Math.min(batchSize, train.count - start);
        let grads = batchGradients(start, count);
        if (carried) {
          const total = count + carriedCount;
          const merged = tf.tidy(() => grads.map((g, i) => tf.add(tf.mul(g, count / total), carried![i])));
          grads.forEach((g) => g.dispose());
          carried.forEach((t) => t.dispose());
          grads = merged;
          carried = null;
          carriedCount = 0;
        }
        applyStep(grads);
        grads.forEach((g) => g.dispose());
        batches++;
      }
      const leftover = train.count - fullBatches * batchSize;
      if (isPlaygroundRules && leftover > 0) {
        const grads = batchGradients(fullBatches * batchSize, leftover);
        carried = tf.tidy(() => grads.map((g) => tf.mul(g, leftover / (leftover + batchSize))));
        grads.forEach((g) => g.dispose());
        carriedCount = leftover;
      }

      const metrics = measureAll();
      const absSums = gradAbsSums.dataSync();
      const gradNorms = Array.from({ length: depth }, (_, l) => absSums[l] / (batches * mlp.layerSizes[l] * mlp.layerSizes[l + 1]));
      const entry: EpochEntry = { epoch, ...metrics, gradNorms };
      history.push(entry);
      hooks.onEpoch?.(entry, spec.epochs);
      const params = net.readParams();
      if ((snapshotEvery > 0 && epoch % snapshotEvery === 0) || snapshotEpochs.has(epoch)) recordSnapshot(epoch, metrics, params);

      if (!Number.isFinite(entry.trainLoss) || entry.trainLoss > DIVERGENCE_LOSS || params.some((p) => !Number.isFinite(p))) {
        stop('diverged', stopMessages.diverged(epoch, spec.learningRate));
        break;
      }
      const watched = entry.valLoss ?? entry.trainLoss;
      if (watched < bestLoss - 1e-12) {
        bestLoss = watched;
        bestEpoch = epoch;
        epochsSinceBest = 0;
        if (spec.earlyStopping !== null) bestParams = params;
      } else {
        epochsSinceBest++;
      }
      if (spec.targetLoss !== null && entry.trainLoss <= spec.targetLoss) {
        stop('target-loss', stopMessages.targetLoss(spec.targetLoss, epoch));
      } else if (spec.earlyStopping !== null && epochsSinceBest >= spec.earlyStopping) {
        if (bestParams) net.writeParams(bestParams);
        stop('early-stopping', stopMessages.earlyStopping(epoch, bestEpoch));
      } else if (epoch >= spec.epochs) {
        stop('epochs', stopMessages.epochs(spec.epochs));
      }
    }

    const finalParams = net.readParams();
    const last = history[history.length - 1];
    if (snapshotEvery > 0 && last && snapshots[snapshots.length - 1]?.epoch !== last.epoch) recordSnapshot(last.epoch, last, finalParams);
    const final: Metrics = stopReason === 'early-stopping' || !last ? measureAll() : withoutEpoch(last);
    mlp.params.set(finalParams);
    return {
      spec,
      kind: dataset.kind,
      classes: dataset.classes,
      history,
      final,
      stopReason: stopReason ?? 'epochs',
      stopMessage,
      bestEpoch,
      params: countParams(mlp.layerSizes),
      network: mlp.toData(),
      snapshots,
      timing: { trainMs: elapsedMs() },
    };
  } finally {
    for (const d of disposables) d.dispose();
  }
}

/** ∂(penalty)/∂w added to a weight gradient: L2 → rate·w (penalty ½·rate·w²), L1 → rate·sign(w). */
function addPenalty(tf: Tf, spec: TrainSpec, grad: Tensor, weight: Variable): Tensor {
  if (spec.regularization === 'none' || spec.regRate === 0) return grad;
  const slope = spec.regularization === 'l2' ? weight : tf.sign(weight);
  return tf.add(grad, tf.mul(spec.regRate, slope));
}

function withoutEpoch(entry: EpochEntry): Metrics {
  const { epoch: _epoch, gradNorms: _gradNorms, ...metrics } = entry;
  return metrics;
}
