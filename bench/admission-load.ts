/**
 * Admission under load (issue 13): 150 different users send a heavy `/train` (defaults) at the
 * same moment, straight through the chat router (no HTTP), with the worker pool as in production.
 * Prints how many finished, how many were told "busy", latency p50/p95/max of each group, the peak
 * RSS and the main thread's worst event-loop delay. Run alone: npx tsx bench/admission-load.ts [users]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jobQueueStats } from '../src/chat/job-gate.ts';
import { logger } from '../src/chat/logger.ts';
import { loadCommands } from '../src/chat/registry.ts';
import { dispatchCommand } from '../src/chat/router.ts';
import type { Reply, Responder } from '../src/chat/types.ts';
import { closeJobPool, jobPoolStats, warmUpJobPool } from '../src/jobs/index.ts';

/** Keeps the last answer, as a chat would show it. */
class LastAnswer implements Responder {
  final: Reply | undefined;
  async defer(): Promise<void> {}
  async reply(reply: Reply): Promise<void> { this.final = reply; }
  async edit(reply: Reply): Promise<void> { this.final = reply; }
  async followUp(): Promise<void> {}
  async progress(): Promise<void> {}
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  logger.level = 'warn';
  const users = Number(process.argv[2] ?? 150);
  const commands = await loadCommands();
  await warmUpJobPool();
  const { threads } = jobPoolStats();
  let peakRssBytes = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 50);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const startedMs = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const responder = new LastAnswer();
      await dispatchCommand({ command: 'train', options: {}, caller: { platform: 'test', userId: `student-${i}`, displayName: `Student ${i}`, channelId: 'hall', isLecturer: false }, responder, commands });
      const text = responder.final?.text ?? '';
      const kind = responder.final?.error ? (/tutor is (still )?busy/.test(text) ? 'busy' : 'error') : 'finished';
      return { kind, elapsedMs: performance.now() - startedMs, text };
    }),
  );
  loopDelay.disable();
  clearInterval(sampler);
  const wallMs = performance.now() - startedMs;
  console.log(`\n== admission: ${users} simultaneous /train from different users (${threads} worker threads, waiting room sized ${jobQueueStats().maxWaiting} after the run) ==`);
  for (const kind of ['finished', 'busy', 'error']) {
    const times = outcomes.filter((o) => o.kind === kind).map((o) => o.elapsedMs).sort((a, b) => a - b);
    if (times.length === 0) continue;
    console.log(`${kind.padEnd(8)} ${String(times.length).padStart(4)}   p50 ${seconds(quantile(times, 0.5))}   p95 ${seconds(quantile(times, 0.95))}   max ${seconds(times.at(-1)!)}`);
  }
  const errors = outcomes.filter((o) => o.kind === 'error');
  if (errors.length) console.log(`first error: ${errors[0]!.text}`);
  console.log(`wall ${seconds(wallMs)} · peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MB · worst event-loop delay ${(loopDelay.max / 1e6).toFixed(0)} ms`);
  await closeJobPool();
}

await main();
