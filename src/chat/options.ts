import { z } from 'zod';
import { isUserFacingError, UserError } from './errors.ts';
import { mustBeMessage, unknownOptionMessage } from './input-messages.ts';
import { suggestionFor } from './suggest.ts';
import type { OptionDef, OptionValues } from './types.ts';

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'n']);

/** Canonical option key: lower-case kebab (`batchSize`, `batch_size`, `--batch-size` → `batch-size`). */
export function normalizeOptionName(raw: string): string {
  return raw
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** What an option accepts, in words, for error messages and help. */
export function describeAllowed(def: OptionDef): string {
  if (def.allowed) return def.allowed;
  if (def.choices) return `one of ${def.choices.join(', ')}`;
  const range =
    def.min !== undefined && def.max !== undefined
      ? ` from ${def.min} to ${def.max}`
      : def.min !== undefined
        ? ` ≥ ${def.min}`
        : def.max !== undefined
          ? ` ≤ ${def.max}`
          : '';
  switch (def.type) {
    case 'integer':
      return `a whole number${range}`;
    case 'number':
      return `a number${range}`;
    case 'boolean':
      return 'true or false';
    case 'attachment':
      return 'an attached file';
    case 'user':
      return 'a person: an @mention, their display name or their user id';
    default:
      return 'text';
  }
}

/** The longest text any option takes (a Playground link is a few hundred characters). */
export const MAX_OPTION_TEXT_CHARS = 1000;

/** A decimal number as people type it ("0.03", "-2", "1e-3"); not hex, binary or "Infinity". */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A JSON list of plain values (`[8, 8]`) read as the text "8,8"; anything else is left alone. */
function joinPlainList(value: unknown[]): unknown {
  const isPlain = value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean');
  return isPlain ? value.map(String).join(',') : value;
}

/**
 * Lenient coercion for text-based platforms (Slack, CLI, the web chat send strings): "8" → 8,
 * "0.03" → 0.03, "yes"/"true" → true, [8, 8] → "8,8", choices matched case-insensitively.
 * Values it cannot coerce are returned unchanged so that zod reports them.
 */
function coerce(def: OptionDef, value: unknown): unknown {
  if (typeof value === 'string') value = value.trim();
  switch (def.type) {
    case 'attachment':
    case 'user':
      return value;
    case 'string': {
      if (Array.isArray(value)) value = joinPlainList(value);
      if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') value = String(value);
      if (typeof value === 'string' && def.choices) {
        const match = def.choices.find((c) => c.toLowerCase() === (value as string).toLowerCase());
        return match ?? value;
      }
      return value;
    }
    case 'integer':
    case 'number': {
      if (typeof value === 'string' && DECIMAL_PATTERN.test(value) && Number.isFinite(Number(value))) return Number(value);
      return value;
    }
    case 'boolean': {
      if (typeof value === 'string') {
        const word = value.toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
      }
      if (value === 1) return true;
      if (value === 0) return false;
      return value;
    }
  }
}

/** The zod schema for one option's (already coerced) value. */
function valueSchema(def: OptionDef): z.ZodType {
  switch (def.type) {
    case 'string':
      return def.choices ? z.enum(def.choices as [string, ...string[]]) : z.string().min(1).max(MAX_OPTION_TEXT_CHARS);
    case 'integer': {
      let s = z.number().int();
      if (def.min !== undefined) s = s.min(def.min);
      if (def.max !== undefined) s = s.max(def.max);
      return s;
    }
    case 'number': {
      let s = z.number().refine(Number.isFinite);
      if (def.min !== undefined) s = s.refine((v) => v >= def.min!);
      if (def.max !== undefined) s = s.refine((v) => v <= def.max!);
      return s;
    }
    case 'boolean':
      return z.boolean();
    case 'attachment':
    case 'user':
      return z.string().min(1).max(MAX_OPTION_TEXT_CHARS);
  }
}

/** Builds the zod schema that validates a command's options (with lenient coercion from text). */
export function buildOptionsSchema(defs: readonly OptionDef[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const def of defs) {
    const inner = valueSchema(def);
    const withPresence = def.required ? inner : inner.optional();
    shape[def.name] = z.preprocess((v) => (v === undefined || v === null || v === '' ? undefined : coerce(def, v)), withPresence);
  }
  return z.object(shape);
}

/** What a value must be, as the error sentence says it (free text says how long it may be). */
function allowedForMessage(def: OptionDef, value: unknown): string {
  if (def.type === 'string' && !def.choices && typeof value === 'string' && value.length > MAX_OPTION_TEXT_CHARS)
    return `at most ${MAX_OPTION_TEXT_CHARS} characters (it has ${value.length})`;
  return describeAllowed(def);
}

/** The options of a call as name → raw value, refusing anything that is not an object of them. */
function readRawOptions(command: string, defs: readonly OptionDef[], raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  const names = defs.map((d) => d.name);
  const example = defs[0] ? `{"${defs[0].name}": ${JSON.stringify(defs[0].choices?.[0] ?? defs[0].default ?? 'value')}}` : '{}';
  throw new UserError(
    `${mustBeMessage('options', `an object of option names and values, e.g. ${example}`, raw)} ` +
      (names.length ? `/${command} takes ${names.join(', ')}.` : `/${command} takes no options.`),
  );
}

/**
 * Validates raw option values for `/command` against its definitions: a body that is not an
 * object of options, unknown names (with "Did you mean …?"), an option given twice, missing
 * required options and bad values (a choice misspelt, a number out of range or not finite, a
 * list with empty items) each become a UserError naming the option and what it accepts.
 * Omitted options take their declared default.
 */
export function parseOptions(command: string, defs: readonly OptionDef[], raw: unknown): OptionValues {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const input: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(readRawOptions(command, defs, raw))) {
    const name = normalizeOptionName(key);
    if (!byName.has(name)) {
      const message = unknownOptionMessage(key, defs.map((d) => d.name));
      problems.push(message.includes('Did you mean') ? message : `${message} Try \`/help ${command}\`.`);
    } else if (spelledAs.has(name)) {
      problems.push(`\`${name}\` was given twice (as \`${spelledAs.get(name)}\` and \`${key}\`); give it once.`);
    } else {
      spelledAs.set(name, key);
      input[name] = value;
    }
  }
  const values: OptionValues = {};
  for (const def of defs) {
    const problem = validateOne(def, input[def.name], (value) => (values[def.name] = value));
    if (problem) problems.push(problem);
  }
  // Every mistake at once (a misspelt name and a bad value), each sentence once.
  if (problems.length) throw new UserError([...new Set(problems)].join('\n'));
  return values;
}

/** Validates one option's raw value; stores the value (or its default) and returns what is wrong, if anything. */
function validateOne(def: OptionDef, raw: unknown, store: (value: OptionValues[string]) => void): string | undefined {
  const parsed = buildOptionsSchema([def]).safeParse({ [def.name]: raw });
  if (!parsed.success) {
    if (raw === undefined || raw === null || raw === '') return `\`${def.name}\` is required (${def.description}); it must be ${describeAllowed(def)}.`;
    const given = coerce(def, raw);
    return mustBeMessage(def.name, allowedForMessage(def, given), given, def.choices);
  }
  const value = (parsed.data as Record<string, unknown>)[def.name];
  if (def.check && (typeof value === 'string' || typeof value === 'number')) {
    try {
      def.check(String(value));
    } catch (error) {
      if (!isUserFacingError(error)) throw error;
      return error.message + suggestionFor(error);
    }
  }
  store((value ?? def.default) as OptionValues[string]);
  return undefined;
}
