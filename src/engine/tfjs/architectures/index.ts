/** The architecture demos of lesson 08's sneak peek, by name: what each may be told and how it trains. */
import { CNN_DEFAULTS, trainCnnDemo, type CnnDemoOptions, type CnnDemoResult } from './cnn.ts';
import { RNN_DEFAULTS, trainRnnDemo, type RnnDemoOptions, type RnnDemoResult } from './rnn.ts';
import { AUTOENCODER_DEFAULTS, trainAutoencoderDemo, type AutoencoderDemoOptions, type AutoencoderDemoResult } from './autoencoder.ts';
import type { DemoHooks } from './run-control.ts';
import { ATTENTION_DEFAULTS, trainAttentionDemo, type AttentionDemoOptions, type AttentionDemoResult } from './attention.ts';

export { type DemoHooks, type DemoStopReason } from './run-control.ts';
export { type CnnDemoResult, type CnnDemoOptions } from './cnn.ts';
export { type RnnDemoResult, type RnnDemoOptions } from './rnn.ts';
export { type AutoencoderDemoResult, type AutoencoderDemoOptions } from './autoencoder.ts';
export { type AttentionDemoResult, type AttentionDemoOptions } from './attention.ts';

/** Demo names in the order the lesson presents them. */
export const ARCHITECTURE_DEMO_NAMES = [
  'autoencoder',
  'cnn', 'rnn',
  'attention',
] as const;
/** One demo name. */
export type ArchitectureDemoName = (typeof ARCHITECTURE_DEMO_NAMES)[number];

/** An option a demo accepts: its default and the range this bot allows. */
export interface DemoOptionRange {
  default: number;
  min: number;
  max: number;
  isInteger: boolean;
}

/** What a finished demo returns, tagged by name. */
export type ArchitectureDemoResult =
  | { demo: 'autoencoder'; result: AutoencoderDemoResult }
  | { demo: 'cnn'; result: CnnDemoResult } | { demo: 'rnn'; result: RnnDemoResult }
  | { demo: 'attention'; result: AttentionDemoResult };

interface DemoEntry {
  label: string;
  options: Record<string, DemoOptionRange>;
  train(options: Record<string, number>, hooks: DemoHooks): Promise<ArchitectureDemoResult>;
}

/** Every demo: its options (default and allowed range) and its trainer. */
export const ARCHITECTURE_DEMOS: Record<ArchitectureDemoName, DemoEntry> = {
  autoencoder: {
    label: 'Autoencoder squeezing 16×16 digits through a 2-unit code',
    options: {
      epochs: { default: AUTOENCODER_DEFAULTS.epochs, min: 1, max: 40, isInteger: true },
      learningRate: { default: AUTOENCODER_DEFAULTS.learningRate, min: 0.0001, max: 0.1, isInteger: false },
      seed: { default: AUTOENCODER_DEFAULTS.seed, min: 0, max: 1_000_000, isInteger: true },
      trainImages: { default: AUTOENCODER_DEFAULTS.trainImages, min: 200, max: 6000, isInteger: true },
    },
    train: async (options, hooks) => ({ demo: 'autoencoder', result: await trainAutoencoderDemo({ ...AUTOENCODER_DEFAULTS, ...options } as AutoencoderDemoOptions, hooks) }),
  },
  cnn: {
    label: 'Convolutional network on 16×16 digits',
    options: {
      epochs: { default: CNN_DEFAULTS.epochs, min: 1, max: 12, isInteger: true },
      learningRate: { default: CNN_DEFAULTS.learningRate, min: 0.0001, max: 0.1, isInteger: false },
      seed: { default: CNN_DEFAULTS.seed, min: 0, max: 1_000_000, isInteger: true },
      trainImages: { default: CNN_DEFAULTS.trainImages, min: 200, max: 6000, isInteger: true },
      filters: { default: CNN_DEFAULTS.filters, min: 2, max: 12, isInteger: true },
    },
    train: async (options, hooks) => ({ demo: 'cnn', result: await trainCnnDemo({ ...CNN_DEFAULTS, ...options } as CnnDemoOptions, hooks) }),
  },
  rnn: {
    label: 'Recurrent network continuing a noisy signal',
    options: {
      epochs: { default: RNN_DEFAULTS.epochs, min: 1, max: 40, isInteger: true },
      learningRate: { default: RNN_DEFAULTS.learningRate, min: 0.0001, max: 0.1, isInteger: false },
      seed: { default: RNN_DEFAULTS.seed, min: 0, max: 1_000_000, isInteger: true },
      trainWindows: { default: RNN_DEFAULTS.trainWindows, min: 50, max: 3000, isInteger: true },
    },
    train: async (options, hooks) => ({ demo: 'rnn', result: await trainRnnDemo({ ...RNN_DEFAULTS, ...options } as RnnDemoOptions, hooks) }),
  },
  attention: {
    label: 'One-layer self-attention reversing sequences of letters',
    options: {
      epochs: { default: ATTENTION_DEFAULTS.epochs, min: 1, max: 30, isInteger: true },
      learningRate: { default: ATTENTION_DEFAULTS.learningRate, min: 0.0001, max: 0.1, isInteger: false },
      seed: { default: ATTENTION_DEFAULTS.seed, min: 0, max: 1_000_000, isInteger: true },
      trainSequences: { default: ATTENTION_DEFAULTS.trainSequences, min: 100, max: 4000, isInteger: true },
    },
    train: async (options, hooks) => ({ demo: 'attention', result: await trainAttentionDemo({ ...ATTENTION_DEFAULTS, ...options } as AttentionDemoOptions, hooks) }),
  },
};

/** True for a known demo name. */
export function isArchitectureDemoName(name: string): name is ArchitectureDemoName {
  return (ARCHITECTURE_DEMO_NAMES as readonly string[]).includes(name);
}

/**
 * Checks a demo's options against its ranges and fills defaults; throws an Error naming the option
 * and its allowed range (commands turn it into a UserError before any training is spent).
 */
export function resolveDemoOptions(demo: ArchitectureDemoName, input: Record<string, unknown>, displayNames: Record<string, string> = {}): Record<string, number> {
  const ranges = ARCHITECTURE_DEMOS[demo].options;
  const shown = (key: string) => displayNames[key] ?? key;
  const out: Record<string, number> = {};
  for (const key of Object.keys(input)) {
    if (input[key] !== undefined && !(key in ranges)) throw new Error(`\`${shown(key)}\` is not an option of the ${demo} demo; it takes ${Object.keys(ranges).join(', ')}.`);
  }
  for (const [key, range] of Object.entries(ranges)) {
    const raw = input[key];
    if (raw === undefined) { out[key] = range.default; continue; }
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(value) || value < range.min || value > range.max || (range.isInteger && !Number.isInteger(value))) {
      throw new Error(`\`${shown(key)}\` for the ${demo} demo must be ${range.isInteger ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} (got ${String(raw)}).`);
    }
    out[key] = value;
  }
  return out;
}

/** Trains one demo with checked options (see resolveDemoOptions). */
export function trainArchitectureDemo(demo: ArchitectureDemoName, options: Record<string, unknown>, hooks: DemoHooks): Promise<ArchitectureDemoResult> {
  return ARCHITECTURE_DEMOS[demo].train(resolveDemoOptions(demo, options), hooks);
}
