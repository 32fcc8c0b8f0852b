import {
  ACTIVATION_NAMES, DATASET_NAMES, ENGINE_NAMES, FEATURE_NAMES, INIT_NAMES, OPTIMIZER_NAMES, REGULARIZATION_NAMES,
} from '../../src/engine/types.ts';
import { ENGINE_LIMITS, parseLayers, parseSplit, resolveSpec, SPEC_DEFAULTS, SPEC_TEXT_FORMS, type TrainSpecInput } from '../../src/engine/spec.ts';
import { closestMatches } from '../../src/chat/suggest.ts';
import type { OptionDef, OptionValues } from '../../src/chat/types.ts';

/**
 * Suggests completions for a comma-separated list, e.g. features "x1,x" → "x1,x2", "x1,x1sq"; a
 * misspelt last item is completed to the name meant ("relu,sigmoud" → "relu,sigmoid").
 */
export function listAutocomplete(words: readonly string[]): (partial: string) => string[] {
  return (partial) => {
    const parts = partial.split(',').map((p) => p.trim());
    const last = (parts.pop() ?? '').toLowerCase();
    const head = parts.length ? `${parts.join(',')},` : '';
    const unused = words.filter((w) => !parts.includes(w));
    const started = unused.filter((w) => w.startsWith(last));
    return (started.length ? started : closestMatches(last, unused)).map((w) => head + w).slice(0, 25);
  };
}

const LAYER_SUGGESTIONS = ['4,2', '8', '8,8', '6,6,6', '8,8,8', '4,4,4,4,4', 'none'];

/** Every engine option a student meets in the lecture or the Playground, spelled as the CLI flags. */
export const trainOptionDefs: Record<string, OptionDef> = {
  dataset: { name: 'dataset', type: 'string', description: 'Which data to learn', choices: DATASET_NAMES, default: SPEC_DEFAULTS.dataset },
  points: { name: 'points', type: 'integer', description: 'How many points to generate', min: ENGINE_LIMITS.minPoints, max: ENGINE_LIMITS.maxPoints },
  noise: { name: 'noise', type: 'integer', description: 'Noise in percent (0–50)', min: 0, max: 50, default: SPEC_DEFAULTS.noise },
  split: { name: 'split', type: 'string', description: 'Train,validation,test in percent, e.g. 70,15,15', default: '50,0,50',
    allowed: SPEC_TEXT_FORMS.split, check: (text) => void parseSplit(text),
    autocomplete: (p) => ['50,0,50', '70,15,15', '60,20,20', '80,10,10'].filter((s) => s.startsWith(p)) },
  features: { name: 'features', type: 'string', description: `Input features: ${FEATURE_NAMES.join(', ')}`, default: SPEC_DEFAULTS.features.join(','),
    allowed: SPEC_TEXT_FORMS.features, check: (text) => void resolveSpec({ features: text }),
    autocomplete: listAutocomplete(FEATURE_NAMES) },
  scale: { name: 'scale', type: 'boolean', description: 'Standardise features with training-set statistics', default: SPEC_DEFAULTS.scale },
  layers: { name: 'layers', type: 'string', description: 'Hidden layer sizes, e.g. 8,8 (or none)', default: SPEC_DEFAULTS.layers.join(','),
    allowed: SPEC_TEXT_FORMS.layers, check: (text) => void parseLayers(text),
    autocomplete: (p) => LAYER_SUGGESTIONS.filter((s) => s.startsWith(p)) },
  activation: { name: 'activation', type: 'string', description: 'Hidden-layer activation', choices: ACTIVATION_NAMES, default: SPEC_DEFAULTS.activation },
  'playground-mode': { name: 'playground-mode', type: 'boolean', description: 'Follow TensorFlow Playground step for step (tanh output, squared error, its update rules)', default: SPEC_DEFAULTS.playgroundMode },
  init: { name: 'init', type: 'string', description: 'Weight initialisation', choices: INIT_NAMES, default: SPEC_DEFAULTS.init },
  optimizer: { name: 'optimizer', type: 'string', description: 'How the weights are updated', choices: OPTIMIZER_NAMES, default: SPEC_DEFAULTS.optimizer },
  lr: { name: 'lr', type: 'number', description: 'Learning rate', min: 0, max: ENGINE_LIMITS.maxLearningRate, default: SPEC_DEFAULTS.learningRate,
    allowed: `a number greater than 0 and at most ${ENGINE_LIMITS.maxLearningRate}`, check: (text) => void resolveSpec({ learningRate: text }) },
  'batch-size': { name: 'batch-size', type: 'string', description: 'Examples per update: 1 = SGD, k = mini-batch, full = GD', default: String(SPEC_DEFAULTS.batchSize),
    allowed: SPEC_TEXT_FORMS.batchSize, check: (text) => void resolveSpec({ batchSize: text }),
    autocomplete: (p) => ['1', '10', '30', 'full'].filter((s) => s.startsWith(p)) },
  epochs: { name: 'epochs', type: 'integer', description: 'Passes over the training data', min: 1, max: ENGINE_LIMITS.maxEpochs, default: SPEC_DEFAULTS.epochs },
  regularization: { name: 'regularization', type: 'string', description: 'Weight penalty', choices: REGULARIZATION_NAMES, default: SPEC_DEFAULTS.regularization },
  'reg-rate': { name: 'reg-rate', type: 'number', description: 'Regularisation rate', min: 0, max: 10, default: SPEC_DEFAULTS.regRate },
  dropout: { name: 'dropout', type: 'number', description: 'Dropout probability on hidden units (0–0.9)', min: 0, max: 0.9, default: SPEC_DEFAULTS.dropout },
  'early-stopping': { name: 'early-stopping', type: 'integer', description: 'Stop after this many epochs without validation gain (0 = off)', min: 0, max: 1000, default: 0 },
  seed: { name: 'seed', type: 'integer', description: 'Random seed: same seed, same result', min: 0, max: 2 ** 31 - 1, default: SPEC_DEFAULTS.seed },
  engine: { name: 'engine', type: 'string', description: 'fast (typed arrays) or tfjs (TensorFlow.js)', choices: ENGINE_NAMES, default: SPEC_DEFAULTS.engine },
};

/** /help's explanation of `playground-mode` (too long for an option description): what it changes and what stays standard without it. */
export const PLAYGROUND_MODE_HELP = '`playground-mode:true` follows TensorFlow Playground step for step: tanh output and ½·squared error on ±1 labels'
  + ' (the loss shown is the Playground\'s), one fixed order of training points, an update after every batch-size-th point'
  + ' (a short last batch is carried into the next epoch) and L1 that sets a weight crossing zero to 0 for good.'
  + ' Without it nothing changes: points are reshuffled every epoch, a short last batch ends each epoch, and L1 adds'
  + ' rate·sign(w) to the gradient — the standard choices.';

/** Picks some of the train options, in order, for another command (e.g. /compare's shared settings). */
export function pickTrainOptions(...names: string[]): OptionDef[] {
  return names.map((n) => {
    const def = trainOptionDefs[n];
    if (!def) throw new Error(`no train option "${n}"`);
    return def;
  });
}

const FIELD_BY_OPTION: Record<string, string> = {
  lr: 'learningRate', 'batch-size': 'batchSize', 'reg-rate': 'regRate', 'early-stopping': 'earlyStopping',
  'playground-mode': 'playgroundMode',
};

/** Validated option values → loose engine spec input (only the options that were given or defaulted). */
export function optionsToSpecInput(options: OptionValues): TrainSpecInput {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(trainOptionDefs)) {
    const value = options[name];
    if (value === undefined) continue;
    const field = FIELD_BY_OPTION[name] ?? name;
    input[field] = name === 'early-stopping' ? (value === 0 ? null : value) : value;
  }
  return input as TrainSpecInput;
}
