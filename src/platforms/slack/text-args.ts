import { showValue } from '../../chat/input-messages.ts';
import { normalizeOptionName } from '../../chat/options.ts';
import { didYouMean } from '../../chat/suggest.ts';
import type { OptionDef } from '../../chat/types.ts';

/** Raw option values read from a slash command's text; the router validates and coerces them. */
export interface ParsedText {
  options: Record<string, string | boolean>;
  /** What could not be understood, one sentence each; non-empty → answer with the usage message. */
  problems: string[];
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'n']);
const KEY_PATTERN = /^[A-Za-z][\w-]*$/;

/**
 * Slack escapes &, < and > in slash-command text even with should_escape off, and may wrap links
 * as <url> or <url|label>; this gives back what the user typed.
 */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Splits text into words, keeping "quoted phrases" together. Slack may turn straight quotes into
 * typographic ones (“…”, ‘…’), so those quote too.
 */
export function splitWords(text: string): { words: string[]; problem?: string } {
  const words: string[] = [];
  const closing: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’', '’': '’' };
  let current = '';
  let hasWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch in closing && (current === '' || /[:=]$/.test(current))) {
      quote = closing[ch];
      hasWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (hasWord || current !== '') words.push(current);
      current = '';
      hasWord = false;
      continue;
    }
    current += ch;
    hasWord = true;
  }
  if (quote) return { words, problem: `a quote (${quote}) was opened but never closed.` };
  if (hasWord || current !== '') words.push(current);
  return { words };
}

/** Finds an option by any spelling people type: `learningRate`, `learning_rate`, `--learning-rate`. */
function findOption(defs: readonly OptionDef[], rawName: string): OptionDef | undefined {
  const wanted = normalizeOptionName(rawName);
  return defs.find((d) => normalizeOptionName(d.name) === wanted);
}

/** "there is no option `datset`. Did you mean `dataset`?" (capitalised by the caller, which adds the usage). */
function unknownOptionProblem(defs: readonly OptionDef[], rawName: string): string {
  return `there is no option ${showValue(rawName)}.${didYouMean(rawName, defs.map((d) => d.name))}`;
}

/**
 * Reads option values from slash-command text, leniently: `dataset:spiral layers:8,8`,
 * `dataset=spiral`, `dataset: spiral`, `--dataset spiral`, `--dataset=spiral`, `--animate`
 * (a boolean flag), `--no-animate`, and bare words — a word that is one of an option's choices
 * sets that option (`/train spiral relu`), a boolean option's name sets it to true, and any other
 * bare word fills the first required (else the first) option not yet given.
 */
export function parseCommandText(text: string, defs: readonly OptionDef[]): ParsedText {
  const options: Record<string, string | boolean> = {};
  const problems: string[] = [];
  const split = splitWords(unescapeSlackText(text).trim());
  if (split.problem) problems.push(split.problem);
  const words = split.words;

  const set = (def: OptionDef, value: string | boolean, shownAs: string) => {
    if (def.name in options && options[def.name] !== value) {
      problems.push(`\`${def.name}\` was given twice (${shownAs}).`);
      return;
    }
    options[def.name] = value;
  };
  /** Words that look like the start of another option, so a flag does not swallow them as its value. */
  const isOptionWord = (word: string | undefined) =>
    word !== undefined && (word.startsWith('--') || (/^[A-Za-z][\w-]*[:=]/.test(word) && !word.includes('://')));

  for (let i = 0; i < words.length; i++) {
    const word = words[i];

    if (word.startsWith('--') && word.length > 2) {
      const body = word.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      let def = findOption(defs, name);
      if (!def && eq < 0 && name.startsWith('no-')) {
        const negated = findOption(defs, name.slice(3));
        if (negated?.type === 'boolean') {
          set(negated, false, word);
          continue;
        }
      }
      if (!def) {
        problems.push(unknownOptionProblem(defs, name));
        if (eq < 0 && words[i + 1] !== undefined && !isOptionWord(words[i + 1])) i++;
        continue;
      }
      if (eq >= 0) {
        set(def, body.slice(eq + 1), word);
        continue;
      }
      const next = words[i + 1];
      if (def.type === 'boolean') {
        if (next !== undefined && (TRUE_WORDS.has(next.toLowerCase()) || FALSE_WORDS.has(next.toLowerCase()))) {
          set(def, next, `${word} ${next}`);
          i++;
        } else {
          set(def, true, word);
        }
        continue;
      }
      if (next === undefined || isOptionWord(next)) {
        problems.push(`\`--${def.name}\` needs a value.`);
        continue;
      }
      set(def, next, `${word} ${next}`);
      i++;
      continue;
    }

    const keyValue = /^([^:=\s]+)[:=](.*)$/s.exec(word);
    // "https://…" is a bare link, not option "https" — unless an option really has that name.
    if (keyValue && KEY_PATTERN.test(keyValue[1]) && (!word.includes('://') || findOption(defs, keyValue[1]))) {
      const [, name, inlineValue] = keyValue;
      const def = findOption(defs, name);
      let value = inlineValue;
      if (value === '') {
        // "dataset: spiral" — the value is the next word.
        const next = words[i + 1];
        if (next !== undefined && !isOptionWord(next)) {
          value = next;
          i++;
        }
      }
      if (!def) {
        problems.push(unknownOptionProblem(defs, name));
        continue;
      }
      if (value === '') {
        problems.push(`\`${def.name}\` needs a value after the colon, e.g. \`${def.name}:${exampleValue(def)}\`.`);
        continue;
      }
      set(def, value, word);
      continue;
    }

    // A bare word.
    const lower = word.toLowerCase();
    const byChoice = defs.find((d) => !(d.name in options) && d.choices?.some((c) => c.toLowerCase() === lower));
    if (byChoice) {
      set(byChoice, word, word);
      continue;
    }
    const flag = findOption(defs, word);
    if (flag?.type === 'boolean' && !(flag.name in options)) {
      set(flag, true, word);
      continue;
    }
    const target =
      defs.find((d) => d.required && !(d.name in options)) ?? (defs[0] && !(defs[0].name in options) ? defs[0] : undefined);
    if (target && target.type !== 'boolean') {
      set(target, word, word);
      continue;
    }
    problems.push(`I don't know which option \`${word}\` is for; write it as \`name:value\`.`);
  }
  return { options, problems };
}

/** A value that shows an option's form in examples. */
export function exampleValue(def: OptionDef): string {
  if (def.default !== undefined) return String(def.default);
  if (def.choices?.length) return def.choices[0];
  switch (def.type) {
    case 'integer':
      return String(def.min ?? 1);
    case 'number':
      return String(def.min ?? 0.1);
    case 'boolean':
      return 'true';
    default:
      return '…';
  }
}
