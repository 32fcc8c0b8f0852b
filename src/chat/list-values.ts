/**
 * Comma-separated option values (`compare:sigmoid,tanh`, `layers:5,64,64,2`, `values:1,10,full`)
 * read strictly: no empty items, no repeats where they make no sense, a bounded count, and each
 * item checked — every mistake answered in the shared wording with a suggestion where one fits.
 */
import { UserError } from './errors.ts';
import { mustBeMessage, showValue } from './input-messages.ts';
import { didYouMean } from './suggest.ts';

/** How many items a list takes, whether each may appear once only, and a typical value. */
export interface ListShape {
  minItems: number;
  maxItems: number;
  /** Each item at most once (features, activations to overlay, values to compare). */
  isUnique: boolean;
  /** A typical value for messages, e.g. "sigmoid,tanh,relu". */
  example: string;
  /** Item separators besides the comma, e.g. /[x×\s-]/ for /cost's 784x128x10. */
  separators?: RegExp;
}

/** A list of names from `choices`. */
export interface NameListRule extends ListShape {
  choices: readonly string[];
}

/** A list of whole numbers from `min` to `max`. */
export interface NumberListRule extends ListShape {
  min: number;
  max: number;
}

/** A list whose items another part checks (e.g. the engine, per value); `itemsAre` says what they are. */
export interface TextListRule extends ListShape {
  itemsAre: string;
}

function describeCount(shape: ListShape): string {
  if (shape.minItems === shape.maxItems) return `${shape.minItems}`;
  return shape.minItems <= 1 ? `up to ${shape.maxItems}` : `${shape.minItems} to ${shape.maxItems}`;
}

/** The allowed form of a list, in words, for messages and help. */
export function describeList(rule: NameListRule | NumberListRule | TextListRule): string {
  const items = 'choices' in rule
    ? `names of ${rule.choices.join(', ')}`
    : 'itemsAre' in rule ? rule.itemsAre : `whole numbers from ${rule.min} to ${rule.max}`;
  return `${describeCount(rule)} ${items} separated by commas${rule.isUnique ? ', each once' : ''} (e.g. ${rule.example})`;
}

/**
 * Splits a list into trimmed items and checks its shape (count, no empty item, repeats), refusing
 * with `allowed` in the shared wording; `toItem` reads each item or returns why it cannot.
 */
function readList<T>(option: string, text: string, shape: ListShape, allowed: string, toItem: (item: string) => T | { problem: string }): T[] {
  const refuse = (why: string): never => {
    throw new UserError(`${mustBeMessage(option, allowed, text)} ${why}`);
  };
  const separator = new RegExp(`\\s*(?:${shape.separators?.source ?? ','}|,)\\s*`);
  const trimmed = text.trim();
  const items = trimmed === '' ? [] : trimmed.split(separator);
  if (items.length > shape.maxItems) refuse(`It has ${items.length} items.`);
  if (items.some((item) => item === '')) refuse('It has an empty item.');
  if (items.length < shape.minItems) refuse(`It has ${items.length === 0 ? 'none' : items.length === 1 ? 'only one' : `only ${items.length}`}.`);
  const values = items.map((item) => {
    const value = toItem(item);
    if (value && typeof value === 'object' && 'problem' in value) return refuse(value.problem);
    return value as T;
  });
  if (shape.isUnique) {
    const seen = new Set<string>();
    for (const value of values) {
      const key = String(value).toLowerCase();
      if (seen.has(key)) refuse(`${showValue(String(value))} appears more than once.`);
      seen.add(key);
    }
  }
  return values;
}

/**
 * A comma-separated list of names (`compare:sigmoid,tanh`) read strictly into the declared
 * spellings; a UserError names the option, what it allows and what was wrong (an empty item, a
 * repeat, too many, an unknown name with "Did you mean …?").
 */
export function parseNameList(option: string, text: string, rule: NameListRule): string[] {
  return readList(option, text, rule, describeList(rule), (item) =>
    rule.choices.find((c) => c.toLowerCase() === item.toLowerCase()) ?? { problem: `${showValue(item)} is not one of them.${didYouMean(item, rule.choices)}` },
  );
}

/** A comma-separated list of whole numbers (`layers:5,64,64,2`) read strictly, as parseNameList. */
export function parseNumberList(option: string, text: string, rule: NumberListRule): number[] {
  return readList(option, text, rule, describeList(rule), (item) => {
    const n = /^\d+$/.test(item) ? Number(item) : NaN;
    return Number.isSafeInteger(n) && n >= rule.min && n <= rule.max ? n : { problem: `${showValue(item)} is not a whole number from ${rule.min} to ${rule.max}.` };
  });
}

/** A comma-separated list whose items are checked elsewhere: only its shape is checked here. */
export function parseTextList(option: string, text: string, rule: TextListRule): string[] {
  return readList(option, text, rule, describeList(rule), (item) => item);
}
