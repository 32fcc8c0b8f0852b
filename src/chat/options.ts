import { z } from 'zod';
import { UserError } from './errors.ts';
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
    default:
      return 'text';
  }
}

/**
 * Lenient coercion for text-based platforms (Slack, CLI, the web chat send strings): "8" → 8,
 * "0.03" → 0.03, "yes"/"true" → true, [8, 8] → "8,8", choices matched case-insensitively.
 * Values it cannot coerce are returned unchanged so that zod reports them.
 */
function coerce(def: OptionDef, value: unknown): unknown {
  if (typeof value === 'string') value = value.trim();
  switch (def.type) {
    case 'string': {
      if (Array.isArray(value)) return value.join(',');
      if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
      if (typeof value === 'string' && def.choices) {
        const match = def.choices.find((c) => c.toLowerCase() === (value as string).toLowerCase());
        return match ?? value;
      }
      return value;
    }
    case 'integer':
    case 'number': {
      if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value))) return Number(value);
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
      return def.choices ? z.enum(def.choices as [string, ...string[]]) : z.string().min(1);
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

function shownValue(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text && text.length > 40 ? `${text.slice(0, 37)}…` : String(text);
}

/**
 * Validates raw option values for `/command` against its definitions: unknown names, missing
 * required options and bad values each become a UserError naming the option and what it accepts.
 * Omitted options take their declared default.
 */
export function parseOptions(command: string, defs: readonly OptionDef[], raw: Record<string, unknown>): OptionValues {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const name = normalizeOptionName(key);
    if (!byName.has(name)) {
      const known = defs.map((d) => d.name).join(', ') || 'none';
      throw new UserError(`/${command} has no option \`${key}\`. Its options are: ${known}. Try \`/help ${command}\`.`);
    }
    input[name] = value;
  }
  const parsed = buildOptionsSchema(defs).safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const def = byName.get(name);
      if (!def) return issue.message;
      if (input[name] === undefined) return `\`${name}\` is required (${def.description}); it must be ${describeAllowed(def)}.`;
      return `\`${name}\` must be ${describeAllowed(def)}, not ${shownValue(input[name])}.`;
    });
    throw new UserError([...new Set(problems)].join('\n'));
  }
  const values: OptionValues = {};
  for (const def of defs) {
    const value = (parsed.data as Record<string, unknown>)[def.name];
    values[def.name] = (value ?? def.default) as string | number | boolean | undefined;
  }
  return values;
}
