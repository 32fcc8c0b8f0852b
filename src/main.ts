/**
 * Starts nn-tutor: the local web chat when no Discord/Slack tokens are set (or when asked), and
 * the Discord and Slack adapters when configured. Shuts everything down cleanly on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { logger, setLogFormat } from './chat/logger.ts';
import { setLimits } from './chat/limits.ts';
import { loadCommands } from './chat/registry.ts';
import { cancelAllCommands } from './chat/router.ts';
import type { CommandDef } from './chat/types.ts';
import type { Redis } from 'ioredis';
import { closeJobPool, configureJobs, warmUpJobPool } from './jobs/index.ts';
import { startInBackground } from './platforms/background-start.ts';

interface Running {
  name: string;
  stop(): Promise<void>;
}

/** For a classroom (LOCAL_CHAT_HOST=0.0.0.0): the addresses students on the LAN can open. */
function lanAddresses(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
}

/** The first lines a person sees: where the chat is, the lecturer's link, and how to stop. */
function printLocalChatBanner(url: string, lan: string[], lecturerUrl: string): void {
  const lines = [
    '',
    `  nn-tutor web chat:  ${url}`,
    ...lan.map((address, i) => `  ${i === 0 ? 'on the network:    ' : '                   '} ${address}`),
    `  lecturer link:      ${lecturerUrl}`,
    '                      (keep it private: that browser may run live quizzes)',
    `  stop:               Ctrl-C, or kill -TERM ${process.pid}`,
    '',
  ];
  console.log(lines.join('\n'));
}

/** Imports an adapter only when it is configured, so a missing or broken adapter cannot stop the others. */
async function startAdapter(name: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<Running | undefined> {
  try {
    const adapter = await start();
    return { name, stop: () => adapter.stop() };
  } catch (error) {
    logger.error({ err: error, platform: name }, `${name} did not start: ${explainStartError(error)}`);
    return undefined;
  }
}

/** A start-up failure in words that say what to do (a busy port is the usual one). */
function explainStartError(error: unknown): string {
  const { code, port, message } = error as { code?: string; port?: number; message?: string };
  if (code === 'EADDRINUSE')
    return `port ${port ?? ''} is already in use — is another nn-tutor still running? Stop it, or choose another port with LOCAL_CHAT_PORT.`;
  if (code === 'EACCES') return `not allowed to listen on port ${port ?? ''} — ports below 1024 need root; choose another with LOCAL_CHAT_PORT.`;
  return message ?? String(error);
}

async function startPlatforms(config: Config, commands: CommandDef[], sharedRedis?: Redis): Promise<Running[]> {
  const started: (Running | undefined)[] = [];
  if (config.local.enabled) {
    started.push(
      await startAdapter('local web chat', async () => {
        const local = await import('./platforms/local/index.ts');
        const secret = readSessionSecret(local.readOrCreateSessionSecret, config.dataDir);
        const server = await local.startLocalChat(
          {
            host: config.local.host,
            port: config.local.port,
            lecturerKey: config.local.lecturerKey ?? (secret ? local.deriveLecturerKey(secret) : undefined),
            apiToken: config.local.apiToken,
            sessionSecret: secret,
            allowedHosts: config.local.allowedHosts,
            rateLimits: {
              chatLines: local.perMinute(config.local.chatLinesPerMinute),
              commands: local.perMinute(config.local.commandsPerMinute),
              clicks: local.perMinute(config.local.clicksPerMinute),
              newSessions: { perMinute: config.local.sessionsPerMinute, burst: config.local.sessionsPerMinute },
            },
            shutdownGraceMs: config.shutdownGraceMs,
          },
          { commands },
        );
        printLocalChatBanner(server.url, lanAddresses(config.local.host, server.port), server.lecturerUrl);
        return server;
      }),
    );
  }
  // Discord and Slack start in the background, side by side: an unreachable API is retried with
  // backoff (one log line) and never holds up the local chat or the other platform.
  if (config.discord) {
    const options = config.discord;
    started.push(
      startInBackground(options.shards !== undefined ? 'discord shard manager' : 'discord', async () => {
        if (options.shards !== undefined) return startShardProcesses(config, options.shards);
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
        // several HTTP instances behind a load balancer: a request replayed to another instance is refused there too
        const { RedisReplayMemory } = await import('./platforms/slack/redis-replay-memory.ts');
        return startSlackApp(options, { commands, ...(sharedRedis ? { replayMemory: new RedisReplayMemory(sharedRedis) } : {}) });
      }),
    );
  }
  return started.filter((s): s is Running => s !== undefined);
}

/** DISCORD_SHARDS: the bot runs as shard processes (src/discord-shard.ts) under discord.js's ShardingManager. */
async function startShardProcesses(config: Config, shards: 'auto' | number): Promise<{ stop(): Promise<void> }> {
  const { startDiscordShards } = await import('./platforms/discord/shard-manager.ts');
  return startDiscordShards({
    token: config.discord!.token,
    apiUrl: config.discord!.apiUrl,
    shards,
    entryFile: fileURLToPath(new URL('./discord-shard.ts', import.meta.url)),
    stopTimeoutMs: config.shutdownGraceMs + 15_000,
  });
}

/** The session secret kept in DATA_DIR; without a writable DATA_DIR, sessions last until the next restart. */
function readSessionSecret(read: (dataDir: string) => Buffer, dataDir: string): Buffer | undefined {
  try {
    return read(dataDir);
  } catch (error) {
    logger.warn({ err: error, dataDir }, 'could not keep the web chat session secret in DATA_DIR: sessions end at the next restart');
    return undefined;
  }
}

/**
 * Opens the shared store (SQLite in DATA_DIR, or Postgres with DATABASE_URL) and applies its
 * migrations before any command runs, so lessons and quizzes use the configured database. A store
 * that cannot open is logged; training commands still work without it.
 */
export async function openStore(dataDir: string): Promise<() => Promise<void>> {
  try {
    const store = await import('./store/index.ts');
    await store.getStore({ dataDir }).ready();
    return () => store.closeStore();
  } catch (error) {
    logger.error({ err: error, dataDir }, `the store did not open, so progress (lessons, quizzes, leaderboard) is unavailable until this is fixed; training works: ${(error as Error).message}`);
    return async () => undefined;
  }
}

/**
 * With REDIS_URL, sends jobs to the shared BullMQ queue, counts admission in Redis and relays clicks
 * on live views between bot instances (exits with a clear message when Redis cannot be reached);
 * otherwise jobs stay on this process's threads.
 */
export async function connectJobQueue(config: Config): Promise<{ close: () => Promise<void>; redis?: Redis }> {
  if (!config.jobQueue) return { close: closeJobPool };
  const { startJobQueue } = await import('./start-job-queue.ts');
  try {
    const queue = await startJobQueue(config.jobQueue.redisUrl);
    logger.info('jobs go to the Redis queue (REDIS_URL): start one or more `npm run worker` processes to run them');
    // clicks on a live view another instance runs are relayed to it through Redis
    const { setControlRelay } = await import('./chat/control-relay.ts');
    const { RedisControlRelay } = await import('./chat/redis-control-relay.ts');
    const relay = await new RedisControlRelay(queue.runner.client).start();
    setControlRelay(relay);
    const close = async () => {
      setControlRelay(undefined);
      await relay.close();
      await queue.close();
    };
    return { close, redis: queue.runner.client };
  } catch (error) {
    console.error(`nn-tutor could not start: ${(error as Error).message}`);
    process.exit(1);
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
  setLogFormat(config.logFormat);
  setLimits(config.limits);
  configureJobs(config.jobThreads ? { threads: config.jobThreads } : {});

  // Listen for stop signals from the start: a signal during start-up stops once start-up is done.
  let stopRequested: string | undefined;
  let stop: ((signal: string) => Promise<void>) | undefined;
  const onSignal = (signal: string) => {
    if (stop) void stop(signal);
    else stopRequested ??= signal;
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const { close: closeJobs, redis: sharedRedis } = await connectJobQueue(config);
  const closeStore = await openStore(config.dataDir);
  const commands = await loadCommands();
  // With REDIS_URL the `npm run worker` processes run the jobs, so no threads are started here; nor
  // when only the Discord shard processes (DISCORD_SHARDS) run commands, each with its own threads.
  const onlyShards = config.discord?.shards !== undefined && !config.local.enabled && !config.slack;
  const warming = config.jobQueue || onlyShards ? Promise.resolve() : warmUpJobPool().catch((error) => logger.warn({ err: error }, 'worker warm-up failed'));
  const running = await startPlatforms(config, commands, sharedRedis);
  // Live-quiz questions whose instance stopped (or this one, before a restart) are revealed by whichever instance looks first.
  const { startLiveQuizSweeper } = await import('../commands/_lib/live-quiz-sweeper.ts');
  const sweeper = startLiveQuizSweeper();
  if (running.length === 0) {
    console.error('Nothing started: enable the local chat (LOCAL_CHAT_ENABLED=true) or fix the errors above.');
    await warming;
    await closeJobs();
    process.exit(1);
  }

  let stoppingSinceMs: number | undefined;
  stop = async (signal: string) => {
    if (stoppingSinceMs !== undefined) {
      // Ctrl-C under `npm start` arrives twice at once (from the terminal, and passed on by npm):
      // only a signal sent later means "exit now".
      if (Date.now() - stoppingSinceMs < 1000) return;
      logger.warn({ signal }, 'second stop signal: exiting now without waiting');
      process.exit(130);
    }
    stoppingSinceMs = Date.now();
    const graceS = Math.round(config.shutdownGraceMs / 1000);
    logger.info({ signal }, `shutting down: running jobs have ${graceS} s to finish; signal again to exit at once`);
    // The web chat cancels its own commands at the end of the grace (answering 503); this catches
    // the other platforms' commands just after, and a hang past the deadline still exits.
    const cancelTimer = setTimeout(() => cancelAllCommands(), config.shutdownGraceMs + 250);
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long: exiting anyway');
      process.exit(1);
    }, config.shutdownGraceMs + 20_000);
    await sweeper.stop();
    await Promise.allSettled(running.map((r) => r.stop()));
    clearTimeout(cancelTimer);
    cancelAllCommands();
    await warming;
    await closeJobs();
    await closeStore();
    clearTimeout(deadline);
    logger.info('stopped');
    process.exit(0);
  };
  if (stopRequested) void stop(stopRequested);
  await warming;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/main.ts')) {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, 'start-up failed');
    console.error(`nn-tutor could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
