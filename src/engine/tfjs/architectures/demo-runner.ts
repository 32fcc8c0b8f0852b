/**
 * The training setup every architecture demo shares: load TensorFlow.js, watch the time budget and
 * the cancel signal, fit models in stages that each fill a slice of the progress bar, and dispose
 * every tensor and model the demo made, however it ends.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { loadTf, type Tf } from '../load-tf.ts';
import { installFastCpuKernels } from '../fast-cpu-kernels.ts';
import { RunControl, type DemoHooks } from './run-control.ts';

/** Anything holding tf memory (tensors, models). */
interface Disposable { dispose(): void }

/** A model as `fit` sees it (tf's LayersModel, with the stop flag the callbacks set). */
interface FittableModel {
  stopTraining: boolean;
  fit(x: Tensor | Tensor[], y: Tensor | Tensor[], args: object): Promise<unknown>;
}

/** One training stage: which model, shown as what, for how long, and which slice of the progress bar it fills. */
export interface FitStage {
  label: string;
  epochs: number;
  batchSize: number;
  /** Progress fraction at the stage's start and end (0–1 of the whole demo). */
  from: number;
  to: number;
}

/** What a demo's body is given: tf, the run's control, and helpers that fit and clean up. */
export interface DemoSession {
  tf: Tf;
  backend: string;
  control: RunControl;
  /** Registers `item` (a tensor, or a model with its optimizer) for disposal when the demo ends, in reverse order; returns it. */
  keep<T extends Disposable>(item: T): T;
  /** Fits `model` for one stage (no shuffling, in batches, stopping on budget or cancel); resolves to the epochs it finished. */
  fit(model: FittableModel, x: Tensor | Tensor[], y: Tensor | Tensor[], stage: FitStage): Promise<number>;
  /** True while no stop was asked for: the next stage may run. */
  isRunning(): boolean;
}

/**
 * Runs one demo's `body` with tf loaded (and, on the pure-JS backend, the faster kernels, which give
 * the same numbers) and a RunControl on `hooks`; everything the body `keep`s is disposed afterwards.
 */
export async function runDemo<R>(hooks: DemoHooks, body: (session: DemoSession) => Promise<R>): Promise<R> {
  const { tf, backend } = await loadTf();
  installFastCpuKernels(tf);
  const control = new RunControl(hooks);
  const kept: Disposable[] = [];
  const session: DemoSession = {
    tf,
    backend,
    control,
    keep: (item) => {
      kept.push(item);
      return item;
    },
    fit: async (model, x, y, stage) => {
      const batches = Math.ceil(firstDimOf(x) / stage.batchSize);
      let epochsDone = 0;
      await model.fit(x, y, {
        epochs: stage.epochs, batchSize: stage.batchSize, shuffle: false, verbose: 0,
        callbacks: { ...control.fitCallbacks(model, stage.label, stage.epochs, batches, stage.from, stage.to), onEpochEnd: async () => { epochsDone++; } },
      });
      return epochsDone;
    },
    isRunning: () => control.stopReason === 'epochs',
  };
  try {
    return await body(session);
  } finally {
    for (const item of kept.reverse()) disposeWithOptimizer(item);
  }
}

/** Disposes `item`, and its optimizer if it is a compiled model: tf's `model.dispose()` keeps an optimizer passed in as an object (Adam's moment tensors would leak on every run). */
function disposeWithOptimizer(item: Disposable): void {
  const optimizer = (item as { optimizer?: Disposable }).optimizer;
  item.dispose();
  optimizer?.dispose();
}

function firstDimOf(x: Tensor | Tensor[]): number {
  return (Array.isArray(x) ? x[0] : x).shape[0] ?? 0;
}
