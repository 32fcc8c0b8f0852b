/** Settles DISCORD_SHARDS into a shard count with Discord's GET /gateway/bot, and the pause between shard starts. */
import { REST, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { PlatformUnreachableError } from '../background-start.ts';
import type { ShardSetting } from './shard-setting.ts';

/** How many shards to run and how fast they may identify. */
export interface ShardPlan {
  count: number;
  /** Discord's recommendation (GET /gateway/bot `shards`). */
  recommended: number;
  /** Sessions that may identify at the same time (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

/**
 * Asks Discord (GET /gateway/bot through DISCORD_API_URL when set — discord.js's own
 * fetchRecommendedShardCount always asks discord.com) for its recommended shard count and the
 * identify concurrency, and settles the count: the recommendation for `auto`, the number otherwise.
 * A refused token throws an Error saying so; an unreachable API a PlatformUnreachableError (retried).
 */
export async function resolveShardPlan(setting: ShardSetting, target: { token: string; apiUrl?: string; timeoutMs?: number }): Promise<ShardPlan> {
  const rest = new REST({ ...(target.apiUrl ? { api: target.apiUrl } : {}), timeout: target.timeoutMs ?? 10_000, retries: 1 }).setToken(target.token);
  let answer: RESTGetAPIGatewayBotResult;
  try {
    answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401) throw new Error('Discord rejected DISCORD_TOKEN (401 Unauthorized) when asked for the shard count. Copy the bot token again from Developer Portal → Bot → Reset Token.', { cause: error });
    if (typeof status === 'number' && status < 500) throw new Error(`Discord answered ${status} to GET /gateway/bot: ${(error as Error).message}`, { cause: error });
    const where = target.apiUrl ? `DISCORD_API_URL (${target.apiUrl})` : 'discord.com';
    throw new PlatformUnreachableError(`Could not ask ${where} for the shard count: ${(error as Error).message}.`, { cause: error });
  }
  const recommended = Math.max(1, Math.floor(Number(answer.shards) || 1));
  const maxConcurrency = Math.max(1, Math.floor(Number(answer.session_start_limit?.max_concurrency) || 1));
  return { count: setting === 'auto' ? recommended : setting, recommended, maxConcurrency };
}

/**
 * The pause between starting consecutive shards: Discord lets max_concurrency sessions identify
 * per 5 s (shard k is in bucket k % max_concurrency), so consecutive shards max_concurrency apart
 * are at least 5 s apart (plus a margin).
 */
export function identifySpacingMs(maxConcurrency: number): number {
  return Math.ceil(5500 / Math.max(1, maxConcurrency));
}
