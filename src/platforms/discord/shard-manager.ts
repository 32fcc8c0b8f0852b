/**
 * DISCORD_SHARDS: discord.js's ShardingManager runs the Discord bot as shard processes (one gateway
 * connection each, src/discord-shard.ts). This process only supervises: it settles the shard count
 * with Discord, starts the shards spaced by Discord's identify limit, restarts a shard that dies
 * (with growing pauses; never one that stopped on a fatal error such as a refused token), and on
 * stop sends every shard SIGTERM and waits for it to exit (SIGKILL after a deadline), so no shard
 * process outlives it.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ShardingManager, type Shard } from 'discord.js';
import { logger } from '../../chat/logger.ts';
import { identifySpacingMs, resolveShardPlan, type ShardPlan } from './shard-plan.ts';
import type { ShardSetting } from './shard-setting.ts';

/** Exit code of a shard that must not be restarted (a refused token, an invalid setting). */
export const SHARD_EXIT_FATAL = 78;

/** Settings of the shard supervisor. */
export interface ShardManagerOptions {
  token: string;
  apiUrl?: string;
  shards: ShardSetting;
  /** The shard entry file (absolute path). */
  entryFile: string;
  /** Node flags for the shard processes (default: this process's, e.g. `--import tsx`, with tsx added for a .ts entry). */
  execArgv?: string[];
  /** How long a shard may take to stop after SIGTERM before it is killed (its own grace plus a margin). */
  stopTimeoutMs: number;
  /** How long to wait for a shard's READY before starting the next one anyway (default 60 s). */
  readyTimeoutMs?: number;
  /** Pauses before restarting a dead shard: first, doubling, at most (default 2 s … 2 min). */
  restartDelays?: { firstMs: number; maxMs: number };
}

/** The running shards. */
export interface RunningShards {
  plan: ShardPlan;
  manager: ShardingManager;
  /** Process ids of the shard processes alive now. */
  pids(): number[];
  /** Stops every shard process and waits for each to exit; safe to call more than once. */
  stop(): Promise<void>;
}

/** This process's node flags, plus tsx's loader when a .ts entry needs it and they lack it (e.g. started through tsx's API). */
function nodeFlagsFor(entryFile: string): string[] {
  const flags = [...process.execArgv];
  if (entryFile.endsWith('.ts') && !flags.some((flag) => flag.includes('tsx'))) flags.push('--import', 'tsx');
  return flags;
}

const isAlive = (child: ChildProcess | null): child is ChildProcess => Boolean(child && child.exitCode === null && child.signalCode === null);

/** SIGTERM, then wait for the exit; SIGKILL when it has not exited within timeoutMs. */
async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (!isAlive(child)) return;
  const exited = once(child, 'exit').then(() => undefined);
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
  clearTimeout(timer);
  if (!inTime && isAlive(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Settles the shard count (GET /gateway/bot; may throw PlatformUnreachableError, retried by the
 * caller), then starts the shards in the background — one at a time, each after the previous is
 * READY (or readyTimeoutMs) and identifySpacingMs — and resolves at once with their handle.
 */
export async function startDiscordShards(options: ShardManagerOptions): Promise<RunningShards> {
  const log = logger.child({ platform: 'discord' });
  const plan = await resolveShardPlan(options.shards, { token: options.token, apiUrl: options.apiUrl });
  log.info(
    { shards: plan.count, recommended: plan.recommended, maxConcurrency: plan.maxConcurrency },
    `Discord sharding: starting ${plan.count} shard process${plan.count === 1 ? '' : 'es'} (DISCORD_SHARDS=${options.shards}; Discord recommends ${plan.recommended})`,
  );
  if (plan.count < plan.recommended) log.warn({ shards: plan.count, recommended: plan.recommended }, `DISCORD_SHARDS=${plan.count} is below Discord's recommendation of ${plan.recommended}; Discord refuses a shard with too many guilds (4011). Use DISCORD_SHARDS=auto.`);

  const manager = new ShardingManager(options.entryFile, {
    totalShards: plan.count,
    shardList: [...Array(plan.count).keys()],
    mode: 'process',
    respawn: false, // restarts are ours: with pauses, and never after a fatal exit
    execArgv: options.execArgv ?? nodeFlagsFor(options.entryFile),
    token: options.token,
  });
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const delays = options.restartDelays ?? { firstMs: 2_000, maxMs: 120_000 };
  const restartTimers = new Set<NodeJS.Timeout>();
  const givenUp = new Set<number>();
  let stopping = false;

  const spawn = (shard: Shard) =>
    shard.spawn(readyTimeoutMs).catch((error: Error) => {
      if (!stopping && shard.process) log.warn({ shard: shard.id, err: error }, `shard ${shard.id} is not ready after ${readyTimeoutMs / 1000} s; it keeps trying to connect`);
    });

  const watch = (shard: Shard) => {
    let restartDelayMs = delays.firstMs;
    // mode 'process': the shard's child is always a ChildProcess
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      log.info({ shard: shard.id, pid: child.pid }, `shard ${shard.id} of ${plan.count} started (pid ${child.pid})`);
    });
    shard.on('ready', () => {
      restartDelayMs = delays.firstMs;
      log.info({ shard: shard.id }, `shard ${shard.id} of ${plan.count} is connected`);
    });
    shard.on('death', (died) => {
      const child = died as ChildProcess;
      if (stopping) return;
      const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
      if (child.exitCode === SHARD_EXIT_FATAL) {
        log.error({ shard: shard.id, pid: child.pid }, `shard ${shard.id} stopped for good (${how}): see its error above; fix it and restart nn-tutor`);
        givenUp.add(shard.id);
        if (givenUp.size === plan.count) {
          // nothing left to supervise: when nothing else runs here the process ends, and not with 0
          log.error({ shards: plan.count }, 'every Discord shard stopped for good; the Discord bot is not running');
          process.exitCode = 1;
        }
        return;
      }
      log.warn({ shard: shard.id, pid: child.pid }, `shard ${shard.id} exited (${how}); restarting it in ${restartDelayMs / 1000} s`);
      const timer = setTimeout(() => {
        restartTimers.delete(timer);
        if (!stopping) void spawn(shard);
      }, restartDelayMs);
      restartTimers.add(timer);
      restartDelayMs = Math.min(delays.maxMs, restartDelayMs * 2);
    });
  };

  const spacingMs = identifySpacingMs(plan.maxConcurrency);
  const starting = (async () => {
    for (let id = 0; id < plan.count && !stopping; id++) {
      const shard = manager.createShard(id);
      watch(shard);
      await spawn(shard);
      if (id + 1 < plan.count && !stopping) await new Promise((resolve) => setTimeout(resolve, spacingMs));
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    plan,
    manager,
    pids: () => [...manager.shards.values()].map((s) => s.process).filter(isAlive).map((c) => c.pid!),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const timer of restartTimers) clearTimeout(timer);
        restartTimers.clear();
        await Promise.all([...manager.shards.values()].map((s) => (s.process ? stopChild(s.process, options.stopTimeoutMs) : undefined)));
        await starting;
        log.info({ shards: plan.count }, 'all Discord shard processes stopped');
      })();
      return stopped;
    },
  };
}
