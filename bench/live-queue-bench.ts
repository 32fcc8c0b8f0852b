/**
 * Live views through the queue (issue 16): the live bench's views, but trained on one `npm run
 * worker` process (5 threads) behind a private redis-server, frames coming back over Redis pub/sub.
 * Prints frames per second per view and the bot process's CPU (training is on the worker now).
 * Run alone with `npx tsx bench/live-queue-bench.ts`, or `npm run bench -- live-queue`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setLimits } from '../src/chat/limits.ts';
import { closeJobPool, LIVE_FRAME_INTERVAL_MS } from '../src/jobs/index.ts';
import { startJobQueue } from '../src/start-job-queue.ts';
import { stopAllLiveSessions } from '../commands/_lib/live-session.ts';
import { findRedisServer, startPrivateRedis, startWorkerProcess, stopProcess } from '../test/jobs/bullmq/redis-harness.ts';
import { measureViews } from './live-bench.ts';

/** Prints frames per second through the queue for one live view and for five at once. */
export async function runLiveQueueBench(): Promise<void> {
  const redisBinary = findRedisServer();
  if (!redisBinary) {
    console.log('live-queue bench skipped: redis-server could not be found (install the Debian package redis-server).');
    return;
  }
  const redis = await startPrivateRedis(redisBinary);
  const worker = await startWorkerProcess(redis.url, { JOB_THREADS: '5', LOG_LEVEL: 'info' });
  const queue = await startJobQueue(redis.url);
  try {
    setLimits({ runBudgetMs: 120_000 });
    console.log(`live-queue bench: spiral 8-8, 4 features, trained on 1 worker process (5 threads) via Redis pub/sub; target ${Math.round(1000 / LIVE_FRAME_INTERVAL_MS)} frames/s per view; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
    for (const count of [1, 5]) {
      const { fpsPerView, cpuPercent, wireBytes } = await measureViews(count);
      console.log(`  ${count} live view${count === 1 ? ' ' : 's'}: ${fpsPerView.toFixed(1)} frames/s per view (median view), bot CPU ${cpuPercent.toFixed(0)} % of one core (training on the worker), ${(wireBytes / 1024).toFixed(1)} KB per frame on the event stream`);
    }
  } finally {
    await stopAllLiveSessions('closed');
    await queue.close();
    await stopProcess(worker);
    await redis.stop();
    await closeJobPool();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLiveQueueBench();
