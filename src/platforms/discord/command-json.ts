import { PermissionFlagsBits } from 'discord.js';
import type { CommandDef, OptionDef, OptionType } from '../../chat/types.ts';
import { DISCORD_LIMITS } from './limits.ts';

/** Discord application-command option types for our option types (STRING 3, INTEGER 4, BOOLEAN 5, USER 6, NUMBER 10, ATTACHMENT 11). */
export const DISCORD_OPTION_TYPES: Record<OptionType, number> = { string: 3, integer: 4, boolean: 5, user: 6, number: 10, attachment: 11 };

/** One option of a CHAT_INPUT command as the bulk-overwrite endpoint takes it. */
export interface DiscordCommandOptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
}

/** A CHAT_INPUT command as PUT /applications/{app}[/guilds/{guild}]/commands takes it. */
export interface DiscordCommandJson {
  type: 1;
  name: string;
  description: string;
  options: DiscordCommandOptionJson[];
  /** Lecturer-only commands: only members with Manage Server see them until an admin grants them to a role. */
  default_member_permissions: string | null;
  /** Guild installs only (0 = GUILD_INSTALL); in guild text channels only (0 = GUILD). */
  integration_types: number[];
  contexts: number[];
}

/** A command definition that Discord would refuse; lists every problem found. */
export class CommandDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Discord would refuse these command definitions:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CommandDefinitionError';
  }
}

/** The permission bit lecturer-only commands require by default (Manage Server). */
export const LECTURER_DEFAULT_PERMISSION = PermissionFlagsBits.ManageGuild;

function describeOption(option: OptionDef): string {
  // Discord shows no defaults, so say it in the description when it fits
  if (option.default === undefined) return option.description;
  const withDefault = `${option.description} (default ${String(option.default)})`;
  return withDefault.length <= DISCORD_LIMITS.commandDescriptionChars ? withDefault : option.description;
}

function toOptionJson(option: OptionDef): DiscordCommandOptionJson {
  const json: DiscordCommandOptionJson = {
    type: DISCORD_OPTION_TYPES[option.type],
    name: option.name,
    description: describeOption(option),
  };
  if (option.required) json.required = true;
  // Discord shows its own file or user picker for these: no choices, no autocomplete
  if (option.type === 'attachment' || option.type === 'user') return json;
  if (option.choices) json.choices = option.choices.map((choice) => ({ name: choice, value: choice }));
  else if (option.autocomplete) json.autocomplete = true;
  if (option.type === 'integer' || option.type === 'number') {
    if (option.min !== undefined) json.min_value = option.min;
    if (option.max !== undefined) json.max_value = option.max;
  }
  return json;
}

/**
 * Turns a platform-neutral command into Discord's CHAT_INPUT JSON: typed options with
 * descriptions, choices, min/max and autocomplete; required options first (Discord refuses
 * otherwise); lecturer-only commands carry default_member_permissions = Manage Server.
 */
export function toDiscordCommand(def: CommandDef): DiscordCommandJson {
  const required = def.options.filter((o) => o.required);
  const optional = def.options.filter((o) => !o.required);
  return {
    type: 1,
    name: def.name,
    description: def.description,
    options: [...required, ...optional].map(toOptionJson),
    default_member_permissions: def.lecturerOnly ? LECTURER_DEFAULT_PERMISSION.toString() : null,
    integration_types: [0],
    contexts: [0],
  };
}

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(name: string, where: string, problems: string[]): void {
  if (!NAME_PATTERN.test(name) || name !== name.toLowerCase())
    problems.push(`${where}: name "${name}" must be 1-${DISCORD_LIMITS.commandNameChars} lower-case letters, digits, "-" or "_"`);
}

function checkDescription(description: string, where: string, problems: string[]): void {
  if (description.length < 1 || description.length > DISCORD_LIMITS.commandDescriptionChars)
    problems.push(`${where}: description must be 1-${DISCORD_LIMITS.commandDescriptionChars} characters (it has ${description.length})`);
}

/** Every way a list of command JSON breaks Discord's documented limits (empty when it is fine). */
export function findCommandProblems(commands: DiscordCommandJson[]): string[] {
  const problems: string[] = [];
  if (commands.length > DISCORD_LIMITS.commandsPerScope)
    problems.push(`${commands.length} commands; Discord allows ${DISCORD_LIMITS.commandsPerScope} per guild or globally`);
  const names = new Set<string>();
  for (const command of commands) {
    const where = `/${command.name}`;
    checkName(command.name, where, problems);
    checkDescription(command.description, where, problems);
    if (names.has(command.name)) problems.push(`${where}: declared twice`);
    names.add(command.name);
    if (command.options.length > DISCORD_LIMITS.commandOptions)
      problems.push(`${where}: ${command.options.length} options; Discord allows ${DISCORD_LIMITS.commandOptions}`);
    let combined = command.name.length + command.description.length;
    const optionNames = new Set<string>();
    let sawOptional = false;
    for (const option of command.options) {
      const at = `${where} option "${option.name}"`;
      checkName(option.name, at, problems);
      checkDescription(option.description, at, problems);
      if (optionNames.has(option.name)) problems.push(`${at}: declared twice`);
      optionNames.add(option.name);
      if (option.required && sawOptional) problems.push(`${at}: required options must come before optional ones`);
      if (!option.required) sawOptional = true;
      combined += option.name.length + option.description.length;
      const choices = option.choices ?? [];
      if (choices.length > DISCORD_LIMITS.optionChoices)
        problems.push(`${at}: ${choices.length} choices; Discord allows ${DISCORD_LIMITS.optionChoices} (use autocomplete instead)`);
      for (const choice of choices) {
        combined += choice.name.length + choice.value.length;
        if (choice.name.length < 1 || choice.name.length > DISCORD_LIMITS.choiceNameChars)
          problems.push(`${at}: choice "${choice.name}" must be 1-${DISCORD_LIMITS.choiceNameChars} characters`);
        if (choice.value.length < 1 || choice.value.length > DISCORD_LIMITS.choiceStringValueChars)
          problems.push(`${at}: choice value "${choice.value}" must be 1-${DISCORD_LIMITS.choiceStringValueChars} characters`);
      }
      if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value)
        problems.push(`${at}: min ${option.min_value} is above max ${option.max_value}`);
    }
    if (combined > DISCORD_LIMITS.commandCombinedChars)
      problems.push(`${where}: ${combined} characters in names, descriptions and choices together; Discord allows ${DISCORD_LIMITS.commandCombinedChars}`);
  }
  return problems;
}

/** Converts every command and throws a CommandDefinitionError naming each broken limit. */
export function buildCommandPayload(defs: CommandDef[]): DiscordCommandJson[] {
  const json = defs.map(toDiscordCommand);
  const problems = findCommandProblems(json);
  if (problems.length > 0) throw new CommandDefinitionError(problems);
  return json;
}
