/**
 * `npm run worker`: one job worker process. Start as many as you like, on any machine with the same
 * code and REDIS_URL; each runs JOB_THREADS jobs at once (default: one per core) on its own threads.
 * SIGTERM/SIGINT finish the running jobs, then exit; a worker killed outright has its jobs taken
 * over by another worker once their locks expire (JOB_LOCK_MS).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '../../config.ts';
import { logger, setLogFormat } from '../../chat/logger.ts';
import { setLimits } from '../../chat/limits.ts';
import { startJobWorker } from './job-worker.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (!config.jobQueue) {
    console.error('npm run worker needs REDIS_URL (e.g. REDIS_URL=redis://localhost:6379): workers take their jobs from the Redis queue the bot fills.');
    process.exit(2);
  }
  logger.level = config.logLevel;
  setLogFormat(config.logFormat);
  setLimits(config.limits);
  const threads = config.jobThreads ?? Math.max(1, availableParallelism());
  const worker = await startJobWorker({
    redisUrl: config.jobQueue.redisUrl,
    threads,
    lockDurationMs: config.jobQueue.lockDurationMs,
    stalledIntervalMs: config.jobQueue.stalledIntervalMs,
    onJob: (event) => logger.debug(event, `job ${event.phase}`),
  });
  logger.info({ workerId: worker.id, threads }, `job worker ready: ${threads} thread(s) taking jobs from the queue`);
  let isStopping = false;
  const stop = (signal: string) => {
    if (isStopping) process.exit(130);
    isStopping = true;
    logger.info({ signal }, 'job worker stopping: finishing running jobs');
    worker.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'job worker start-up failed');
  console.error(`nn-tutor worker could not start: ${(error as Error).message}`);
  process.exit(1);
});
