import type { Metrics, ProblemKind, RegularizationName, StopReason } from '../engine/types.ts';
import type { TrainSpecInput } from '../engine/spec.ts';
import type { JobImage } from './types.ts';

/** Side of the live boundary grid (cells per axis): the Playground's 100×100. */
export const LIVE_GRID_SIZE = 100;
/** Side of each per-neuron thumbnail (cells per axis). */
export const LIVE_THUMB_SIZE = 16;
/** Time between frames while a live run plays (≈15 frames a second). */
export const LIVE_FRAME_INTERVAL_MS = 66;
/** Speeds a live run can play at, in epochs per frame (slowest first); the default is 1. */
export const LIVE_SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
/** Epochs per frame when a live run starts. */
export const LIVE_DEFAULT_SPEED = 1;

/** Train one network epoch by epoch, streaming frames and obeying controls until cancelled. */
export interface LiveTask {
  type: 'live';
  spec: TrainSpecInput;
  /** The whole session ends after this long on the clock (paused time included). */
  maxLifetimeMs: number;
  /** The session ends once training and drawing frames have used this much CPU time. */
  computeBudgetMs: number;
  /** Start paused (a view nobody has looked at yet) or playing. */
  startPaused?: boolean;
}

/** A control from the owner; each takes effect before the next epoch. */
export type LiveControl =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'speed'; epochsPerFrame: number }
  | { type: 'settings'; learningRate?: number; regularization?: RegularizationName; regRate?: number }
  /** Draw the current state as PNGs (Discord and Slack replace their reply's picture with it). */
  | { type: 'picture' };

/** One epoch in the loss curve, with the learning rate and penalty that epoch trained with. */
export interface LiveLossEntry {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  learningRate: number;
  regularization: RegularizationName;
  regRate: number;
}

/** Sent once when a live run starts (and again after a reset): what does not change frame to frame. */
export interface LiveSetup {
  kind: ProblemKind;
  classes: number;
  layerSizes: number[];
  features: string[];
  domain: [number, number];
  /** Training points: x1, x2 quantised to Int8 over the domain (−127…127), then one label each. */
  pointsXy: Int8Array;
  /** Binary ±1 → 0/1, multi-class → class index, regression → value quantised to Int8 over [−1, 1]. */
  pointLabels: Int8Array;
  maxEpochs: number;
}

/** What a playing session reports about itself. */
export type LiveState = 'playing' | 'paused' | 'finished';

/** One drawn state of the run: compact typed data, never pictures. */
export interface LiveFrame {
  seq: number;
  /** Counts resets: frames of an earlier run are stale. */
  runNumber: number;
  epoch: number;
  state: LiveState;
  epochsPerFrame: number;
  learningRate: number;
  regularization: RegularizationName;
  regRate: number;
  /** Epochs since the previous frame (the loss curve's delta); `historyStart` = epochs before them. */
  losses: LiveLossEntry[];
  historyStart: number;
  /**
   * LIVE_GRID_SIZE² cells, row 0 at the top: binary scores and regression values in [−1, 1] as
   * round(127·v); multi-class as two bytes per cell, the winning class and its probability·127.
   */
  grid: Int8Array;
  /** Every neuron except the outputs (inputs first), LIVE_THUMB_SIZE² values each as round(127·clamp(v, −1, 1)). */
  neurons: Int8Array;
  stopReason?: StopReason;
  stopMessage?: string;
}

/** Messages from a live job's worker to the main thread. */
export type LiveOutMessage =
  | { type: 'live-setup'; setup: LiveSetup; runNumber: number }
  | { type: 'live-frame'; frame: LiveFrame }
  | { type: 'live-picture'; images: JobImage[]; epoch: number; state: LiveState; metrics: Metrics }
  | { type: 'live-refused'; message: string }
  | { type: 'live-ended'; reason: 'lifetime' | 'compute-budget' };
