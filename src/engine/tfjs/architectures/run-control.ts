/** Time budget, cancellation and progress shared by the architecture demos' training loops. */
import type { Tf } from '../load-tf.ts';

/** What a demo run is told from outside: when to stop and where to report progress. */
export interface DemoHooks {
  signal?: AbortSignal;
  /** Progress from 0 to 1 with a short line of text (epoch and loss). */
  onProgress?: (fraction: number, text: string) => void;
  /** Wall-clock budget for the training (the run stops early with stopReason 'time-limit'). */
  timeLimitMs: number;
}

/** Why a demo's training ended. */
export type DemoStopReason = 'epochs' | 'time-limit' | 'cancelled';

/** Watches the budget and the abort signal during tf's `fit`, and reports progress at most every 100 ms. */
export class RunControl {
  readonly startedMs = performance.now();
  stopReason: DemoStopReason = 'epochs';
  private lastPostMs = 0;

  constructor(private readonly hooks: DemoHooks) {}

  /** True (and the reason recorded) once the run must stop. */
  shouldStop(): boolean {
    if (this.hooks.signal?.aborted) this.stopReason = 'cancelled';
    else if (performance.now() - this.startedMs > this.hooks.timeLimitMs) this.stopReason = 'time-limit';
    return this.stopReason !== 'epochs';
  }

  /** Posts progress (throttled); `force` posts even inside the throttle window. */
  progress(fraction: number, text: string, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastPostMs < 100) return;
    this.lastPostMs = now;
    this.hooks.onProgress?.(Math.max(0, Math.min(1, fraction)), text);
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return performance.now() - this.startedMs;
  }

  /**
   * Callbacks for `model.fit` that stop training when the budget runs out or the run is cancelled,
   * and report progress as `label` from `from` to `to` of the whole job.
   */
  fitCallbacks(model: { stopTraining: boolean }, label: string, epochs: number, batchesPerEpoch: number, from: number, to: number) {
    let epoch = 0;
    let lastLoss = NaN;
    return {
      onEpochBegin: async (e: number) => { epoch = e; },
      onBatchEnd: async (batch: number, logs?: { loss?: number }) => {
        if (logs?.loss !== undefined) lastLoss = logs.loss;
        if (this.shouldStop()) model.stopTraining = true;
        const done = (epoch * batchesPerEpoch + batch + 1) / (epochs * batchesPerEpoch);
        this.progress(from + (to - from) * done, `${label}: epoch ${epoch + 1}/${epochs} · loss ${Number.isFinite(lastLoss) ? lastLoss.toFixed(3) : '–'}`);
      },
    };
  }
}

/** Seeds tf's own random initialisers and shuffles (tf has one global seedable generator per op call, so every initialiser gets an explicit seed instead). */
export function seededInitializers(tf: Tf, seed: number) {
  let n = 0;
  return {
    /** Glorot-uniform with the next seed of this run. */
    glorot: () => tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }),
    /** He-normal with the next seed of this run (for ReLU layers). */
    he: () => tf.initializers.heNormal({ seed: seed * 1000 + n++ }),
  };
}
