import { describeAllowed } from '../../chat/options.ts';
import type { CommandDef, OptionDef } from '../../chat/types.ts';
import { exampleValue } from './text-args.ts';

/** Commands with more options than this list details only for the options a problem names. */
const MAX_OPTIONS_DETAILED = 6;
const MAX_CHOICES_INLINE = 4;

function optionForm(def: OptionDef): string {
  let shape: string;
  if (def.choices) {
    shape = def.choices.length <= MAX_CHOICES_INLINE ? def.choices.join('|') : 'choice';
  } else if (def.type === 'boolean') {
    shape = 'true|false';
  } else if (def.type === 'user') {
    shape = '@person';
  } else if (def.type === 'attachment') {
    // Slack commands cannot carry files: a file shared in the channel (name or id), or a paste box
    shape = 'shared file name|paste';
  } else {
    shape = def.type === 'string' ? 'text' : def.type === 'integer' ? 'whole number' : 'number';
  }
  return def.required ? `${def.name}:<${shape}>` : `[${def.name}:<${shape}>]`;
}

/**
 * The usage message for one command as typed in Slack: its options in `name:value` form, what
 * each accepts (all of them for small commands, else those named in `focus`), and an example.
 * `invokedAs` is how the user reached it (`/train` or `/nn train`).
 */
export function usageText(def: CommandDef, invokedAs: string, focus: readonly string[] = []): string {
  const lines = [`**Usage:** \`${[invokedAs, ...def.options.map(optionForm)].join(' ')}\``];
  const detailed = def.options.length <= MAX_OPTIONS_DETAILED ? def.options : def.options.filter((o) => focus.includes(o.name));
  for (const option of detailed) {
    const fallback = option.default !== undefined ? ` (default ${option.default})` : '';
    const allowed = option.type === 'attachment' ? 'the name or id of a CSV/JSON file shared in this channel, or `paste` to paste CSV text' : describeAllowed(option);
    lines.push(`- \`${option.name}\` — ${option.description}; ${allowed}${fallback}`);
  }
  const example =
    def.examples?.[0]?.replace(new RegExp(`^/${def.name}\\b`), invokedAs) ??
    [invokedAs, ...def.options.filter((o) => o.required || o.choices).slice(0, 2).map((o) => `${o.name}:${exampleValue(o)}`)].join(' ');
  lines.push(`**Example:** \`${example}\``);
  lines.push(
    `Options can be written \`name:value\` or \`--name value\`; a yes/no option alone (\`--${def.options.find((o) => o.type === 'boolean')?.name ?? 'flag'}\`) means yes.` +
      (detailed.length < def.options.length ? ` \`/help command:${def.name}\` explains every option.` : ''),
  );
  return lines.join('\n');
}

/** The list of commands, for `/nn` alone or an unknown command name. */
export function commandListText(commands: readonly CommandDef[], slashName: (name: string) => string, umbrella: string): string {
  const lines = ['**Commands** (each also works as `/' + umbrella + ' <command> …`):'];
  for (const def of [...commands].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`- \`${slashName(def.name)}\` — ${def.description}${def.lecturerOnly ? ' *(lecturers)*' : ''}`);
  }
  return lines.join('\n');
}
