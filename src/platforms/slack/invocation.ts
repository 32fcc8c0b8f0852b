import type { SlashCommand } from '@slack/bolt';
import { showValue, unknownCommandMessage } from '../../chat/input-messages.ts';
import { matchIntent, optionsForRequest } from '../../chat/intent.ts';
import type { CommandDef } from '../../chat/types.ts';
import { splitForSections } from './blocks.ts';
import { markdownToMrkdwn } from './mrkdwn.ts';
import type { ResolvedSlackOptions } from './options.ts';
import { commandListText } from './usage.ts';

/** An ephemeral answer carried by the ack itself (no response_url use, shown at once). */
export function ephemeralAck(markdown: string) {
  const mrkdwn = markdownToMrkdwn(markdown);
  const blocks = splitForSections(mrkdwn).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
  return { response_type: 'ephemeral' as const, text: markdown.slice(0, 3000), blocks };
}

/** Options of `def` that a message names in backticks (`dataset`), to explain just those. */
export function mentionedOptions(def: CommandDef, message: string): string[] {
  return def.options.map((o) => o.name).filter((name) => message.includes(`\`${name}\``));
}

/**
 * "There is no command `/nn trian`. Did you mean `/nn train`?" — or, when the words read as a
 * request ("/nn show me relu"), the command that does it — followed by the command list.
 */
function unknownCommandAnswer(name: string, rest: string, prefix: string, commands: readonly CommandDef[], list: string): string {
  const intent = matchIntent(`${name} ${rest}`, commands);
  const known = commands.map((c) => c.name);
  if (intent && !intent.command.startsWith(`/${name} `) && intent.command !== `/${name}`) {
    return `There is no command ${showValue(prefix + name)}. Did you mean \`${prefix}${intent.command.slice(1)}\`?\n${list}`;
  }
  return `${unknownCommandMessage(name, known, { prefix, hint: '' }).trimEnd()}\n${list}`;
}

/**
 * For `/train a spiral` (words where options belong): "Did you mean `/train dataset:spiral`? " when
 * the words read as a request for this command; "" otherwise.
 */
export function requestHint(def: CommandDef, text: string, invokedAs: string, commands: readonly CommandDef[]): string {
  const options = optionsForRequest(def.name, text, commands);
  return options ? `Did you mean \`${invokedAs} ${options}\`? ` : '';
}

/** What a slash command resolved to: the command, how the user called it, and the option text. */
export interface ResolvedInvocation {
  def?: CommandDef;
  invokedAs: string;
  text: string;
  /** Answer without running anything (the command list, or "no such command"). */
  answer?: string;
}

/** Finds the command a slash command means: its own name (minus the prefix) or `/<umbrella> <name> …`. */
export function resolveInvocation(
  command: SlashCommand,
  commands: readonly CommandDef[],
  settings: ResolvedSlackOptions,
  slashName: (name: string) => string,
): ResolvedInvocation {
  let name = command.command.replace(/^\//, '').toLowerCase();
  let text = command.text ?? '';
  let invokedAs = command.command;
  const list = () => commandListText(commands, slashName, settings.umbrellaCommand);
  if (name === settings.umbrellaCommand) {
    const [first = '', ...rest] = text.trim().split(/\s+/);
    if (!first || (first === 'help' && !commands.some((c) => c.name === 'help'))) {
      return { invokedAs, text, answer: `${list()}\n\nExample: \`/${settings.umbrellaCommand} train dataset:spiral\`` };
    }
    name = first.replace(/^\//, '').toLowerCase();
    text = rest.join(' ');
    invokedAs = `/${settings.umbrellaCommand} ${name}`;
  } else if (settings.commandPrefix && name.startsWith(settings.commandPrefix.toLowerCase())) {
    name = name.slice(settings.commandPrefix.length);
  }
  const def = commands.find((c) => c.name === name);
  if (!def) return { invokedAs, text, answer: unknownCommandAnswer(name, text, invokedAs !== command.command ? `/${settings.umbrellaCommand} ` : `/${settings.commandPrefix}`, commands, list()) };
  return { def, invokedAs, text };
}
