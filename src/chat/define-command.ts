import type { CommandDef } from './types.ts';

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** Checks a command definition against limits every platform shares; throws a message naming the field. */
export function validateCommandDef(def: CommandDef): void {
  const where = `command "${def.name}"`;
  if (!NAME_PATTERN.test(def.name)) throw new Error(`${where}: name must be 1-32 lower-case letters, digits or "-"`);
  if (!def.description || def.description.length > 100) throw new Error(`${where}: description must be 1-100 characters`);
  if (def.options.length > 25) throw new Error(`${where}: at most 25 options (Discord's limit)`);
  const seen = new Set<string>();
  let sawOptional = false;
  for (const option of def.options) {
    const at = `${where}, option "${option.name}"`;
    if (!NAME_PATTERN.test(option.name)) throw new Error(`${at}: name must be 1-32 lower-case letters, digits or "-"`);
    if (seen.has(option.name)) throw new Error(`${at}: declared twice`);
    seen.add(option.name);
    if (!option.description || option.description.length > 100) throw new Error(`${at}: description must be 1-100 characters`);
    if (option.choices && (option.choices.length === 0 || option.choices.length > 25)) throw new Error(`${at}: 1-25 choices`);
    if (option.choices && option.type !== 'string') throw new Error(`${at}: choices are only for string options`);
    if (option.required && sawOptional) throw new Error(`${at}: required options must come before optional ones`);
    if (!option.required) sawOptional = true;
  }
}

/** Declares a platform-neutral slash command (default-export it from commands/<name>.ts). */
export function defineCommand(def: CommandDef): CommandDef {
  validateCommandDef(def);
  return def;
}
