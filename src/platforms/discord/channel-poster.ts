/**
 * Posts into a Discord channel with no interaction to answer (a live-quiz reveal taken over from a
 * shard or instance that stopped): POST /channels/{id}/messages with the bot token over REST, so it
 * works from any shard or instance, gateway or http mode, whether or not the channel is cached.
 */
import { Routes, type Client } from 'discord.js';
import { registerChannelPoster } from '../../chat/channel-posters.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { buildMessageBody, type Warn } from './message.ts';

/** Registers the Discord channel poster for this process; returns the function that removes it (on stop). */
export function registerDiscordChannelPoster(client: Client, warn: Warn): () => void {
  return registerChannelPoster('discord', async (target, reply) => {
    const body = await buildMessageBody({ ...reply, ephemeral: false }, { attachmentSizeLimitBytes: DISCORD_LIMITS.defaultAttachmentSizeLimitBytes, warn });
    await client.rest.post(Routes.channelMessages(target.channelId), {
      body: {
        content: body.content,
        embeds: body.embeds,
        components: body.components,
        allowed_mentions: { parse: [] },
        attachments: body.files.map((file, index) => ({ id: index, filename: file.name, ...(file.description ? { description: file.description } : {}) })),
      },
      files: body.files.map((file) => ({ name: file.name, data: file.attachment })),
    });
  });
}
