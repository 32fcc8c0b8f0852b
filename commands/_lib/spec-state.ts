import type { TrainSpec } from '../../src/engine/types.ts';
import type { TrainSpecInput } from '../../src/engine/spec.ts';
import { SPEC_DEFAULTS } from '../../src/engine/spec.ts';
import { datasets } from '../../src/engine/datasets.ts';

/**
 * Compact, restart-proof encoding of a training spec for button ids (`<command>:<action>:<state>`,
 * ≤ 100 characters): only fields that differ from the defaults, as `k=v` pairs joined by ",", lists
 * joined by "_" — no ":" so the id still splits cleanly.
 */
const KEYS: Record<string, keyof TrainSpec> = {
  d: 'dataset', p: 'points', n: 'noise', sp: 'split', f: 'features', sc: 'scale', l: 'layers', a: 'activation',
  pm: 'playgroundMode', i: 'init', o: 'optimizer', lr: 'learningRate', b: 'batchSize', e: 'epochs',
  r: 'regularization', rr: 'regRate', dr: 'dropout', es: 'earlyStopping', s: 'seed', en: 'engine',
};
const SHORT = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [v, k])) as Record<string, string>;

function encodeValue(field: keyof TrainSpec, value: unknown): string {
  if (field === 'split') {
    const s = value as TrainSpec['split'];
    return [s.train, s.val, s.test].map((x) => Math.round(x * 100)).join('_');
  }
  if (field === 'layers') return (value as number[]).length ? (value as number[]).join('_') : 'none';
  if (Array.isArray(value)) return value.join('_');
  return String(value);
}

function decodeValue(field: keyof TrainSpec, text: string): unknown {
  switch (field) {
    case 'split':
    case 'features':
      return text.split('_').join(',');
    case 'layers':
      return text === 'none' ? 'none' : text.split('_').join(',');
    case 'scale':
    case 'playgroundMode':
      return text === 'true';
    case 'earlyStopping':
      return text === 'null' ? null : Number(text);
    case 'batchSize':
      return text === 'full' ? 'full' : Number(text);
    case 'dataset': case 'activation': case 'init': case 'optimizer': case 'regularization': case 'engine':
      return text;
    default:
      return Number(text);
  }
}

/** Encodes the fields of `spec` that differ from the defaults (points: from the dataset's default count). */
export function encodeSpecState(spec: TrainSpec): string {
  const defaults = { ...SPEC_DEFAULTS, points: datasets[spec.dataset].defaultPoints } as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const [field, short] of Object.entries(SHORT)) {
    const value = (spec as unknown as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const encoded = encodeValue(field as keyof TrainSpec, value);
    const fallback = defaults[field];
    if (fallback !== undefined && encodeValue(field as keyof TrainSpec, fallback) === encoded) continue;
    parts.push(`${short}=${encoded}`);
  }
  return parts.join(',');
}

/** Turns an encoded state back into spec input (throws on a malformed state). */
export function decodeSpecState(state: string): TrainSpecInput {
  const input: Record<string, unknown> = {};
  if (!state) return input;
  for (const pair of state.split(',')) {
    const [short, text] = pair.split('=');
    const field = KEYS[short ?? ''];
    if (!field || text === undefined) throw new Error(`bad spec state "${pair}"`);
    input[field] = decodeValue(field, text);
  }
  return input as TrainSpecInput;
}
