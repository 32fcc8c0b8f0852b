import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { validateCommandDef } from './define-command.ts';
import type { CommandDef } from './types.ts';

/** The folder holding one file per command (the file name is the command name). */
export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

let cached: Promise<CommandDef[]> | undefined;

async function importAll(dir: string): Promise<CommandDef[]> {
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort();
  const commands: CommandDef[] = [];
  for (const file of files) {
    const name = path.basename(file, '.ts');
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: CommandDef };
    const def = mod.default;
    if (!def || typeof def.run !== 'function')
      throw new Error(`commands/${file}: must \`export default defineCommand({...})\``);
    if (def.name !== name) throw new Error(`commands/${file}: command name "${def.name}" must equal the file name "${name}"`);
    validateCommandDef(def);
    commands.push(def);
  }
  return commands;
}

/** Imports and validates every command in commands/ (once; later calls share the result), sorted by name. */
export function loadCommands(dir: string = COMMANDS_DIR): Promise<CommandDef[]> {
  if (dir !== COMMANDS_DIR) return importAll(dir);
  cached ??= importAll(dir).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
