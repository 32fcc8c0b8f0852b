/**
 * Comma-separated option values (`compare:sigmoid,tanh`, `layers:5,64,64,2`, `values:1,10,full`)
 * read strictly: no empty items, no repeats where they make no sense, a bounded count, and each
 * item checked — every mistake answered in the shared wording with a suggestion where one fits.
 */
import { UserError } from './errors.ts';
import { mustBeMessage, showValue } from './input-messages.ts';
import { didYouMean } from './suggest.ts';

/** What a list option accepts. Items are names from `choices`, or whole numbers from `min` to `max`. */
export interface ListRule {
  choices?: readonly string[];
  min?: number;
  max?: number;
  minItems: number;
  maxItems: number;
  /** Each item at most once (features, activations to overlay). */
  isUnique: boolean;
  /** A typical value for the message, e.g. "sigmoid,tanh,relu". */
  example: string;
  /** Item separators besides the comma (e.g. "x" in /cost's 784x128x10). */
  separators?: RegExp;
}

/** The allowed form of a list, in words, for messages and help. */
export function describeList(rule: ListRule): string {
  const count = rule.minItems === rule.maxItems ? `${rule.minItems}` : rule.minItems <= 1 ? `up to ${rule.maxItems}` : `${rule.minItems} to ${rule.maxItems}`;
  const items = rule.choices
    ? `of ${rule.choices.join(', ')}`
    : `whole numbers from ${rule.min ?? 1} to ${rule.max ?? Number.MAX_SAFE_INTEGER}`;
  const what = rule.choices ? `names ${items}` : items;
  return `${count} ${what} separated by commas${rule.isUnique ? ', each once' : ''} (e.g. ${rule.example})`;
}

/** Splits a list value into trimmed items; empty items stay so that they can be refused. */
function splitItems(text: string, rule: ListRule): string[] {
  const pattern = rule.separators ?? /,/;
  const items = text.trim().split(new RegExp(`\\s*(?:${pattern.source}|,)\\s*`)).map((s) => s.trim());
  return items.length === 1 && items[0] === '' ? [] : items;
}

/**
 * Reads a comma-separated list option strictly and returns its items (numbers for number lists,
 * choices as declared for name lists); throws a UserError naming the option, what it allows and
 * what was wrong (an empty item, a repeat, too many, an unknown name with "Did you mean …?").
 */
export function parseListValue(option: string, text: string, rule: ListRule): string[];
export function parseListValue(option: string, text: string, rule: ListRule & { choices?: undefined }): number[];
export function parseListValue(option: string, text: string, rule: ListRule): (string | number)[] {
  const allowed = describeList(rule);
  const refuse = (why: string): never => {
    throw new UserError(`${mustBeMessage(option, allowed, text)} ${why}`);
  };
  const items = splitItems(text, rule);
  if (items.length > rule.maxItems) refuse(`It has ${items.length} items.`);
  if (items.some((item) => item === '')) refuse('It has an empty item.');
  if (items.length < rule.minItems) refuse(`It has ${items.length === 0 ? 'none' : items.length === 1 ? 'only one' : `only ${items.length}`}.`);
  const values: (string | number)[] = [];
  for (const item of items) {
    if (rule.choices) {
      const match = rule.choices.find((c) => c.toLowerCase() === item.toLowerCase());
      if (!match) refuse(`${showValue(item)} is not one of them.${didYouMean(item, rule.choices)}`);
      values.push(match!);
    } else {
      const n = /^\d+$/.test(item) ? Number(item) : NaN;
      if (!Number.isSafeInteger(n) || n < (rule.min ?? 1) || n > (rule.max ?? Number.MAX_SAFE_INTEGER)) refuse(`${showValue(item)} is not one of them.`);
      values.push(n);
    }
  }
  if (rule.isUnique) {
    const seen = new Set<string>();
    for (const value of values) {
      const key = String(value);
      if (seen.has(key)) refuse(`${showValue(key)} appears more than once.`);
      seen.add(key);
    }
  }
  return values;
}
