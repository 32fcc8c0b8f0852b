/**
 * Scale benchmark (issue 16): 300 users send `/train` (defaults) at the same moment through the JSON
 * API to one bot process whose jobs go to BullMQ on a private redis-server, with 1, 2 and 4
 * `npm run worker` processes (one thread each: processes stand in for machines). Prints finished /
 * busy counts, throughput of finished runs, p50/p95/max latency and the speed-up over one worker.
 * Then a second burst with 2 workers where one is killed (SIGKILL) mid-burst: every request must
 * get exactly one answer, and the killed worker's jobs are rerun by the survivor.
 * Run alone: npm run bench -- scale   (users: SCALE_USERS=300, worker counts: SCALE_WORKERS=1,2,4)
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import {
  findRedisServer, startBotProcess, startPrivateRedis, startWorkerProcess, stopProcess, workerLines, type BotProcess,
} from '../test/jobs/bullmq/redis-harness.ts';

interface Outcome {
  userId: string;
  kind: 'finished' | 'busy' | 'error';
  status: number;
  elapsedMs: number;
  text: string;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Fires `users` /train requests at once; one Outcome per HTTP answer. */
async function burst(bot: BotProcess, users: number, tag: string): Promise<{ outcomes: Outcome[]; wallMs: number }> {
  const startedMs = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: users }, async (_, i): Promise<Outcome> => {
      const userId = `${tag}-student-${i}`;
      try {
        const { status, json } = await bot.command('train', {}, { id: userId, name: `Student ${i}` });
        const text = String(json?.text ?? '');
        const kind = status === 200 && !json?.error ? 'finished' : status === 503 || /tutor is (still )?busy/.test(text) ? 'busy' : 'error';
        return { userId, kind, status, elapsedMs: performance.now() - startedMs, text };
      } catch (error) {
        return { userId, kind: 'error', status: 0, elapsedMs: performance.now() - startedMs, text: (error as Error).message };
      }
    }),
  );
  return { outcomes, wallMs: performance.now() - startedMs };
}

function summarize(outcomes: Outcome[]): { finished: number; busy: number; errors: number; throughput: number; p50: number; p95: number; max: number } {
  const finished = outcomes.filter((o) => o.kind === 'finished').map((o) => o.elapsedMs).sort((a, b) => a - b);
  const lastMs = finished.at(-1) ?? NaN;
  return {
    finished: finished.length,
    busy: outcomes.filter((o) => o.kind === 'busy').length,
    errors: outcomes.filter((o) => o.kind === 'error').length,
    throughput: finished.length / (lastMs / 1000),
    p50: quantile(finished, 0.5),
    p95: quantile(finished, 0.95),
    max: lastMs,
  };
}

async function startWorkers(redisUrl: string, count: number): Promise<ChildProcess[]> {
  // Locks short enough that a killed worker's jobs come back within the burst, long enough that a
  // worker starved of CPU on a shared machine still renews them in time.
  return Promise.all(Array.from({ length: count }, () => startWorkerProcess(redisUrl, { JOB_THREADS: '1', LOG_LEVEL: 'debug', JOB_LOCK_MS: '15000', JOB_STALLED_INTERVAL_MS: '5000' })));
}

function loggedPhases(worker: ChildProcess, phase: string): string[] {
  return workerLines(worker).flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { phase?: string; jobId?: string };
      return entry.phase === phase && entry.jobId ? [entry.jobId] : [];
    } catch {
      return [];
    }
  });
}

/** Runs one burst against a fresh Redis, bot and `workers` worker processes. */
async function runScenario(redisBinary: string, users: number, workers: number, killOneAfterMs?: number) {
  const redis = await startPrivateRedis(redisBinary);
  const procs = await startWorkers(redis.url, workers);
  const bot = await startBotProcess(redis.url, { LOG_LEVEL: 'error' });
  try {
    // one warm-up run so the bot has measured a job's length (the queue bound is sized from it)
    await bot.command('train', {}, { id: 'warm-up', name: 'Warm-up' });
    let killed: ChildProcess | undefined;
    const killer = killOneAfterMs === undefined ? undefined : setTimeout(() => {
      killed = procs[0]!;
      killed.kill('SIGKILL');
    }, killOneAfterMs);
    const { outcomes, wallMs } = await burst(bot, users, `w${workers}${killOneAfterMs === undefined ? '' : 'k'}`);
    clearTimeout(killer);
    const health = await bot.healthz();
    const firstError = outcomes.find((o) => o.kind === 'error');
    const errorId = firstError?.text.match(/error id `([^`]+)`/)?.[1];
    if (errorId) console.log(`         bot log for ${errorId}: ${bot.output().split('\n').find((line) => line.includes(errorId))?.slice(0, 600) ?? '(not found)'}`);
    const retried = procs.filter((p) => p !== killed).flatMap((p) => loggedPhases(p, 'retry'));
    return { outcomes, wallMs, health, retried, killedStartedJobs: killed ? loggedPhases(killed, 'start').length : 0 };
  } finally {
    await bot.stop();
    for (const proc of procs) await stopProcess(proc);
    await redis.stop();
  }
}

/** Runs the scale benchmark and prints its figures. */
export async function runScaleBench(): Promise<void> {
  const redisBinary = findRedisServer();
  if (!redisBinary) {
    console.log('scale benchmark skipped: redis-server could not be found (apt-get install redis-server).');
    return;
  }
  const users = Number(process.env.SCALE_USERS ?? 300);
  const workerCounts = (process.env.SCALE_WORKERS ?? '1,2,4').split(',').map(Number);
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine: other processes compete for the same cores)`);
  console.log(`\n== ${users} simultaneous /train (defaults) from ${users} users, JSON API → 1 bot → BullMQ → N worker processes × 1 thread ==`);
  console.log('workers  finished  busy  errors  throughput      p50      p95      max   speed-up');
  let baseThroughput: number | undefined;
  for (const workers of workerCounts) {
    const { outcomes } = await runScenario(redisBinary, users, workers);
    const s = summarize(outcomes);
    baseThroughput ??= s.throughput;
    console.log(
      `${String(workers).padStart(7)}  ${String(s.finished).padStart(8)}  ${String(s.busy).padStart(4)}  ${String(s.errors).padStart(6)}  ${s.throughput.toFixed(2).padStart(6)} runs/s  ${seconds(s.p50).padStart(7)}  ${seconds(s.p95).padStart(7)}  ${seconds(s.max).padStart(7)}   ×${(s.throughput / baseThroughput).toFixed(2)}`,
    );
    const firstError = outcomes.find((o) => o.kind === 'error');
    if (firstError) console.log(`         first error: HTTP ${firstError.status} ${firstError.text.slice(0, 160)}`);
  }

  const killAfterMs = Number(process.env.SCALE_KILL_AFTER_MS ?? 5_000);
  console.log(`\n== the same burst with 2 workers; one is killed (SIGKILL) ${seconds(killAfterMs)} into it ==`);
  const { outcomes, health, retried, killedStartedJobs } = await runScenario(redisBinary, users, 2, killAfterMs);
  const s = summarize(outcomes);
  const answersPerUser = new Map<string, number>();
  for (const o of outcomes) answersPerUser.set(o.userId, (answersPerUser.get(o.userId) ?? 0) + 1);
  const answeredOnce = [...answersPerUser.values()].filter((n) => n === 1).length;
  console.log(`answered ${outcomes.length}/${users} requests, ${answeredOnce} users exactly once (${users - answeredOnce} not exactly once); finished ${s.finished}, busy ${s.busy}, errors ${s.errors}`);
  console.log(`killed worker had started ${killedStartedJobs} job(s); the survivor reran ${retried.length} job(s) after stalled-job detection; queue afterwards: ${JSON.stringify(health.jobQueue?.counts)}`);
  console.log(`throughput ${s.throughput.toFixed(2)} runs/s · p50 ${seconds(s.p50)} · p95 ${seconds(s.p95)} · max ${seconds(s.max)}`);
  const firstError = outcomes.find((o) => o.kind === 'error');
  if (firstError) console.log(`first error: HTTP ${firstError.status} ${firstError.text.slice(0, 200)}`);
  if (outcomes.length !== users || answeredOnce !== users) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await runScaleBench();
