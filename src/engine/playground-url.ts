/**
 * Converting between a TrainSpec and a TensorFlow Playground link (its state lives in the URL
 * hash: activation, dataset/regDataset, networkShape, learningRate, batchSize, x, y, xSquared, ...).
 */
import type { ActivationName, DatasetName, FeatureName, TrainSpec } from './types.ts';
import type { TrainSpecInput } from './spec.ts';
import { showSpecValue, SpecError } from './spec.ts';

/** Base address of the Playground. */
export const PLAYGROUND_BASE_URL = 'https://playground.tensorflow.org/';

const FEATURE_KEYS: Record<FeatureName, string> = {
  x1: 'x', x2: 'y', x1sq: 'xSquared', x2sq: 'ySquared', x1x2: 'xTimesY', sinx1: 'sinX', sinx2: 'sinY',
};
const PLAYGROUND_ACTIVATIONS: Partial<Record<ActivationName, string>> = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', identity: 'linear' };
const CLASSIFY_DATASETS: Partial<Record<DatasetName, string>> = { circle: 'circle', xor: 'xor', gauss: 'gauss', spiral: 'spiral' };
const REGRESS_DATASETS: Partial<Record<DatasetName, string>> = { plane: 'reg-plane', multigauss: 'reg-gauss' };
/** Values the Playground's drop-downs offer. */
const PLAYGROUND_LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const PLAYGROUND_REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const MAX_PLAYGROUND_LAYERS = 6;
const MAX_PLAYGROUND_NEURONS = 8;
/** The Playground's fixed point counts (NUM_SAMPLES_CLASSIFY, NUM_SAMPLES_REGRESS). */
const PLAYGROUND_POINTS = { classification: 500, regression: 1200 };

/**
 * How a run outside Playground mode departs from the Playground's training loop, in the terms
 * that matter for this spec: every epoch is reshuffled; a batch size that does not divide the
 * training set leaves a short batch applied at the end of each epoch instead of carried into the
 * next; L1 is a subgradient rather than zero-and-freeze. Empty in Playground mode, which follows the
 * Playground step for step (any batch size 1–30 included).
 */
function describeRuleDifferences(spec: TrainSpec, trainCount: number): string[] {
  if (spec.playgroundMode) return [];
  const rules = ['reshuffles the training points every epoch (the Playground keeps one order)'];
  const batch = spec.batchSize === 'full' ? trainCount : spec.batchSize;
  if (trainCount % batch !== 0) {
    rules.push(`applies the short last batch (${trainCount % batch} of ${trainCount} training points) at the end of each epoch (the Playground carries it into the next epoch's first update)`);
  }
  if (spec.regularization === 'l1' && spec.regRate > 0) rules.push('applies L1 as rate·sign(w) (the Playground sets a weight crossing zero to 0 for good)');
  return [`outside playground mode nn-tutor ${rules.join(', ')}; playground mode follows the Playground's rules`];
}

/**
 * Why a dataset (moons, sine, cubic, abs, the multi-class sets) cannot open in the Playground, and
 * what the link shows instead: its own dataset list is fixed in its code.
 */
function describeMissingDataset(name: DatasetName): string {
  const own = `${Object.keys(CLASSIFY_DATASETS).join(', ')} and the regression sets ${Object.keys(REGRESS_DATASETS).join(', ')}`;
  return `dataset ${name} cannot be opened in the TensorFlow Playground, which only has ${own} (the link opens ${CLASSIFY_DATASETS.circle} instead)`;
}

/** A Playground link for a spec and, where the Playground cannot show the spec exactly, what differs. */
export interface PlaygroundLink {
  url: string;
  fits: boolean;
  differences: string[];
}

/** Builds the Playground link for a spec; `fits` is false (with reasons) when the Playground cannot reproduce it. */
export function specToPlaygroundUrl(spec: TrainSpec): PlaygroundLink {
  const differences: string[] = [];
  const isRegression = spec.dataset in REGRESS_DATASETS;
  if (spec.data) differences.push(`your own points (${spec.data.source}) cannot be opened in the Playground, which only generates its own datasets`);
  else if (!(spec.dataset in CLASSIFY_DATASETS) && !isRegression) differences.push(describeMissingDataset(spec.dataset));
  const playgroundPoints = isRegression ? PLAYGROUND_POINTS.regression : PLAYGROUND_POINTS.classification;
  if (!spec.data && spec.points !== playgroundPoints) differences.push(`the Playground always uses ${playgroundPoints} points (this setup has ${spec.points})`);
  const activation = PLAYGROUND_ACTIVATIONS[spec.activation];
  if (!activation) differences.push(`activation ${spec.activation} is not in the Playground (it has relu, tanh, sigmoid, linear)`);
  if (spec.optimizer !== 'sgd') differences.push(`the Playground only does plain SGD, not ${spec.optimizer}`);
  if (spec.layers.length > MAX_PLAYGROUND_LAYERS || spec.layers.some((n) => n > MAX_PLAYGROUND_NEURONS)) {
    differences.push(`the Playground allows at most ${MAX_PLAYGROUND_LAYERS} hidden layers of ${MAX_PLAYGROUND_NEURONS} neurons`);
  }
  if (spec.split.val > 0) differences.push('the Playground has no validation split');
  if (spec.dropout > 0) differences.push('the Playground has no dropout');
  if (spec.earlyStopping !== null) differences.push('the Playground has no early stopping');
  if (!isRegression && !spec.playgroundMode) differences.push('the Playground uses a tanh output with squared error (playground mode)');
  if (spec.init === 'glorot' || spec.init === 'he') differences.push(`the Playground has no ${spec.init} initialisation`);
  if (spec.batchSize === 'full' || spec.batchSize > 30) differences.push('the Playground allows batch sizes 1–30');
  if (!PLAYGROUND_LEARNING_RATES.includes(spec.learningRate)) differences.push(`the Playground offers learning rates ${PLAYGROUND_LEARNING_RATES.join(', ')}`);
  if (!PLAYGROUND_REG_RATES.includes(spec.regRate)) differences.push(`the Playground offers regularisation rates ${PLAYGROUND_REG_RATES.join(', ')}`);
  differences.push(...describeRuleDifferences(spec, Math.floor(spec.points * spec.split.train + 1e-9)));
  const trainPercent = Math.round(spec.split.train * 100);
  const params = new URLSearchParams();
  params.set('activation', activation ?? 'tanh');
  params.set('batchSize', String(spec.batchSize === 'full' ? 30 : Math.min(30, spec.batchSize)));
  params.set('dataset', CLASSIFY_DATASETS[spec.dataset] ?? 'circle');
  params.set('regDataset', REGRESS_DATASETS[spec.dataset] ?? 'reg-plane');
  params.set('learningRate', String(spec.learningRate));
  params.set('regularization', spec.regularization === 'none' ? 'none' : spec.regularization.toUpperCase());
  params.set('regularizationRate', String(spec.regRate));
  params.set('noise', String(Math.round(spec.noise / 5) * 5));
  params.set('networkShape', spec.layers.join(','));
  params.set('seed', String(spec.seed));
  params.set('showTestData', 'false');
  params.set('discretize', 'false');
  params.set('percTrainData', String(Math.min(90, Math.max(10, Math.round(trainPercent / 10) * 10))));
  for (const [feature, key] of Object.entries(FEATURE_KEYS)) params.set(key, String(spec.features.includes(feature as FeatureName)));
  params.set('cosX', 'false');
  params.set('cosY', 'false');
  params.set('collectStats', 'false');
  params.set('problem', isRegression ? 'regression' : 'classification');
  params.set('initZero', String(spec.init === 'zeros'));
  params.set('hideText', 'false');
  return { url: `${PLAYGROUND_BASE_URL}#${params.toString().replace(/%2C/g, ',')}`, fits: differences.length === 0, differences };
}

/** Reads a Playground link (or just its hash) into spec input; unknown values fail with a clear message. */
export function specFromPlaygroundUrl(link: string): TrainSpecInput {
  const hashIndex = link.indexOf('#');
  const hash = hashIndex >= 0 ? link.slice(hashIndex + 1) : link;
  if (!/(^|&)(activation|dataset|networkShape)=/.test(hash)) {
    throw new SpecError('That does not look like a TensorFlow Playground link: expected https://playground.tensorflow.org/#activation=...&dataset=...');
  }
  const params = new URLSearchParams(hash);
  const input: TrainSpecInput = { playgroundMode: true, init: 'playground', optimizer: 'sgd' };
  const isRegression = params.get('problem') === 'regression';
  const lookup = <T extends string>(table: Partial<Record<T, string>>, value: string | null, what: string): T | undefined => {
    if (value === null) return undefined;
    const hit = (Object.entries(table) as [T, string][]).find(([, v]) => v === value);
    const allowed = Object.values(table) as string[];
    if (!hit) throw new SpecError(`The link's \`${what}\` must be one of ${allowed.join(', ')}, not ${showSpecValue(value)}.`, { given: value, choices: allowed });
    return hit[0];
  };
  input.dataset = isRegression ? lookup(REGRESS_DATASETS, params.get('regDataset') ?? 'reg-plane', 'regDataset') : lookup(CLASSIFY_DATASETS, params.get('dataset') ?? 'circle', 'dataset');
  input.activation = lookup(PLAYGROUND_ACTIVATIONS, params.get('activation'), 'activation');
  const copy = (key: string, field: keyof TrainSpec): void => {
    const v = params.get(key);
    if (v !== null && v !== '') input[field] = v;
  };
  copy('learningRate', 'learningRate');
  copy('batchSize', 'batchSize');
  copy('noise', 'noise');
  copy('seed', 'seed');
  const shape = params.get('networkShape');
  if (shape !== null) input.layers = shape === '' ? 'none' : shape;
  const regularization = params.get('regularization');
  if (regularization) input.regularization = regularization.toLowerCase();
  copy('regularizationRate', 'regRate');
  const percTrain = params.get('percTrainData');
  if (percTrain) input.split = `${percTrain},0,${100 - Number(percTrain)}`;
  const features = (Object.entries(FEATURE_KEYS) as [FeatureName, string][]).filter(([, key]) => params.get(key) === 'true').map(([f]) => f);
  if (features.length) input.features = features;
  if (params.get('initZero') === 'true') input.init = 'zeros';
  const seed = params.get('seed');
  if (seed !== null && !/^\d+$/.test(seed)) input.seed = hashSeed(seed);
  return input;
}

/** The Playground's seeds are arbitrary strings; ours are 32-bit integers (FNV-1a hash of the string). */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
