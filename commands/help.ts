import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { mustBeMessage } from '../src/chat/input-messages.ts';
import { describeAllowed } from '../src/chat/options.ts';
import { loadCommands } from '../src/chat/registry.ts';
import type { CommandDef } from '../src/chat/types.ts';
import { PLAYGROUND_MODE_HELP } from './_lib/train-options.ts';
import { REPORT_HELP } from './_lib/report-help.ts';

/** The help text for one command: what it does, each option with allowed values and default, examples. */
export function commandHelp(def: CommandDef): string {
  const options = def.options.map((o) => {
    const dflt = o.default !== undefined && o.default !== '' ? ` (default ${o.default})` : '';
    return `- \`${o.name}\`${o.required ? ' (required)' : ''}: ${o.description} — ${describeAllowed(o)}${dflt}`;
  });
  return [
    `**/${def.name}** — ${def.description}${def.lecturerOnly ? ' *(lecturers only)*' : ''}`,
    ...(options.length ? ['Options (write them as `name:value`):', ...options] : ['No options.']),
    ...(def.options.some((o) => o.name === 'playground-mode') ? [PLAYGROUND_MODE_HELP] : []),
    ...(def.name === 'report' ? [REPORT_HELP] : []),
    ...(def.examples?.length ? ['Examples:', ...def.examples.map((e) => `- \`${e}\``)] : []),
  ].join('\n');
}

/** Names offered by autocomplete; filled in once the registry has loaded every command (this one included). */
let commandNames: string[] = [];
void loadCommands().then(
  (commands) => (commandNames = commands.map((c) => c.name)),
  () => undefined,
);

/** /help: every command in one list, or one command's options. */
export default defineCommand({
  name: 'help',
  description: 'What each command does, with examples; /help command:train for its options',
  options: [
    {
      name: 'command', type: 'string', description: 'A command to explain in detail',
      autocomplete: (partial) => commandNames.filter((n) => n.startsWith(partial.replace(/^\//, ''))),
    },
  ],
  examples: ['/help', '/help command:train'],
  async run(ctx) {
    const commands = await loadCommands();
    const wanted = typeof ctx.options.command === 'string' ? ctx.options.command.replace(/^\//, '').toLowerCase() : undefined;
    if (wanted) {
      const def = commands.find((c) => c.name === wanted);
      const names = commands.map((c) => c.name);
      if (!def) throw new UserError(mustBeMessage('command', `one of ${names.join(', ')}`, wanted, names));
      await ctx.reply({ text: commandHelp(def), ephemeral: true, data: { command: def.name, options: def.options.map((o) => ({ ...o, autocomplete: undefined })) } });
      return;
    }
    const visible = commands.filter((c) => !c.lecturerOnly || ctx.caller.isLecturer);
    const lines = visible.map((c) => `- **/${c.name}** — ${c.description}${c.examples?.[0] ? `, e.g. \`${c.examples[0]}\`` : ''}`);
    await ctx.reply({
      text: ['**nn-tutor** trains small neural networks and explains them. Commands:', ...lines, 'Type `/help command:<name>` for a command\'s options.'].join('\n'),
      ephemeral: true,
      data: { commands: visible.map((c) => c.name) },
    });
  },
});
