/**
 * Messages the bot posts into a channel on its own (POST /channels/{id}/messages), not as an answer
 * to an interaction — e.g. a live-quiz reveal taken over by another instance. Kept apart from the
 * interaction messages: they have no interaction and no token, only the bot's authorization.
 */
import { checkMessageBody, MESSAGE_LIMITS } from './checks.ts';
import { fail, HttpError } from './http-error.ts';
import { newSnowflake } from './payloads.ts';
import type { ParsedBody } from './request-body.ts';
import type { FakeDiscordState } from './state.ts';

/** One message the bot posted in a channel. */
export interface FakeChannelMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachmentNames: string[];
  at: number;
}

const postedByFake = new WeakMap<FakeDiscordState, FakeChannelMessage[]>();

/** Everything the bot posted into channels on its own, oldest first. */
export function channelMessagesOf(fake: FakeDiscordState): FakeChannelMessage[] {
  let list = postedByFake.get(fake);
  if (!list) postedByFake.set(fake, (list = []));
  return list;
}

/** POST /channels/{id}/messages: a guild's channel only, with the bot token, within Discord's message limits. */
export function postChannelMessage(fake: FakeDiscordState, channelId: string, body: ParsedBody, authorized: boolean): unknown {
  if (!authorized) fail(401, 0, '401: Unauthorized');
  const guild = fake.guilds.find((g) => g.channelId === channelId);
  if (!guild) fail(404, 10003, 'Unknown Channel');
  const files = body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length }));
  const error = checkMessageBody(body.json, files, MESSAGE_LIMITS.defaultAttachmentSizeLimitBytes, { isEdit: false });
  if (error) throw new HttpError(error);
  const message: FakeChannelMessage = {
    id: newSnowflake(),
    channelId,
    content: typeof body.json.content === 'string' ? body.json.content : '',
    embeds: (body.json.embeds as Record<string, unknown>[]) ?? [],
    components: (body.json.components as Record<string, unknown>[]) ?? [],
    attachmentNames: body.files.map((f) => f.filename),
    at: Date.now(),
  };
  channelMessagesOf(fake).push(message);
  fake.emit('change');
  return {
    id: message.id, type: 0, channel_id: channelId, guild_id: guild!.id, author: fake.botUser, content: message.content,
    embeds: message.embeds, components: message.components, attachments: [], mentions: [], mention_roles: [], pinned: false,
    mention_everyone: false, tts: false, timestamp: new Date(message.at).toISOString(), edited_timestamp: null, flags: 0,
  };
}
