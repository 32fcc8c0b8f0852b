/**
 * `npm run register`: writes every command in commands/ to Discord with one bulk overwrite —
 * to DISCORD_GUILD_ID when set (instant, for a course server), globally otherwise. Definitions are
 * checked against Discord's documented limits first, and the script fails loudly (exit code 1,
 * every broken limit named) rather than sending something Discord would refuse.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { CommandDef } from '../../chat/types.ts';
import { buildCommandPayload, CommandDefinitionError, type DiscordCommandJson } from './command-json.ts';
import type { DiscordOptions } from './options.ts';

/** Where the commands went. */
export interface RegisterResult {
  scope: 'guild' | 'global';
  names: string[];
  body: DiscordCommandJson[];
}

function explainRestError(error: unknown, target: Pick<DiscordOptions, 'clientId' | 'guildId'>): Error {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return new Error('Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from Developer Portal → Bot → Reset Token.', { cause: error });
    if (error.status === 403 || error.code === 50001)
      return new Error(
        target.guildId
          ? `Discord refused access to guild ${target.guildId} (${error.message}). Invite the bot to that server with the applications.commands scope (see the README), and check DISCORD_CLIENT_ID and DISCORD_GUILD_ID.`
          : `Discord refused access (${error.message}). Check that DISCORD_CLIENT_ID (${target.clientId}) is the application of DISCORD_TOKEN.`,
        { cause: error },
      );
    if (error.code === 50035)
      return new Error(`Discord refused the command definitions: ${error.message}\n${JSON.stringify((error.rawError as { errors?: unknown }).errors ?? {}, null, 2)}`, { cause: error });
    return new Error(`Discord answered ${error.status} (${error.code}): ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Checks the definitions against Discord's limits (CommandDefinitionError naming each problem),
 * then PUTs them to /applications/{clientId}/guilds/{guildId}/commands or /applications/{clientId}/commands.
 */
export async function registerCommands(
  target: Pick<DiscordOptions, 'token' | 'clientId' | 'guildId' | 'apiUrl'>,
  commands: CommandDef[],
): Promise<RegisterResult> {
  const body = buildCommandPayload(commands);
  if (!target.token) throw new Error('DISCORD_TOKEN is not set. Put the bot token from Developer Portal → Bot in .env.');
  if (!target.clientId) throw new Error('DISCORD_CLIENT_ID is not set. Put the application id from Developer Portal → General Information in .env.');
  const rest = new REST({ ...(target.apiUrl ? { api: target.apiUrl } : {}), retries: 1 }).setToken(target.token);
  const route = target.guildId ? Routes.applicationGuildCommands(target.clientId, target.guildId) : Routes.applicationCommands(target.clientId);
  let saved: { name: string }[];
  try {
    saved = (await rest.put(route, { body })) as { name: string }[];
  } catch (error) {
    throw explainRestError(error, target);
  }
  return { scope: target.guildId ? 'guild' : 'global', names: saved.map((c) => c.name), body };
}

async function main(): Promise<void> {
  // an entry point like main.ts: settings come from .env / the environment through config.ts
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { loadConfig } = await import('../../config.ts');
  const { loadCommands } = await import('../../chat/registry.ts');
  const discord = loadConfig().discord;
  if (!discord) throw new Error('DISCORD_TOKEN is not set. Put the bot token from Developer Portal → Bot in .env (see .env.example).');
  const result = await registerCommands(discord, await loadCommands());
  const where =
    result.scope === 'guild'
      ? `to guild ${discord.guildId} (available at once)`
      : 'globally (they can take a few minutes to appear; set DISCORD_GUILD_ID for instant updates in a course server)';
  console.log(`Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(' ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const message = error instanceof CommandDefinitionError || error instanceof Error ? error.message : String(error);
    console.error(`npm run register failed:\n${message}`);
    process.exitCode = 1;
  });
}
