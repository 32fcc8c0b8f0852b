/**
 * The training loop: epochs of shuffled mini-batches (1 = SGD, k = mini-batch, full = gradient
 * descent), L1/L2 on weights, dropout, early stopping that restores the best weights, divergence
 * detection, a time budget and an AbortSignal. Same spec and seed → bit-identical result.
 * Playground mode follows TensorFlow Playground's oneStep()/updateWeights() instead: one fixed
 * order, an update after every batchSize-th point with a short last batch carried into the next
 * epoch, and L1 that zeroes and freezes a weight crossing zero (see runPlaygroundEpoch).
 */
import type { Dataset, EpochEntry, Metrics, Snapshot, StopReason, TrainHooks, TrainResult, TrainSpec } from './types.ts';
import { resolveSpec, type TrainSpecInput } from './spec.ts';
import { generateDataset } from './datasets.ts';
import { buildFeatureMatrix, computeFeatureScaling } from './features.ts';
import { chooseOutput } from './losses.ts';
import { countParams, Mlp } from './network.ts';
import { createOptimizer, type Optimizer } from './optimizers.ts';
import { createEvolutionStep } from './evolution.ts';
import { createRng, deriveSeed, type Rng } from './rng.ts';
import { stopMessages } from './stop-messages.ts';

/** Seed streams, so that e.g. changing dropout does not change the data or the initial weights. */
export const INIT_STREAM = 2;
export const BATCH_STREAM = 3;
export const DROPOUT_STREAM = 4;
export const EVOLUTION_STREAM = 5;

/** Loss above which a run counts as diverged even if still finite. */
export const DIVERGENCE_LOSS = 1e6;
/** How often the async trainer yields to the event loop so that aborts and messages get through. */
const YIELD_EVERY_MS = 25;

/** One split as a feature matrix and label vector. */
interface SplitData {
  X: Float64Array;
  labels: Float64Array;
  count: number;
}

/** Everything a run needs, built once from the spec. */
export interface PreparedRun {
  spec: TrainSpec;
  dataset: Dataset;
  mlp: Mlp;
  train: SplitData;
  val: SplitData;
  test: SplitData;
}

/** Generates the data, computes features (and their scaling) and builds the initialised network. */
export function prepareRun(spec: TrainSpec): PreparedRun {
  const dataset = generateDataset(spec);
  const scaling = spec.scale ? computeFeatureScaling(spec.features, dataset.train) : undefined;
  const toSplit = (points: Dataset['train']): SplitData => ({
    X: buildFeatureMatrix(spec.features, points, scaling),
    labels: Float64Array.from(points, (p) => p.label),
    count: points.length,
  });
  const out = chooseOutput(dataset.kind, dataset.classes, spec.playgroundMode);
  const mlp = new Mlp({
    features: spec.features,
    layerSizes: [spec.features.length, ...spec.layers, out.units],
    activation: spec.activation,
    output: out.output,
    loss: out.loss,
    scaling,
  });
  if (spec.initParams) mlp.params.set(spec.initParams);
  else mlp.initialize(spec.init, createRng(deriveSeed(spec.seed, INIT_STREAM)));
  mlp.dropout = spec.dropout;
  return { spec, dataset, mlp, train: toSplit(dataset.train), val: toSplit(dataset.val), test: toSplit(dataset.test) };
}

/** Loss and accuracy of the network on every split. */
export function measure(run: PreparedRun): Metrics {
  const { mlp, train, val, test, dataset } = run;
  const isClassification = dataset.kind !== 'regression';
  const tr = mlp.evaluate(train.X, train.labels, train.count);
  const te = mlp.evaluate(test.X, test.labels, test.count);
  const metrics: Metrics = { trainLoss: tr.loss, testLoss: te.loss };
  if (isClassification) {
    metrics.trainAccuracy = tr.accuracy;
    metrics.testAccuracy = te.accuracy;
  }
  if (val.count > 0) {
    const va = mlp.evaluate(val.X, val.labels, val.count);
    metrics.valLoss = va.loss;
    if (isClassification) metrics.valAccuracy = va.accuracy;
  }
  return metrics;
}

/** A run in progress, advanced one epoch at a time. */
export class TrainingSession {
  readonly run: PreparedRun;
  readonly history: EpochEntry[] = [];
  readonly snapshots: Snapshot[] = [];
  stopReason: StopReason | null = null;
  stopMessage = '';
  private readonly hooks: TrainHooks;
  private readonly order: Int32Array;
  private readonly grads: Float64Array;
  private readonly layerGradSums: Float64Array;
  private readonly optimizer?: Optimizer;
  private readonly evolutionStep?: ReturnType<typeof createEvolutionStep>;
  private readonly batchRng: Rng;
  private readonly dropoutRng: Rng;
  private readonly weightMask: Uint8Array;
  /** Playground mode: links set to 0 by L1 for good (1 = dead), and the weights before a step. */
  private deadLinks: Uint8Array | null = null;
  private weightsBeforeStep: Float64Array | null = null;
  /** Playground mode: examples of a short last batch whose gradient waits in `grads` for the next update. */
  private carriedCount = 0;
  private readonly snapshotEpochs: ReadonlySet<number>;
  private readonly startedAt = performance.now();
  private bestLoss = Infinity;
  private bestEpochSeen = 0;
  private bestParams: Float64Array | null = null;
  private epochsSinceBest = 0;

  constructor(spec: TrainSpec, hooks: TrainHooks = {}) {
    this.run = prepareRun(spec);
    this.hooks = hooks;
    const { mlp, train } = this.run;
    this.order = Int32Array.from({ length: train.count }, (_, i) => i);
    this.grads = new Float64Array(mlp.params.length);
    this.layerGradSums = new Float64Array(mlp.depth);
    this.batchRng = createRng(deriveSeed(spec.seed, BATCH_STREAM));
    this.dropoutRng = createRng(deriveSeed(spec.seed, DROPOUT_STREAM));
    if (spec.optimizer === 'evolution') {
      this.evolutionStep = createEvolutionStep(mlp, spec.learningRate, createRng(deriveSeed(spec.seed, EVOLUTION_STREAM)));
    } else {
      this.optimizer = createOptimizer(spec, mlp.params.length);
    }
    this.weightMask = new Uint8Array(mlp.params.length);
    mlp.weightOffsets.forEach((w0, l) => this.weightMask.fill(1, w0, mlp.biasOffsets[l]));
    this.preparePlaygroundL1();
    this.snapshotEpochs = new Set(hooks.snapshotEpochs ?? []);
    if ((hooks.snapshotEvery ?? 0) > 0 || this.snapshotEpochs.has(0)) this.recordSnapshot(0, measure(this.run));
  }

  get spec(): TrainSpec {
    return this.run.spec;
  }

  /**
   * Changes the learning rate and the weight penalty for the following epochs (a live view's
   * controls); the weights and the optimiser's state carry on. The gradient-free evolution
   * strategy fixes its step size when it starts, so its learning rate cannot change.
   */
  changeSettings(change: Partial<Pick<TrainSpec, 'learningRate' | 'regularization' | 'regRate'>>): void {
    if (change.learningRate !== undefined && change.learningRate !== this.run.spec.learningRate) {
      if (!this.optimizer) throw new Error('the evolution strategy cannot change its learning rate during a run');
      this.optimizer.setLearningRate(change.learningRate);
    }
    this.run.spec = { ...this.run.spec, ...change };
    this.preparePlaygroundL1();
  }

  /** Playground mode with L1: the buffers for links L1 has zeroed for good (kept once made: a dead link stays dead). */
  private preparePlaygroundL1(): void {
    const { spec, mlp } = this.run;
    if (this.deadLinks || !spec.playgroundMode || spec.regularization !== 'l1' || spec.regRate <= 0) return;
    this.deadLinks = new Uint8Array(mlp.params.length);
    this.weightsBeforeStep = new Float64Array(mlp.params.length);
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Runs one epoch; returns false when the run has stopped (see stopReason). */
  runEpoch(): boolean {
    if (this.stopReason) return false;
    const { spec, mlp, train } = this.run;
    const epoch = this.history.length + 1;
    if (this.hooks.signal?.aborted) return this.stop('cancelled', stopMessages.cancelled(epoch - 1));
    if (this.elapsedMs > spec.timeLimitMs) {
      return this.stop('time-limit', stopMessages.timeLimit(spec.timeLimitMs, epoch - 1));
    }
    const batchSize = spec.batchSize === 'full' ? train.count : Math.min(spec.batchSize, train.count);
    this.layerGradSums.fill(0);
    let batches = 0;
    if (spec.playgroundMode && !this.evolutionStep) {
      batches = this.runPlaygroundEpoch(batchSize);
    } else {
      if (!spec.playgroundMode) this.batchRng.shuffleInPlace(this.order);
      batches = this.runStandardEpoch(batchSize);
    }
    const metrics = measure(this.run);
    const gradNorms = Array.from(this.layerGradSums, (sum, l) => sum / (batches * mlp.layerSizes[l] * mlp.layerSizes[l + 1]));
    const entry: EpochEntry = { epoch, ...metrics, gradNorms };
    this.history.push(entry);
    this.hooks.onEpoch?.(entry, spec.epochs);
    const snapshotEvery = this.hooks.snapshotEvery ?? 0;
    if ((snapshotEvery > 0 && epoch % snapshotEvery === 0) || this.snapshotEpochs.has(epoch)) this.recordSnapshot(epoch, metrics);
    return this.checkStop(entry);
  }

  /** One epoch of shuffled batches, the last one short when batchSize does not divide the set; returns the number of updates. */
  private runStandardEpoch(batchSize: number): number {
    const { spec, mlp, train } = this.run;
    let batches = 0;
    for (let start = 0; start < train.count; start += batchSize) {
      const count = Math.min(batchSize, train.count - start);
      if (this.evolutionStep) {
        this.evolutionStep(train.X, train.labels, this.order, start, count);
      } else {
        this.grads.fill(0);
        mlp.forwardBatch(train.X, this.order, start, count, spec.dropout > 0 ? this.dropoutRng : undefined);
        mlp.backwardBatch(train.labels, this.order, start, count, this.grads, this.layerGradSums);
        this.addRegularization();
        this.optimizer!.step(mlp.params, this.grads);
      }
      batches++;
    }
    return batches;
  }

  /**
   * One epoch as the Playground's oneStep(): the training points in their fixed order, an update
   * after every batchSize-th point ((i + 1) % batchSize === 0). A short last batch is not applied:
   * its gradient stays in `grads`, already divided by (its size + batchSize), and joins the next
   * epoch's first update, which the Playground averages over both. Returns the number of updates.
   * (A batch size above the training-set size is capped to it, as in every mode; the Playground,
   * whose sliders cannot produce that case, would never update.)
   */
  private runPlaygroundEpoch(batchSize: number): number {
    const { spec, mlp, train } = this.run;
    const dropRng = spec.dropout > 0 ? this.dropoutRng : undefined;
    const updates = Math.floor(train.count / batchSize);
    for (let k = 0; k < updates; k++) {
      const start = k * batchSize;
      mlp.forwardBatch(train.X, this.order, start, batchSize, dropRng);
      mlp.backwardBatch(train.labels, this.order, start, batchSize, this.grads, this.layerGradSums, batchSize + this.carriedCount);
      this.applyPlaygroundUpdate();
      this.grads.fill(0);
      this.carriedCount = 0;
    }
    const leftover = train.count - updates * batchSize;
    if (leftover > 0) {
      mlp.forwardBatch(train.X, this.order, updates * batchSize, leftover, dropRng);
      mlp.backwardBatch(train.labels, this.order, updates * batchSize, leftover, this.grads, this.layerGradSums, leftover + batchSize);
      this.carriedCount = leftover;
    }
    return updates;
  }

  /**
   * The Playground's updateWeights(): the gradient step, then L2 as rate·w of the weight before
   * the step; L1 subtracts lr·rate·sign(w before) and, when that takes the weight across zero,
   * sets it to exactly 0 and marks the link dead: it is never updated again.
   */
  private applyPlaygroundUpdate(): void {
    const { spec, mlp } = this.run;
    const dead = this.deadLinks;
    const before = this.weightsBeforeStep;
    if (!dead || !before) {
      this.addRegularization();
      this.optimizer!.step(mlp.params, this.grads);
      return;
    }
    const w = mlp.params;
    const g = this.grads;
    // a live view may switch L1 off (or to L2) mid-run: dead links stay dead, the shrink stops
    const isL1 = spec.regularization === 'l1';
    if (!isL1) this.addRegularization();
    for (let i = 0; i < w.length; i++) if (dead[i]) g[i] = 0;
    before.set(w);
    this.optimizer!.step(w, g);
    const shrink = isL1 ? spec.learningRate * spec.regRate : 0;
    const mask = this.weightMask;
    for (let i = 0; i < w.length; i++) {
      if (!mask[i]) continue;
      if (dead[i]) {
        w[i] = 0;
        continue;
      }
      const stepped = w[i];
      const shrunk = stepped - shrink * Math.sign(before[i]);
      if (stepped * shrunk < 0) {
        w[i] = 0;
        dead[i] = 1;
      } else {
        w[i] = shrunk;
      }
    }
  }

  /** Adds ∂/∂w of the penalty to the gradient, weights only: L1 → rate·sign(w), L2 → rate·w (penalty ½·rate·w², as the Playground). */
  private addRegularization(): void {
    const { regularization, regRate } = this.run.spec;
    if (regularization === 'none' || regRate === 0) return;
    const w = this.run.mlp.params;
    const g = this.grads;
    const mask = this.weightMask;
    for (let i = 0; i < w.length; i++) {
      if (!mask[i]) continue;
      g[i] += regularization === 'l2' ? regRate * w[i] : regRate * Math.sign(w[i]);
    }
  }

  private checkStop(entry: EpochEntry): boolean {
    const { spec, mlp } = this.run;
    if (!Number.isFinite(entry.trainLoss) || entry.trainLoss > DIVERGENCE_LOSS || mlp.params.some((p) => !Number.isFinite(p))) {
      return this.stop('diverged', stopMessages.diverged(entry.epoch, spec.learningRate));
    }
    const watched = entry.valLoss ?? entry.trainLoss;
    if (watched < this.bestLoss - 1e-12) {
      this.bestLoss = watched;
      this.bestEpochSeen = entry.epoch;
      this.epochsSinceBest = 0;
      if (spec.earlyStopping !== null) this.bestParams = Float64Array.from(mlp.params);
    } else {
      this.epochsSinceBest++;
    }
    if (spec.targetLoss !== null && entry.trainLoss <= spec.targetLoss) {
      return this.stop('target-loss', stopMessages.targetLoss(spec.targetLoss, entry.epoch));
    }
    if (spec.earlyStopping !== null && this.epochsSinceBest >= spec.earlyStopping) {
      if (this.bestParams) mlp.params.set(this.bestParams);
      return this.stop('early-stopping', stopMessages.earlyStopping(entry.epoch, this.bestEpochSeen));
    }
    if (entry.epoch >= spec.epochs) return this.stop('epochs', stopMessages.epochs(spec.epochs));
    return true;
  }

  private stop(reason: StopReason, message: string): false {
    this.stopReason = reason;
    this.stopMessage = message;
    return false;
  }

  private recordSnapshot(epoch: number, metrics: Metrics): void {
    this.snapshots.push({ epoch, trainLoss: metrics.trainLoss, testLoss: metrics.testLoss, params: Array.from(this.run.mlp.params) });
  }

  /** The result of the run so far (call after it stopped). */
  result(): TrainResult {
    const { spec, mlp, dataset } = this.run;
    const last = this.history[this.history.length - 1];
    const snapshotEvery = this.hooks.snapshotEvery ?? 0;
    if (snapshotEvery > 0 && last && this.snapshots[this.snapshots.length - 1]?.epoch !== last.epoch) this.recordSnapshot(last.epoch, last);
    const final = this.stopReason === 'early-stopping' ? measure(this.run) : last ? stripEpoch(last) : measure(this.run);
    return {
      spec,
      kind: dataset.kind,
      classes: dataset.classes,
      history: this.history,
      final,
      stopReason: this.stopReason ?? 'epochs',
      stopMessage: this.stopMessage,
      bestEpoch: this.bestEpochSeen,
      params: countParams(mlp.layerSizes),
      network: mlp.toData(),
      snapshots: this.snapshots,
      timing: { trainMs: this.elapsedMs },
    };
  }
}

function stripEpoch(entry: EpochEntry): Metrics {
  const { epoch: _epoch, gradNorms: _gradNorms, ...metrics } = entry;
  return metrics;
}

/** Trains synchronously (for benchmarks, tests and worker threads that need no interruption). */
export function trainSync(input: TrainSpecInput | TrainSpec, hooks: TrainHooks = {}): TrainResult {
  const spec = resolveSpec(input);
  if (spec.engine === 'tfjs') throw new Error('the tfjs engine is asynchronous: use train()');
  const session = new TrainingSession(spec, hooks);
  while (session.runEpoch());
  return session.result();
}

/**
 * Trains, yielding to the event loop every ~25 ms so an AbortSignal (or a worker message) is
 * noticed promptly. `engine: 'tfjs'` runs the TensorFlow.js backend instead.
 */
export async function train(input: TrainSpecInput | TrainSpec, hooks: TrainHooks = {}): Promise<TrainResult> {
  const spec = resolveSpec(input);
  if (spec.engine === 'tfjs') {
    const { trainWithTfjs } = await import('./tfjs/train-tfjs.ts');
    return trainWithTfjs(spec, hooks);
  }
  const session = new TrainingSession(spec, hooks);
  let lastYield = performance.now();
  while (session.runEpoch()) {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return session.result();
}
