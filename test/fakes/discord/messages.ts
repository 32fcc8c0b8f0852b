/** Stores, edits and serialises the bot's messages the way Discord's message endpoints do (limits checked, events recorded). */
import type { APIUser } from 'discord-api-types/v10';
import { checkMessageBody } from './checks.ts';
import { fail, HttpError } from './http-error.ts';
import { newSnowflake, MESSAGE_FLAGS, toApiMessage, type StoredAttachment, type StoredMessage } from './payloads.ts';
import type { ParsedBody } from './request-body.ts';
import type { FakeDiscordState } from './state.ts';
import { CALLBACK, type FakeEvent, type FakeInteraction } from './types.ts';

/** The message an interaction's @original currently points at (none once deleted). */
export function originalMessage(fake: FakeDiscordState, interaction: FakeInteraction): StoredMessage | undefined {
  const id = interaction.originalMessageId;
  return id && !interaction.originalDeleted ? fake.messages.get(id) : undefined;
}

/** A stored message as Discord's API returns it; 404 10008 "Unknown Message" when it does not exist. */
export function apiMessage(fake: FakeDiscordState, messageId: string): unknown {
  const message = fake.messages.get(messageId);
  if (!message) return fail(404, 10008, 'Unknown Message');
  return toApiMessage(message, fake.applicationId, fake.botUser, message.guildId ?? fake.guild.id);
}

function storeAttachments(fake: FakeDiscordState, message: StoredMessage, body: ParsedBody): StoredAttachment[] {
  const declared = (body.json.attachments ?? []) as { id: string | number; filename?: string; description?: string }[];
  return body.files.map((file, index) => {
    const id = newSnowflake();
    const fieldIndex = Number(file.field.match(/\d+/)?.[0] ?? index);
    const meta = declared.find((a) => String(a.id) === String(fieldIndex));
    const filename = meta?.filename ?? file.filename;
    return {
      id,
      filename,
      size: file.data.length,
      contentType: file.contentType || 'application/octet-stream',
      description: meta?.description,
      data: file.data,
      url: `${fake.httpOrigin}/attachments/${message.channelId}/${id}/${encodeURIComponent(filename)}`,
    };
  });
}

/** Stores a new message (with its uploaded files) sent by an interaction's response or follow-up. */
export function storeMessage(fake: FakeDiscordState, interaction: FakeInteraction, data: Record<string, unknown>, body: ParsedBody, ephemeral: boolean): StoredMessage {
  const member = (interaction.payload.member as { user: APIUser }).user;
  const message: StoredMessage = {
    id: newSnowflake(),
    channelId: interaction.channelId,
    guildId: interaction.guildId,
    content: typeof data.content === 'string' ? data.content : '',
    embeds: (data.embeds as Record<string, unknown>[]) ?? [],
    components: (data.components as Record<string, unknown>[]) ?? [],
    attachments: [],
    flags: ephemeral ? MESSAGE_FLAGS.ephemeral : 0,
    createdAt: Date.now(),
    editedAt: null,
    interactionId: interaction.id,
    interactionName: interaction.name,
    invokingUser: member,
    isLoading: false,
  };
  message.attachments = storeAttachments(fake, message, { ...body, json: data });
  fake.messages.set(message.id, message);
  return message;
}

/** Edits a message as PATCH does: checks limits, keeps the attachments `attachments` lists, refuses an empty result (50006). */
export function editMessage(fake: FakeDiscordState, interaction: FakeInteraction, messageId: string, body: ParsedBody, kind: FakeEvent['kind']): unknown {
  const message = fake.messages.get(messageId);
  if (!message) return fail(404, 10008, 'Unknown Message');
  const json = (kind === 'edit-original' && body.json.type === CALLBACK.updateMessage ? body.json.data : body.json) as Record<string, unknown>;
  const declared = json.attachments as { id: string | number }[] | undefined;
  // API v10: when `attachments` is sent it lists every attachment the message keeps (old ids) or gets (new file indexes)
  const kept = declared
    ? message.attachments.filter((a) => declared.some((d) => String(d.id) === a.id))
    : message.attachments;
  const files = body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length }));
  const error = checkMessageBody(json, files, interaction.attachmentSizeLimitBytes, { isEdit: true, keptAttachments: kept.length });
  if (error) throw new HttpError(error);
  if ('content' in json) message.content = typeof json.content === 'string' ? json.content : '';
  if ('embeds' in json) message.embeds = (json.embeds as Record<string, unknown>[]) ?? [];
  if ('components' in json) message.components = (json.components as Record<string, unknown>[]) ?? [];
  message.attachments = [...kept, ...storeAttachments(fake, message, { ...body, json })];
  const becomesVisible = message.content.length > 0 || message.embeds.length > 0 || message.attachments.length > 0 || message.components.length > 0;
  if (!becomesVisible) return fail(400, 50006, 'Cannot send an empty message');
  message.isLoading = false;
  message.editedAt = Date.now();
  fake.events.push({
    kind,
    interactionId: interaction.id,
    at: message.editedAt,
    messageId,
    content: message.content,
    attachmentNames: message.attachments.map((a) => a.filename),
  });
  return apiMessage(fake, messageId);
}

/** Sends a follow-up; the first one after a deferred response replaces the loading message, as Discord does. */
export function followUp(fake: FakeDiscordState, interaction: FakeInteraction, body: ParsedBody): unknown {
  const files = body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length }));
  const error = checkMessageBody(body.json, files, interaction.attachmentSizeLimitBytes, { isEdit: false });
  if (error) throw new HttpError(error);
  const ephemeral = (Number(body.json.flags ?? 0) & MESSAGE_FLAGS.ephemeral) !== 0;
  const original = originalMessage(fake, interaction);
  // Discord: the first follow-up to a deferred ("thinking…") response replaces that loading message
  if (original?.isLoading) {
    interaction.originalMessageId = original.id;
    return editMessage(fake, interaction, original.id, body, 'follow-up');
  }
  const message = storeMessage(fake, interaction, body.json, body, ephemeral);
  interaction.followUpIds.push(message.id);
  fake.events.push({
    kind: 'follow-up',
    interactionId: interaction.id,
    at: Date.now(),
    messageId: message.id,
    content: message.content,
    attachmentNames: message.attachments.map((a) => a.filename),
  });
  return apiMessage(fake, message.id);
}
