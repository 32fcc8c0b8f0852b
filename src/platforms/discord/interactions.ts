import { MessageFlags, type AutocompleteInteraction, type Interaction } from 'discord.js';
import type { DispatchCommandInput, DispatchComponentInput } from '../../chat/router.ts';
import type { CommandDef } from '../../chat/types.ts';
import type { DownloadPolicy } from '../remote-attachment.ts';
import { attachmentsOf } from './attachments.ts';
import { callerFromInteraction } from './caller.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { DiscordResponder, type ResponderTiming } from './responder.ts';

/** What the interaction handler needs from the bot around it. */
export interface InteractionDeps {
  commands: CommandDef[];
  lecturerRole?: string;
  timing: ResponderTiming;
  /** Aborted when the bot stops; passed to the router so running commands cancel. */
  signal: AbortSignal;
  isStopping(): boolean;
  dispatchCommand(input: DispatchCommandInput): Promise<void>;
  dispatchComponent(input: DispatchComponentInput): Promise<void>;
  log: {
    warn(message: string, details?: Record<string, unknown>): void;
    error(message: string, details?: Record<string, unknown>): void;
  };
  /** Where and how attachment options' files may be downloaded (Discord's CDN by default). */
  attachmentPolicy: DownloadPolicy;
  /** Running interactions, so that stop() can wait for them. */
  track(responder: DiscordResponder, work: Promise<void>): void;
}

const STOPPING_TEXT = 'The tutor is restarting right now. Please try again in a minute.';

/** Discord's USER option type: the member picker. */
const USER_OPTION_TYPE = 6;

/**
 * Option values of a slash command by name (Discord has already typed them: string, integer,
 * number, boolean); an attachment option's value is the file's name (Discord sends its id); a user
 * option's is a mention of the user discord.js resolved from the payload's `data.resolved.users`
 * (a picked id missing there is left out, so the command asks for the person again).
 */
export function optionsOf(interaction: { options: { data: readonly { name: string; type?: number; value?: unknown; attachment?: { name: string }; user?: { id: string } | null }[] } }): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const option of interaction.options.data) {
    if (option.attachment) options[option.name] = option.attachment.name;
    else if (option.type === USER_OPTION_TYPE) {
      if (option.user) options[option.name] = `<@${option.user.id}>`;
    } else if (option.value !== undefined) options[option.name] = option.value;
  }
  return options;
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  let choices: { name: string; value: string | number }[] = [];
  try {
    const focused = interaction.options.getFocused(true);
    const option = deps.commands.find((c) => c.name === interaction.commandName)?.options.find((o) => o.name === focused.name);
    const suggestions = option?.autocomplete?.(String(focused.value ?? '')) ?? [];
    const isNumeric = option?.type === 'integer' || option?.type === 'number';
    choices = suggestions
      .filter((s) => s.length >= 1 && s.length <= DISCORD_LIMITS.choiceStringValueChars)
      .filter((s) => !isNumeric || Number.isFinite(Number(s)))
      .slice(0, DISCORD_LIMITS.autocompleteChoices)
      .map((s) => ({ name: s, value: isNumeric ? Number(s) : s }));
  } catch (error) {
    deps.log.warn('autocomplete failed', { command: interaction.commandName, err: String(error) });
  }
  await interaction.respond(choices);
}

/**
 * Turns one Discord interaction into a chat-layer call: slash commands → dispatchCommand, buttons
 * and selects → dispatchComponent (their custom_id is the chat layer's component id, so a click
 * on a message from before a restart routes just the same), autocomplete → the option's
 * suggestions. Never throws.
 */
export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (interaction.isAutocomplete()) {
      await answerAutocomplete(interaction, deps);
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu()) return;
    if (deps.isStopping()) {
      await interaction.reply({ content: STOPPING_TEXT, flags: MessageFlags.Ephemeral });
      return;
    }
    const responder = new DiscordResponder(interaction, deps.log, deps.timing);
    const caller = callerFromInteraction(interaction, deps.lecturerRole);
    const common = { caller, responder, commands: deps.commands, signal: deps.signal };
    const work = (async () => {
      if (interaction.isChatInputCommand()) {
        await deps.dispatchCommand({
          ...common,
          command: interaction.commandName,
          options: optionsOf(interaction),
          attachments: attachmentsOf(interaction.options.data, deps.attachmentPolicy),
        });
      } else {
        await deps.dispatchComponent({
          ...common,
          id: interaction.customId,
          ...(interaction.isStringSelectMenu() ? { values: interaction.values } : {}),
        });
      }
      await responder.finish();
    })();
    deps.track(responder, work);
    await work;
  } catch (error) {
    deps.log.error('interaction failed', {
      err: error instanceof Error ? error.stack : String(error),
      type: interaction.type,
      id: interaction.id,
    });
  }
}
