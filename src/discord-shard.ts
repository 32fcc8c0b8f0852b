/**
 * One Discord shard process, started by `npm start` when DISCORD_SHARDS is set (discord.js's
 * ShardingManager forks this file with SHARDS and SHARD_COUNT in the environment). It opens the
 * store and the job runner like main.ts and connects the Discord adapter as its shard; nothing else
 * (no web chat, no Slack, no command registration). It stops cleanly on SIGTERM/SIGINT and when
 * the manager's process goes away (IPC disconnect), so no shard outlives `npm start`.
 */
import { logger, setLogFormat } from './chat/logger.ts';
import { setLimits } from './chat/limits.ts';
import { loadCommands } from './chat/registry.ts';
import { cancelAllCommands } from './chat/router.ts';
import { ConfigError, loadConfig } from './config.ts';
import { configureJobs, warmUpJobPool } from './jobs/index.ts';
import { connectJobQueue, openStore } from './main.ts';
import { startInBackground } from './platforms/background-start.ts';
import { SHARD_EXIT_FATAL } from './platforms/discord/shard-manager.ts';
import { shardFromEnvironment } from './platforms/discord/shard-setting.ts';

async function runShard(): Promise<void> {
  const shard = shardFromEnvironment(process.env);
  if (!shard || !process.send) {
    console.error('src/discord-shard.ts is one shard of the Discord bot and is started by `npm start` when DISCORD_SHARDS is set; run `npm start` instead.');
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(SHARD_EXIT_FATAL);
  }
  logger.level = config.logLevel;
  setLogFormat(config.logFormat);
  logger.setBindings({ shard: shard.id });
  setLimits(config.limits);
  configureJobs(config.jobThreads ? { threads: config.jobThreads } : {});
  const discord = config.discord;
  if (!discord) {
    logger.error('DISCORD_TOKEN is not set in the shard process');
    process.exit(SHARD_EXIT_FATAL);
  }

  let stop: ((reason: string) => Promise<void>) | undefined;
  let stopRequested: string | undefined;
  const onStopRequest = (reason: string) => {
    if (stop) void stop(reason);
    else stopRequested ??= reason;
  };
  process.on('SIGTERM', () => onStopRequest('SIGTERM'));
  process.on('SIGINT', () => onStopRequest('SIGINT'));
  // the manager's process is gone (even killed with -9): stop rather than linger as an orphan
  process.on('disconnect', () => onStopRequest('the sharding manager went away'));

  const { close: closeJobs } = await connectJobQueue(config);
  const closeStore = await openStore(config.dataDir);
  const commands = await loadCommands();
  const warming = config.jobQueue ? Promise.resolve() : warmUpJobPool().catch((error) => logger.warn({ err: error }, 'worker warm-up failed'));
  const bot = startInBackground('discord', async () => {
    const { startDiscordBot } = await import('./platforms/discord/index.ts');
    return startDiscordBot({ ...discord, shard, shutdownGraceMs: config.shutdownGraceMs }, { commands });
  });
  // as in main.ts: reveals live-quiz questions whose instance stopped, for the platforms this process can post to
  const { startLiveQuizSweeper } = await import('../commands/_lib/live-quiz-sweeper.ts');
  const sweeper = startLiveQuizSweeper();

  let stopping = false;
  stop = async (reason: string) => {
    if (stopping) return; // Ctrl-C reaches the shard twice (terminal and manager): one shutdown
    stopping = true;
    logger.info({ reason }, `shard ${shard.id} shutting down (${reason})`);
    const deadline = setTimeout(() => {
      logger.error('shard shutdown took too long: exiting anyway');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000);
    await sweeper.stop();
    await bot.stop();
    cancelAllCommands();
    await warming;
    await closeJobs();
    await closeStore();
    clearTimeout(deadline);
    process.exit(0);
  };
  if (stopRequested) return void stop(stopRequested);
  const running = await bot.started;
  if (!running && !stopping) {
    // refused token, invalid shard, disallowed intents: restarting cannot help (the manager will not)
    await sweeper.stop();
    await closeJobs();
    await closeStore();
    process.exit(SHARD_EXIT_FATAL);
  }
}

if (process.argv[1]?.endsWith('discord-shard.ts')) {
  runShard().catch((error: unknown) => {
    logger.fatal({ err: error }, 'shard start-up failed');
    process.exit(1);
  });
}
