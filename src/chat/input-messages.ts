/**
 * One wording for every input mistake, on every platform and the CLI:
 *   `lr` must be a number from 0 to 10, not `1e400`.
 *   `activation` must be one of identity, …, leaky-relu, not `sigmoud`. Did you mean `sigmoid`?
 *   There is no option `datset`. Did you mean `dataset`?
 *   There is no command `/trian`. Did you mean `/train`? Type `/help` to see them all.
 * (The engine, a leaf, writes its SpecErrors in the same shape: src/engine/spec.ts.)
 */
import { didYouMean } from './suggest.ts';

/** Longest piece of a user's value repeated back to them. */
const MAX_SHOWN_CHARS = 40;

/**
 * A user's value as it is repeated back: in a code span (so no platform formats it — a typed
 * `[x](https://…)` stays text), on one line, at most 40 characters.
 */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(typeof value);
    } catch {
      text = typeof value;
    }
  }
  text = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'");
  if ([...text].length > MAX_SHOWN_CHARS) text = `${[...text].slice(0, MAX_SHOWN_CHARS - 1).join('')}…`;
  return text.trim() === '' ? '`""`' : `\`${text}\``;
}

/**
 * "`name` must be ALLOWED, not `VALUE`." — plus "Did you mean …?" when `candidates` holds a
 * near spelling of the value.
 */
export function mustBeMessage(option: string, allowed: string, given: unknown, candidates: readonly string[] = []): string {
  const hint = typeof given === 'string' && candidates.length ? didYouMean(given, candidates) : '';
  return `\`${option}\` must be ${allowed}, not ${showValue(given)}.${hint}`;
}

/**
 * "There is no option `datset`. Did you mean `dataset`?" — when nothing is close, the options that
 * exist are listed instead. `prefix` is how options are written there (`--` on the command line).
 */
export function unknownOptionMessage(given: string, known: readonly string[], prefix = ''): string {
  const shown = (name: string) => `${prefix}${name}`;
  const hint = didYouMean(given, known, shown);
  const start = `There is no option ${showValue(shown(given.replace(/^-+/, '')))}.`;
  if (hint) return start + hint;
  return `${start} ${known.length ? `The options are: ${known.map(shown).join(', ')}.` : 'This takes no options.'}`;
}

/**
 * "There is no command `/trian`. Did you mean `/train`? Type `/help` to see them all." On the
 * command line commands have no slash and the hint names `nn-tutor help`.
 */
export function unknownCommandMessage(given: string, known: readonly string[], how: { prefix?: string; hint?: string } = {}): string {
  const { prefix = '/', hint = 'Type `/help` to see them all.' } = how;
  const name = given.replace(/^\//, '').trim();
  return `There is no command ${showValue(prefix + name)}.${didYouMean(name, known, (n) => prefix + n)} ${hint}`;
}
