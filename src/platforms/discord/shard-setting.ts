/**
 * DISCORD_SHARDS: how many gateway shards (one process each) the Discord bot runs. Unset = one
 * connection in the main process, no manager; `auto` = Discord's recommendation from GET
 * /gateway/bot; a whole number = that many shard processes. (Pure parsing: config.ts imports it, so
 * no discord.js here; shard-plan.ts asks Discord.)
 */
/** `auto`, or a fixed number of shard processes. */
export type ShardSetting = 'auto' | number;

/** Most shard processes one manager starts (each is a whole bot process with its own threads). */
export const MAX_SHARD_PROCESSES = 64;

/** What DISCORD_SHARDS accepts, for error messages. */
export const SHARD_SETTING_HELP = `auto (Discord's recommendation) or a whole number of shard processes from 1 to ${MAX_SHARD_PROCESSES}; leave it unset for one process without sharding`;

/** Parses DISCORD_SHARDS: undefined when unset or empty; throws an Error naming what is allowed otherwise. */
export function parseShardSetting(raw: string | undefined): ShardSetting | undefined {
  const value = raw?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'auto') return 'auto';
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count >= 1 && count <= MAX_SHARD_PROCESSES) return count;
  }
  throw new Error(`must be ${SHARD_SETTING_HELP} (got "${raw!.trim()}")`);
}

/** The shard this process is, from the manager's SHARDS / SHARD_COUNT; undefined when not started by the manager. */
export function shardFromEnvironment(env: Record<string, string | undefined>): { id: number; count: number } | undefined {
  const id = Number(env.SHARDS);
  const count = Number(env.SHARD_COUNT);
  if (!env.SHARDS || !env.SHARD_COUNT || !Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) return undefined;
  return { id, count };
}
