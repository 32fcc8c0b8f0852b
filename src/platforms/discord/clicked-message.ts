import { MessageFlags } from 'discord.js';
import type { Reply } from '../../chat/types.ts';
import type { RepliableInteraction } from './responder.ts';

/**
 * True when an answer to this interaction may take the place of the message whose button or menu
 * was used: the bot's own ephemeral message (only the clicker can see it, so it is theirs) without
 * attachments — as in the web chat, a message showing charts (an experiment's result) stays, and
 * the next step comes below it.
 */
export function isClickedMessageReplaceable(interaction: RepliableInteraction): boolean {
  if (!interaction.isMessageComponent()) return false;
  const message = interaction.message;
  const isOurs = message.author?.id === interaction.client.user?.id || (message.applicationId ?? message.webhookId) === interaction.applicationId;
  return isOurs && message.flags.has(MessageFlags.Ephemeral) && message.attachments.size === 0;
}

/** True when this reply asks to replace the clicked message and may (a private reply on a replaceable message). */
export function repliesInPlace(reply: Reply, isClickedReplaceable: boolean): boolean {
  return Boolean(reply.replacesClickedMessage && reply.ephemeral && isClickedReplaceable);
}
