/**
 * Starts nn-tutor: the local web chat when no Discord/Slack tokens are set (or when asked), and
 * the Discord and Slack adapters when configured. Shuts everything down cleanly on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { logger } from './chat/logger.ts';
import { setLimits } from './chat/limits.ts';
import { loadCommands } from './chat/registry.ts';
import { cancelAllCommands } from './chat/router.ts';
import type { CommandDef } from './chat/types.ts';
import { closeJobPool, configureJobs, warmUpJobPool } from './jobs/index.ts';
import { startInBackground } from './platforms/background-start.ts';

interface Running {
  name: string;
  stop(): Promise<void>;
}

/** For a classroom (LOCAL_CHAT_HOST=0.0.0.0): the addresses students on the LAN can open. */
function lanAddresses(host: string, port: number): string {
  if (host !== '0.0.0.0' && host !== '::') return '';
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
  return addresses.length ? `\n  on the local network: ${addresses.join('  ')}` : '';
}

/** Imports an adapter only when it is configured, so a missing or broken adapter cannot stop the others. */
async function startAdapter(name: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<Running | undefined> {
  try {
    const adapter = await start();
    return { name, stop: () => adapter.stop() };
  } catch (error) {
    logger.error({ err: error, platform: name }, `${name} did not start: ${(error as Error).message}`);
    return undefined;
  }
}

async function startPlatforms(config: Config, commands: CommandDef[]): Promise<Running[]> {
  const started: (Running | undefined)[] = [];
  if (config.local.enabled) {
    started.push(
      await startAdapter('local web chat', async () => {
        const { startLocalChat } = await import('./platforms/local/index.ts');
        const server = await startLocalChat(config.local, { commands });
        console.log(`\n  nn-tutor local chat: ${server.url}${lanAddresses(config.local.host, server.port)}\n`);
        return server;
      }),
    );
  }
  // Discord and Slack start in the background, side by side: an unreachable API is retried with
  // backoff (one log line) and never holds up the local chat or the other platform.
  if (config.discord) {
    const options = config.discord;
    started.push(
      startInBackground('discord', async () => {
        const { startDiscordBot } = await import('./platforms/discord/index.ts');
        return startDiscordBot(options, { commands });
      }),
    );
  }
  if (config.slack) {
    const options = config.slack;
    started.push(
      startInBackground('slack', async () => {
        const { startSlackApp } = await import('./platforms/slack/index.ts');
        return startSlackApp(options, { commands });
      }),
    );
  }
  return started.filter((s): s is Running => s !== undefined);
}

/**
 * Opens the shared store (SQLite in DATA_DIR) before any command runs, so lessons and quizzes use the
 * configured folder. A store that cannot open is logged; training commands still work without it.
 */
async function openStore(dataDir: string): Promise<() => void> {
  try {
    const store = await import('./store/index.ts');
    store.getStore({ dataDir });
    return () => store.closeStore();
  } catch (error) {
    logger.error({ err: error, dataDir }, `the store did not open (lessons and quizzes will fail): ${(error as Error).message}`);
    return () => undefined;
  }
}

/** Entry point of `npm start`. */
export async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  logger.level = config.logLevel;
  setLimits(config.limits);
  configureJobs(config.jobThreads ? { threads: config.jobThreads } : {});

  const closeStore = await openStore(config.dataDir);
  const commands = await loadCommands();
  const warming = warmUpJobPool().catch((error) => logger.warn({ err: error }, 'worker warm-up failed'));
  const running = await startPlatforms(config, commands);
  if (running.length === 0) {
    console.error('Nothing started: enable the local chat (LOCAL_CHAT_ENABLED=true) or fix the errors above.');
    await closeJobPool();
    process.exit(1);
  }
  await warming;

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    cancelAllCommands();
    await Promise.allSettled(running.map((r) => r.stop()));
    await closeJobPool();
    closeStore();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/main.ts')) {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, 'start-up failed');
    console.error(`nn-tutor could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
