/**
 * Turning loose user input (CLI flags, command options, JSON) into a fully resolved TrainSpec.
 * Defaults are TensorFlow Playground's; every mistake fails with one message that names the
 * option and what is allowed.
 */
import {
  ACTIVATION_NAMES, DATASET_NAMES, ENGINE_NAMES, FEATURE_NAMES, INIT_NAMES, OPTIMIZER_NAMES, REGULARIZATION_NAMES,
  type FeatureName, type Split, type TrainSpec,
} from './types.ts';
import { datasets, splitPoints, userDataKind } from './datasets.ts';
import { chooseOutput } from './losses.ts';
import { countParams } from './network.ts';
import { countUserPoints, DataError, parseUserData } from './user-data.ts';
import { ENGINE_LIMITS, SpecError } from './spec-error.ts';

export { ENGINE_LIMITS, SpecError };

/**
 * A refused value as messages repeat it: a code span on one line, at most 40 characters. The same
 * shape as the chat layer's showValue (src/chat/input-messages.ts), which the engine cannot import.
 */
export function showSpecValue(value: unknown): string {
  let text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  text = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'");
  if (text.length > 40) text = `${text.slice(0, 39)}…`;
  return text.trim() === '' ? '`""`' : `\`${text}\``;
}

/** "`lr` must be ALLOWED, not `VALUE`." — the wording every input mistake gets (see src/chat/input-messages.ts). */
function mustBe(field: string, allowed: string, value: unknown): string {
  const name = optionLabel(field as keyof TrainSpec);
  return `\`${name}\` must be ${allowed}, not ${showSpecValue(value)}.`;
}


/** What the text-valued options accept, in the words every message and help page uses. */
export const SPEC_TEXT_FORMS = {
  layers: `up to ${ENGINE_LIMITS.maxHiddenLayers} sizes from 1 to ${ENGINE_LIMITS.maxNeurons} separated by commas (e.g. 8,8), or none`,
  split: 'train,validation,test in percent summing to 100, with train and validation or test above 0 (e.g. 70,15,15 or 50,0,50)',
  features: `names of ${FEATURE_NAMES.join(', ')} separated by commas, each once`,
  batchSize: `a whole number from 1 to ${ENGINE_LIMITS.maxPoints}, or full`,
} as const;
const SPLIT_ALLOWED = SPEC_TEXT_FORMS.split;

/** Loose input: any field may be missing or given as text (e.g. layers "8,8", split "70,15,15"). */
export type TrainSpecInput = { [K in keyof TrainSpec]?: unknown };

/** Playground defaults (points depend on the dataset and are filled in by resolveSpec). */
export const SPEC_DEFAULTS: Omit<TrainSpec, 'points'> = {
  dataset: 'circle',
  noise: 0,
  split: { train: 0.5, val: 0, test: 0.5 },
  features: ['x1', 'x2'],
  scale: false,
  layers: [4, 2],
  activation: 'tanh',
  playgroundMode: false,
  init: 'playground',
  optimizer: 'sgd',
  learningRate: 0.03,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  rho: 0.9,
  epsilon: 1e-7,
  batchSize: 10,
  epochs: 200,
  regularization: 'none',
  regRate: 0,
  dropout: 0,
  earlyStopping: null,
  targetLoss: null,
  seed: 1,
  engine: 'fast',
  timeLimitMs: 30_000,
};

const OPTION_LABELS: Partial<Record<keyof TrainSpec, string>> = {
  learningRate: 'lr', batchSize: 'batch-size', regRate: 'reg-rate', earlyStopping: 'early-stopping',
  playgroundMode: 'playground-mode', targetLoss: 'target-loss', timeLimitMs: 'time-limit-ms',
};

/** The user-facing option name of a spec field (CLI flag spelling). */
export function optionLabel(field: keyof TrainSpec): string {
  return OPTION_LABELS[field] ?? field;
}

function parseChoice<T extends string>(field: keyof TrainSpec, value: unknown, allowed: readonly T[]): T {
  const text = String(value).trim().toLowerCase();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new SpecError(mustBe(field, `one of ${allowed.join(', ')}`, value), { given: String(value).trim(), choices: allowed });
}

/** A decimal number as people type it; hex, "Infinity" and empty text are not numbers here. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function parseNumber(field: keyof TrainSpec, value: unknown, min: number, max: number, options: { integer?: boolean; minExclusive?: boolean } = {}): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL_PATTERN.test(value.trim()) ? Number(value) : NaN;
  const kind = options.integer ? 'a whole number' : 'a number';
  const range = `${options.minExclusive ? 'greater than' : 'from'} ${min} ${options.minExclusive ? 'and at most' : 'to'} ${max}`;
  if (!Number.isFinite(n) || (options.integer && !Number.isInteger(n)) || n > max || (options.minExclusive ? n <= min : n < min)) {
    throw new SpecError(mustBe(field, `${kind} ${range}`, value));
  }
  return n;
}

function parseBoolean(field: keyof TrainSpec, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off'].includes(text)) return false;
  throw new SpecError(mustBe(field, 'true or false', value));
}

/**
 * Items of a list given as text ("8, 8", "x1 x2") or an array; an empty item ("8,,8", "8,") is
 * refused rather than skipped, with `allowed` saying what the list must be.
 */
function parseList(field: string, value: unknown, allowed: string): string[] {
  const items = Array.isArray(value) ? value.map((v) => String(v).trim()) : String(value).trim().split(/\s*[,;]\s*|\s+/);
  if (items.some((item) => item === '')) throw new SpecError(`${mustBe(field, allowed, value)} It has an empty item.`);
  return items;
}

/** Hidden layer sizes from "8,8", [8, 8], "none" or "" (no hidden layer). */
export function parseLayers(value: unknown): number[] {
  if (Array.isArray(value) && value.length === 0) return [];
  const text = Array.isArray(value) ? value.join(',') : String(value).trim().toLowerCase();
  if (text === '' || text === 'none' || text === '[]') return [];
  const allowed = SPEC_TEXT_FORMS.layers;
  const parts = parseList('layers', text.replace(/^\[|\]$/g, ''), allowed);
  const sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (sizes.some((s) => !Number.isInteger(s) || s < 1 || s > ENGINE_LIMITS.maxNeurons) || sizes.length > ENGINE_LIMITS.maxHiddenLayers) {
    throw new SpecError(mustBe('layers', allowed, value));
  }
  return sizes;
}


/** Train/validation/test fractions from "70,15,15", "0.7,0.15,0.15", "50" (train %, rest test) or an object. */
export function parseSplit(value: unknown): Split {
  let parts: number[];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    parts = [Number(v.train), Number(v.val ?? 0), Number(v.test)];
  } else {
    parts = parseList('split', value, SPLIT_ALLOWED).map((p) => (DECIMAL_PATTERN.test(p) ? Number(p) : NaN));
  }
  const message = mustBe('split', SPLIT_ALLOWED, value);
  if (parts.length === 1) parts = [parts[0], 0, (parts[0] > 1 ? 100 : 1) - parts[0]];
  if (parts.length === 2) parts = [parts[0], 0, parts[1]];
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0)) throw new SpecError(message);
  const total = parts[0] + parts[1] + parts[2];
  const scale = Math.abs(total - 100) < 1e-6 ? 100 : Math.abs(total - 1) < 1e-9 ? 1 : NaN;
  if (!Number.isFinite(scale) || parts[0] <= 0 || parts[2] <= 0 && parts[1] <= 0) throw new SpecError(message);
  return { train: parts[0] / scale, val: parts[1] / scale, test: parts[2] / scale };
}

/** Input features from "x1,x2,x1x2": each a known name, each once. */
function parseFeatures(value: unknown, allowed: string): FeatureName[] {
  const items = Array.isArray(value) && value.length === 0 ? [] : parseList('features', value, allowed);
  const names = items.map((item) => {
    const name = item.toLowerCase();
    if ((FEATURE_NAMES as readonly string[]).includes(name)) return name as FeatureName;
    throw new SpecError(`${mustBe('features', allowed, value)} ${showSpecValue(item)} is not a feature.`, { given: item, choices: FEATURE_NAMES });
  });
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new SpecError(`${mustBe('features', allowed, value)} ${showSpecValue(repeated)} appears more than once.`);
  return names;
}

/** Examples per update: a whole number (1 = SGD) or "full" (the whole training set, GD). */
function parseBatchSize(value: unknown): number | 'full' {
  if (String(value).trim().toLowerCase() === 'full') return 'full';
  try {
    return parseNumber('batchSize', value, 1, ENGINE_LIMITS.maxPoints, { integer: true });
  } catch {
    throw new SpecError(mustBe('batchSize', SPEC_TEXT_FORMS.batchSize, value), { given: String(value).trim(), choices: ['full'] });
  }
}

/** Resolves loose input into a complete TrainSpec, or throws SpecError naming the bad option. */
export function resolveSpec(input: TrainSpecInput = {}): TrainSpec {
  const known = new Set<string>([...Object.keys(SPEC_DEFAULTS), 'points', 'data', 'initParams']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      const labels = [...known].map((k) => optionLabel(k as keyof TrainSpec));
      throw new SpecError(`There is no option ${showSpecValue(key)}. The options are: ${labels.join(', ')}.`, { given: key, choices: labels });
    }
  }
  const get = (k: keyof TrainSpec): unknown => input[k] ?? undefined;
  const d = SPEC_DEFAULTS;
  const dataset = get('dataset') === undefined ? d.dataset : parseChoice('dataset', get('dataset'), DATASET_NAMES);
  const data = input.data === undefined || input.data === null ? undefined : parseUserData(input.data, { source: dataSourceName(input.data) });
  const points = data ? countUserPoints(data) : get('points') === undefined ? datasets[dataset].defaultPoints
    : parseNumber('points', get('points'), ENGINE_LIMITS.minPoints, ENGINE_LIMITS.maxPoints, { integer: true });
  const featureNames = get('features') === undefined ? [...d.features] : parseFeatures(get('features'), SPEC_TEXT_FORMS.features);
  if (featureNames.length === 0) throw new SpecError(mustBe('features', `at least one of ${FEATURE_NAMES.join(', ')}`, get('features')));
  const batchRaw = get('batchSize');
  const batchSize: number | 'full' = batchRaw === undefined ? d.batchSize : parseBatchSize(batchRaw);
  const earlyRaw = input.earlyStopping;
  const targetRaw = input.targetLoss;
  const isOff = (v: unknown): boolean => v === undefined || v === null || v === false || ['off', 'none', 'false', '0', ''].includes(String(v).trim().toLowerCase());
  const spec: TrainSpec = {
    dataset,
    points,
    noise: get('noise') === undefined ? d.noise : parseNumber('noise', get('noise'), 0, 50),
    split: get('split') === undefined ? { ...d.split } : parseSplit(get('split')),
    features: [...new Set(featureNames)],
    scale: get('scale') === undefined ? d.scale : parseBoolean('scale', get('scale')),
    layers: get('layers') === undefined ? [...d.layers] : parseLayers(get('layers')),
    activation: get('activation') === undefined ? d.activation : parseChoice('activation', get('activation'), ACTIVATION_NAMES),
    playgroundMode: get('playgroundMode') === undefined ? d.playgroundMode : parseBoolean('playgroundMode', get('playgroundMode')),
    init: get('init') === undefined ? d.init : parseChoice('init', get('init'), INIT_NAMES),
    optimizer: get('optimizer') === undefined ? d.optimizer : parseChoice('optimizer', get('optimizer'), OPTIMIZER_NAMES),
    learningRate: get('learningRate') === undefined ? d.learningRate : parseNumber('learningRate', get('learningRate'), 0, ENGINE_LIMITS.maxLearningRate, { minExclusive: true }),
    momentum: get('momentum') === undefined ? d.momentum : parseNumber('momentum', get('momentum'), 0, 0.999),
    beta1: get('beta1') === undefined ? d.beta1 : parseNumber('beta1', get('beta1'), 0, 0.9999),
    beta2: get('beta2') === undefined ? d.beta2 : parseNumber('beta2', get('beta2'), 0, 0.99999),
    rho: get('rho') === undefined ? d.rho : parseNumber('rho', get('rho'), 0, 0.9999),
    epsilon: get('epsilon') === undefined ? d.epsilon : parseNumber('epsilon', get('epsilon'), 0, 1, { minExclusive: true }),
    batchSize,
    epochs: get('epochs') === undefined ? d.epochs : parseNumber('epochs', get('epochs'), 1, ENGINE_LIMITS.maxEpochs, { integer: true }),
    regularization: get('regularization') === undefined ? d.regularization : parseChoice('regularization', get('regularization'), REGULARIZATION_NAMES),
    regRate: get('regRate') === undefined ? d.regRate : parseNumber('regRate', get('regRate'), 0, 10),
    dropout: get('dropout') === undefined ? d.dropout : parseNumber('dropout', get('dropout'), 0, 0.9),
    earlyStopping: isOff(earlyRaw) ? null : parseNumber('earlyStopping', earlyRaw, 1, ENGINE_LIMITS.maxEpochs, { integer: true }),
    targetLoss: isOff(targetRaw) ? null : parseNumber('targetLoss', targetRaw, 0, 1e6),
    seed: get('seed') === undefined ? d.seed : parseNumber('seed', get('seed'), 0, 2 ** 32 - 1, { integer: true }),
    engine: get('engine') === undefined ? d.engine : parseChoice('engine', get('engine'), ENGINE_NAMES),
    timeLimitMs: get('timeLimitMs') === undefined ? d.timeLimitMs : parseNumber('timeLimitMs', get('timeLimitMs'), 1, ENGINE_LIMITS.maxTimeLimitMs),
  };
  if (spec.earlyStopping !== null && spec.split.val === 0) {
    throw new SpecError('`early-stopping` watches the validation loss, so it needs a validation split (e.g. --split 70,15,15).');
  }
  if (spec.regularization === 'none' && spec.regRate > 0) {
    if (get('regularization') !== undefined) throw new SpecError('`reg-rate` needs regularization l1 or l2 (regularization is none).');
    spec.regularization = 'l2';
  }
  if (spec.regularization !== 'none' && get('regRate') === undefined) spec.regRate = 0.001;
  if (data) {
    spec.data = data;
    if (data.layout === 'pool') {
      const counts = splitPoints(data.points, spec.split);
      if (counts.train.length === 0 || counts.test.length + counts.val.length === 0) {
        throw new DataError(`${data.source}: ${data.points.length} points split ${Math.round(spec.split.train * 100)}/${Math.round(spec.split.val * 100)}/${Math.round(spec.split.test * 100)} leave an empty train or test set. Allowed: more points, another --split, or a split column.`);
      }
    }
  }
  if (input.initParams !== undefined && input.initParams !== null) spec.initParams = checkInitParams(input.initParams, spec, 'Option init-params');
  return spec;
}

function dataSourceName(raw: unknown): string {
  const source = raw && typeof raw === 'object' ? (raw as { source?: unknown }).source : undefined;
  return typeof source === 'string' && source.trim() !== '' ? source : 'data';
}

/** Layer sizes of the network a spec builds: features, hidden layers, output units (from the data's kind). */
export function specLayerSizes(spec: TrainSpec): number[] {
  const kind = spec.data ? userDataKind(spec.data) : datasets[spec.dataset].kind;
  const classes = spec.data ? spec.data.classes : datasets[spec.dataset].classes;
  return [spec.features.length, ...spec.layers, chooseOutput(kind, classes, spec.playgroundMode).units];
}

/**
 * Checks starting parameters for a spec's network: finite numbers, exactly countParams(layers) of
 * them, in NetworkData.params layout. `where` names the file or option in the message.
 */
export function checkInitParams(values: unknown, spec: TrainSpec, where: string): number[] {
  const sizes = specLayerSizes(spec);
  const expected = countParams(sizes);
  const layout = 'for each layer after the input, the weights of each neuron in turn (inputs in feature / previous-layer order), then that layer\'s biases';
  if (!Array.isArray(values)) throw new DataError(`${where} must be an array of ${expected} numbers (${layout}); got ${typeof values}.`);
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new DataError(`${where}: value [${bad}] is ${JSON.stringify(values[bad]) ?? String(values[bad])}, not a finite number. Allowed: ${expected} finite numbers.`);
  if (values.length !== expected) {
    throw new DataError(`${where} has ${values.length} numbers; the ${sizes.join('-')} network of this setup needs ${expected} (${layout}).`);
  }
  return [...(values as number[])];
}
