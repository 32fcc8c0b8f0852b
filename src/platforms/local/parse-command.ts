import { UserError } from '../../chat/errors.ts';
import { optionsForRequest } from '../../chat/intent.ts';
import { normalizeOptionName } from '../../chat/options.ts';
import type { CommandDef } from '../../chat/types.ts';

/** A typed slash command split into its name and raw option values. */
export interface ParsedCommand {
  command: string;
  options: Record<string, unknown>;
}

/** Splits on whitespace, keeping "quoted strings" (and key:"quoted values") together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[0].replace(/(["'])(.*?)\1/g, '$2'));
  return tokens;
}

/** True for `name:value` / `name=value` tokens (but not URLs such as https://…). */
function isPair(token: string): boolean {
  return /^[a-zA-Z][\w-]*[:=]/.test(token) && !/^[a-zA-Z][\w+.-]*:\/\//.test(token);
}

/**
 * Parses what a person types: `/train dataset:spiral layers:8,8`, `/train --dataset spiral --animate`,
 * `key=value`, and bare words: one of an option's choices sets that option (`/dataset draw`), any
 * other fills the command's first free option (`/activation relu`, `/help train`).
 */
export function parseCommandText(text: string, commands: readonly CommandDef[]): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) throw new UserError('Commands start with `/`, for example `/train dataset:spiral`. Type `/help` to see them all.');
  const [head = '', ...rest] = tokenize(trimmed.slice(1));
  const command = head.toLowerCase();
  const def = commands.find((c) => c.name === command);
  const options: Record<string, unknown> = {};
  const positional: string[] = [];
  const setOption = (name: string, value: string) => {
    if (Object.keys(options).some((k) => normalizeOptionName(k) === normalizeOptionName(name)))
      throw new UserError(`\`${normalizeOptionName(name)}\` was given twice; give it once.`);
    options[name] = value;
  };
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token.startsWith('--')) {
      const [flag = '', inline] = token.slice(2).split(/=(.*)/s);
      const next = rest[i + 1];
      if (inline !== undefined) setOption(flag, inline);
      else if (next !== undefined && !next.startsWith('--') && !isPair(next)) {
        setOption(flag, next);
        i += 1;
      } else setOption(flag, 'true');
      continue;
    }
    const separator = token.search(/[:=]/);
    if (separator > 0 && isPair(token)) {
      let value = token.slice(separator + 1);
      const next = rest[i + 1];
      // "dataset: spiral" — a space after the colon still means dataset:spiral.
      if (value === '' && next !== undefined && !next.startsWith('--') && !isPair(next)) {
        value = next;
        i += 1;
      }
      setOption(token.slice(0, separator), value);
      continue;
    }
    positional.push(token);
  }
  const isFree = (name: string) => !(normalizeOptionName(name) in options) && !(name in options);
  // bare words that are each exactly one of a free option's choices set those options (`/dataset draw`
  // → action:draw, as on Slack); when any word is not a choice, they are all read as before
  const byChoice: Record<string, string> = {};
  const owners = positional.map((word) => {
    const owner = def?.options.find((o) => isFree(o.name) && !(o.name in byChoice) && o.choices?.includes(word.toLowerCase()));
    if (owner) byChoice[owner.name] = word.toLowerCase();
    return owner;
  });
  if (positional.length && owners.every(Boolean)) {
    Object.assign(options, byChoice);
    positional.length = 0;
  }
  if (positional.length) {
    const target = def?.options.find((o) => isFree(o.name));
    if (!def || !target || positional.length > 1) {
      const meant = def && optionsForRequest(def.name, positional.join(' '), commands);
      if (meant) throw new UserError(`Did you mean \`/${def.name} ${meant}\`? Options are written \`name:value\`.`);
      throw new UserError(`I could not read \`${positional.join(' ')}\`: write options as \`name:value\`, e.g. \`/${command || 'train'} ${def?.options[0]?.name ?? 'dataset'}:${def?.options[0]?.choices?.[0] ?? 'value'}\`.`);
    }
    options[target.name] = positional[0];
  }
  return { command, options };
}
