/**
 * Posting into a channel without an interaction to answer: work that outlives the click or command
 * that started it (a live-quiz reveal taken over from another instance, or after a restart) needs a
 * way to reach the channel. Each running platform adapter registers how it posts; the chat layer
 * keeps the table so commands never import a platform.
 */
import type { Reply } from './types.ts';

/** Where a post goes: a platform's channel (and its workspace/guild, where the platform has one). */
export interface ChannelTarget {
  channelId: string;
  spaceId?: string | null;
}

/** Posts one public reply into a channel (the bot's own message, not an answer to anyone). */
export type ChannelPoster = (target: ChannelTarget, reply: Reply) => Promise<void>;

const posters = new Map<string, ChannelPoster>();

/** Registers how `platform` posts into a channel; returns a function that removes it again (on stop). */
export function registerChannelPoster(platform: string, poster: ChannelPoster): () => void {
  posters.set(platform, poster);
  return () => {
    if (posters.get(platform) === poster) posters.delete(platform);
  };
}

/** The poster of a running platform adapter, or undefined when this process does not serve that platform. */
export function channelPosterFor(platform: string): ChannelPoster | undefined {
  return posters.get(platform);
}

/** True when some platform adapter in this process has registered a poster. */
export function hasChannelPosters(): boolean {
  return posters.size > 0;
}
