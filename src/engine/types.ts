/**
 * Shared types of the training engine. Everything here is plain data (JSON-serialisable once
 * typed arrays are turned into number arrays), so results can cross worker threads and the wire.
 */

/** Every dataset name, spelled once; the tables in datasets.ts are keyed by these. */
export const DATASET_NAMES = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'sine', 'cubic', 'abs', 'plane', 'multigauss', 'spiral3', 'blobs4'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** What kind of prediction a dataset asks for; it fixes the output layer and the loss. */
export type ProblemKind = 'binary' | 'regression' | 'multiclass';

/**
 * One example in the input plane. `label` is ±1 for binary sets, the class index 0..k-1 for
 * multi-class sets and the target value (in [-1, 1]) for regression sets.
 */
export interface Point {
  x1: number;
  x2: number;
  label: number;
}

/** Input features of the Playground (x1 = x, x2 = y). */
export const FEATURE_NAMES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The ten activations of the lecture's table. */
export const ACTIVATION_NAMES = [
  'identity', 'binary-step', 'sigmoid', 'tanh', 'relu', 'gelu', 'softplus', 'elu', 'selu', 'leaky-relu',
] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** Output-layer functions; chosen from the problem kind (and Playground mode), never by the user directly. */
export type OutputActivationName = 'linear' | 'sigmoid' | 'tanh' | 'softmax';

/** Losses: squared error (½(ŷ−y)², the Playground's), binary cross-entropy on a sigmoid, softmax cross-entropy. */
export type LossName = 'squared' | 'binary-cross-entropy' | 'softmax-cross-entropy';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'evolution'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const INIT_NAMES = ['playground', 'glorot', 'he', 'zeros'] as const;
export type InitName = (typeof INIT_NAMES)[number];

export const REGULARIZATION_NAMES = ['none', 'l1', 'l2'] as const;
export type RegularizationName = (typeof REGULARIZATION_NAMES)[number];

export const ENGINE_NAMES = ['fast', 'tfjs'] as const;

/** What the labels of user data mean: classes (±1 or 0/1 for two, 0..k−1 for more) or numbers to predict. */
export const TASK_NAMES = ['classification', 'regression'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/**
 * Points supplied by the user instead of a generated dataset: `--data FILE` on the CLI, the
 * `data` field of a spec (and the basis of uploads). Labels are already normalised: −1/+1 for two
 * classes, 0..k−1 for k > 2 classes, any finite number for regression. The seven features are
 * computed from x1 and x2 as for generated data.
 * - `layout: 'split'`: train/val/test as given; their order is kept (Playground mode trains in it).
 * - `layout: 'pool'`: one unsplit set, shuffled with the seed and split by `spec.split` like generated data.
 */
export type UserData = UserDataInfo & (
  | { layout: 'split'; train: Point[]; val: Point[]; test: Point[] }
  | { layout: 'pool'; points: Point[] }
);

/** What every UserData says about itself. */
export interface UserDataInfo {
  /** Where the points came from (a file name, "upload"), for messages. */
  source: string;
  task: TaskName;
  /** 2 for two classes, k for k classes, 1 for regression. */
  classes: number;
  /** True when the task was read from the labels rather than given. */
  isTaskInferred: boolean;
}
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Fractions of the generated points used for training, validation and test; they sum to 1. */
export interface Split {
  train: number;
  val: number;
  test: number;
}

/** A fully resolved training specification (all defaults filled in). */
export interface TrainSpec {
  dataset: DatasetName;
  points: number;
  /** Noise in percent, 0–50, with the Playground's meaning for each dataset. */
  noise: number;
  split: Split;
  features: FeatureName[];
  /** Standardise each input feature with training-set mean and standard deviation. */
  scale: boolean;
  /** Hidden layer sizes, input side first; [] means no hidden layer. */
  layers: number[];
  activation: ActivationName;
  /**
   * TensorFlow Playground's rules, step for step: tanh output + ½·squared error on ±1 labels (binary
   * tasks), one fixed order of training points, an update after every batchSize-th point of an epoch
   * (a short last batch is carried into the next epoch's first update), L1 that sets a weight crossing
   * zero to 0 and freezes it, n/2 points per arm/class for odd counts. Off: per-epoch reshuffle, a
   * short last batch, L1 as rate·sign(w) added to the gradient.
   */
  playgroundMode: boolean;
  init: InitName;
  optimizer: OptimizerName;
  learningRate: number;
  /** Momentum coefficient for momentum and Nesterov. */
  momentum: number;
  /** Adam's first-moment decay. */
  beta1: number;
  /** Adam's second-moment decay. */
  beta2: number;
  /** RMSProp's decay of the running mean of squared gradients. */
  rho: number;
  epsilon: number;
  /** Examples per update; 'full' = full-batch gradient descent, 1 = SGD. */
  batchSize: number | 'full';
  epochs: number;
  regularization: RegularizationName;
  regRate: number;
  /** Probability of dropping each hidden unit during training (inverted dropout). */
  dropout: number;
  /** Patience in epochs for early stopping on validation loss; null = off. */
  earlyStopping: number | null;
  /** Stop as soon as the training loss is at or below this; null = off. */
  targetLoss: number | null;
  seed: number;
  engine: EngineName;
  /** Wall-clock budget for one run. */
  timeLimitMs: number;
  /** The user's own points instead of the generated `dataset` (then `dataset` and `noise` are unused, `points` is their count). */
  data?: UserData;
  /**
   * Starting parameters instead of `init`, in `NetworkData.params` layout: for each layer after the
   * input, the weights of each neuron in turn (inputs in feature / previous-layer order), then the layer's biases.
   */
  initParams?: number[];
}

/** Loss and accuracy of one network on each split (accuracy only for classification; val only when it has points). */
export interface Metrics {
  trainLoss: number;
  valLoss?: number;
  testLoss: number;
  trainAccuracy?: number;
  valAccuracy?: number;
  testAccuracy?: number;
}

/** One epoch of history. `gradNorms` = mean |∂L/∂w| per weight layer, input side first. */
export interface EpochEntry extends Metrics {
  epoch: number;
  gradNorms: number[];
}

export type StopReason = 'epochs' | 'early-stopping' | 'target-loss' | 'diverged' | 'time-limit' | 'cancelled';

/**
 * A trained network as plain data. `params` is flat: for each layer (input side first) the
 * weight matrix row-major as [out][in], then that layer's biases.
 */
export interface NetworkData {
  features: FeatureName[];
  /** All layer sizes including the input (features.length) and output layer. */
  layerSizes: number[];
  activation: ActivationName;
  output: OutputActivationName;
  params: number[];
  /** Present when inputs were standardised: per-feature training mean and standard deviation. */
  scaling?: { mean: number[]; std: number[] };
}

/** The network's parameters at one epoch, for animations. */
export interface Snapshot {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  params: number[];
}

/** What `train` returns; JSON-serialisable. */
export interface TrainResult {
  spec: TrainSpec;
  kind: ProblemKind;
  classes: number;
  history: EpochEntry[];
  final: Metrics;
  stopReason: StopReason;
  /** A sentence a student can act on, e.g. "loss diverged at epoch 12: try a smaller learning rate". */
  stopMessage: string;
  bestEpoch: number;
  params: number;
  network: NetworkData;
  snapshots: Snapshot[];
  timing: { trainMs: number };
}

/** The generated data for a spec, split and ready to train on. */
export interface Dataset {
  name: DatasetName;
  /** Set when the points are the user's own (UserData.source), not generated from `name`. */
  source?: string;
  kind: ProblemKind;
  /** 2 for binary, k for multi-class, 1 for regression. */
  classes: number;
  train: Point[];
  val: Point[];
  test: Point[];
}

/**
 * Network outputs on a regular grid over the square domain. Row 0 is the TOP of the picture
 * (largest x2), column 0 the left (smallest x1); cell centres are sampled.
 * `values` holds `channels` numbers per cell: binary → one score in [-1, 1] (−1 = class −1,
 * +1 = class +1); regression → the raw prediction; multi-class → k class probabilities.
 */
export interface GridPrediction {
  resolution: number;
  domain: [number, number];
  kind: ProblemKind;
  channels: number;
  values: Float64Array;
}

/** Hooks and bounds for a run. */
export interface TrainHooks {
  /** Called after every epoch with the history entry (for progress). */
  onEpoch?: (entry: EpochEntry, totalEpochs: number) => void;
  signal?: AbortSignal;
  /** Record a parameter snapshot every N epochs (0 = never); the first and last epochs are always included when > 0. */
  snapshotEvery?: number;
  /** Record a snapshot at exactly these epochs (0 = the starting parameters), in addition to snapshotEvery's. */
  snapshotEpochs?: readonly number[];
}
