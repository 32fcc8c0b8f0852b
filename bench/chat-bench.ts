/**
 * Chat benchmark (issue 4): `/train` with defaults through POST /api/commands (training + all
 * images), then 40 users sending `/train` at the same moment while `/help` is sent during the load.
 * Prints medians, p50/p95/max and the main thread's event-loop delay. Run alone: npx tsx bench/chat-bench.ts
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadCommands } from '../src/chat/registry.ts';
import { logger } from '../src/chat/logger.ts';
import { closeJobPool, jobPoolStats, warmUpJobPool } from '../src/jobs/index.ts';
import { startLocalChat } from '../src/platforms/local/index.ts';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function post(url: string, body: unknown): Promise<{ status: number; elapsedMs: number; json: { error?: unknown; images?: unknown[] } }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { error?: unknown; images?: unknown[] };
  return { status: response.status, elapsedMs: performance.now() - started, json };
}

/** Runs the chat benchmark and prints its figures. */
export async function runChatBench(): Promise<void> {
  logger.level = 'warn';
  const server = await startLocalChat({ host: '127.0.0.1', port: 0 }, { commands: await loadCommands() });
  const api = `${server.url}/api/commands`;
  try {
    await warmUpJobPool();
    const { threads } = jobPoolStats();
    console.log(`\n== chat: /train through POST /api/commands (${threads} worker threads) ==`);

    // Warm-up, then sequential /train with defaults: training + boundary + loss curve, end to end over HTTP.
    for (let i = 0; i < 3; i++) await post(api, { command: 'train', options: {}, user: { id: 'warm', name: 'Warm' } });
    const single: number[] = [];
    let imageCount = 0;
    for (let i = 0; i < 15; i++) {
      const r = await post(api, { command: 'train', options: {}, user: { id: 'solo', name: 'Solo' } });
      if (r.status !== 200) throw new Error(`/train failed: ${JSON.stringify(r.json.error)}`);
      imageCount = r.json.images?.length ?? 0;
      single.push(r.elapsedMs);
    }
    single.sort((a, b) => a - b);
    console.log(`/train defaults, one at a time (${imageCount} images): median ${ms(quantile(single, 0.5))} (target ≤ 400 ms), min ${ms(single[0]!)}, max ${ms(single.at(-1)!)}`);

    // Load: 40 users at the same moment, /help sent repeatedly while they run.
    const users = 40;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const trains = Array.from({ length: users }, (_, i) => post(api, { command: 'train', options: {}, user: { id: `load-${i}`, name: `Student ${i}` } }));
    const helpTimes: number[] = [];
    let loadDone = false;
    void Promise.all(trains).then(() => (loadDone = true));
    await new Promise((r) => setTimeout(r, 100));
    while (!loadDone && helpTimes.length < 20) {
      const r = await post(api, { command: 'help', options: {}, user: { id: 'lecturer', name: 'Lecturer' } });
      if (r.status !== 200) throw new Error('/help failed during load');
      helpTimes.push(r.elapsedMs);
      await new Promise((r) => setTimeout(r, 150));
    }
    const results = await Promise.all(trains);
    const wallMs = performance.now() - started;
    loop.disable();
    const failures = results.filter((r) => r.status !== 200);
    const latencies = results.map((r) => r.elapsedMs).sort((a, b) => a - b);
    helpTimes.sort((a, b) => a - b);
    console.log(`${users} users send /train at once: ${users - failures.length}/${users} completed in ${ms(wallMs)}; p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))} (target ≤ 10 s), max ${ms(latencies.at(-1)!)}`);
    if (failures.length) console.log(`  failures: ${failures.map((f) => JSON.stringify(f.json.error)).join('; ')}`);
    console.log(`/help during the load (${helpTimes.length} calls): median ${ms(quantile(helpTimes, 0.5))}, max ${ms(helpTimes.at(-1) ?? NaN)} (target ≤ 200 ms)`);
    console.log(`event-loop delay during the load: mean ${(loop.mean / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
  } finally {
    await server.stop();
    await closeJobPool();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runChatBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
