import type { ActivationName, TrainResult } from '../engine/types.ts';
import type { TrainSpecInput } from '../engine/spec.ts';
import type { PathOptimizerName } from '../engine/surfaces.ts';
import type { LiveTask } from './live-types.ts';
import type { ArchitectureDemoName, ArchitectureDemoResult } from '../engine/tfjs/architectures/index.ts';

/** Pictures a training job can render from its result. */
export const TRAIN_IMAGE_KINDS = ['boundary', 'loss', 'network', 'gradients', 'gif', 'summary', 'dataset'] as const;
/** One picture name a training job can draw. */
export type TrainImageKind = (typeof TRAIN_IMAGE_KINDS)[number];

/** The pictures that can be drawn without naming the dataset or activation (quiz "read the chart" questions). */
export const NAME_HIDING_IMAGE_KINDS = ['boundary', 'loss', 'gradients', 'dataset'] as const satisfies readonly TrainImageKind[];

/** Train one network, then render pictures of it. */
export interface TrainTask {
  type: 'train';
  spec: TrainSpecInput;
  images: TrainImageKind[];
  /** Frames wanted in the training GIF (only with 'gif'). */
  gifFrames?: number;
  /**
   * Draw the pictures without the dataset's or activation's name (quiz pictures). Only the
   * NAME_HIDING_IMAGE_KINDS can do that; asking for another kind with it fails before training.
   */
  hideNames?: boolean;
  /** Draw the decision boundary by predicted class only (the Playground's "discretize output"). */
  discretize?: boolean;
}

/** Render a picture that needs no training. */
export type RenderTask =
  | { type: 'render'; what: 'activation'; names: ActivationName[]; hideNames?: boolean }
  | { type: 'render'; what: 'optimizer-paths'; surface: string; animate: boolean; steps?: number; optimizers?: PathOptimizerName[]; learningRates?: Partial<Record<PathOptimizerName, number>>; hideNames?: boolean }
  | { type: 'render'; what: 'dataset'; spec: TrainSpecInput; hideNames?: boolean }
  | { type: 'render'; what: 'comparison'; groups: { label: string; runs: TrainResult[] }[]; title?: string };

/** Train one of the TensorFlow.js architecture demos (cnn, …) and draw its pictures. */
export interface ArchitectureTask {
  type: 'architecture';
  demo: ArchitectureDemoName;
  /** The demo's options (checked again in the worker); missing ones take the demo's defaults. */
  options: Record<string, number>;
  /** Wall-clock budget for the training part. */
  timeLimitMs: number;
}

/** Anything the worker pool runs. */
export type JobTask = TrainTask | RenderTask | LiveTask | ArchitectureTask;

/** An image as it crosses the thread boundary (Buffers arrive as Uint8Array). */
export interface JobImage {
  name: string;
  alt: string;
  contentType: 'image/png' | 'image/gif';
  data: Uint8Array;
  width: number;
  height: number;
}

/** What a job returns; `result` only for training jobs (snapshots dropped once drawn). */
export interface JobOutput {
  result?: TrainResult;
  /** What an architecture demo measured (only for 'architecture' tasks). */
  architecture?: ArchitectureDemoResult;
  images: JobImage[];
}

/** Messages on a job's MessagePort. */
export type JobMessage =
  | { type: 'progress'; fraction: number; text: string }
  | { type: 'cancel' };
