/**
 * Chat benchmark (issues 4 and 13): `/train` with defaults through POST /api/commands (training +
 * all images), then 40 users sending `/train` at the same moment while `/help` is sent during the
 * load; then 150 heavy `/train` runs at once from 150 browser sessions against the real server in
 * its own process (finished, told busy, p50/p95, peak RSS, /healthz max).
 * Run alone: npx tsx bench/chat-bench.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadCommands } from '../src/chat/registry.ts';
import { logger } from '../src/chat/logger.ts';
import { closeJobPool, jobPoolStats, warmUpJobPool } from '../src/jobs/index.ts';
import { startLocalChat } from '../src/platforms/local/index.ts';
import { rssMbOf, startServerProcess } from './chat-memory-bench.ts';

const API_TOKEN = 'chat-bench-token-0123456789';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function post(url: string, body: unknown): Promise<{ status: number; elapsedMs: number; json: { error?: unknown; images?: unknown[] } }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` }, body: JSON.stringify(body) });
  const json = (await response.json()) as { error?: unknown; images?: unknown[] };
  return { status: response.status, elapsedMs: performance.now() - started, json };
}

/** Runs the chat benchmark and prints its figures. */
export async function runChatBench(): Promise<void> {
  logger.level = 'warn';
  const generous = { perMinute: 100_000, burst: 100_000 };
  const server = await startLocalChat(
    { host: '127.0.0.1', port: 0, apiToken: API_TOKEN, rateLimits: { commands: generous } },
    { commands: await loadCommands() },
  );
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
  await runHeavyLoad(150);
}

/**
 * `users` browser sessions each send one heavy `/train` (spiral, 8,8, 500 epochs, animated) at
 * the same moment to the real server in its own process; /healthz is polled throughout.
 */
export async function runHeavyLoad(users: number): Promise<void> {
  const server = await startServerProcess({ LOCAL_CHAT_SESSIONS_PER_MINUTE: String(users * 10) });
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMbOf(server.pid))), 100);
  try {
    const cookies: string[] = [];
    for (let i = 0; i < users; i++) {
      const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: '{}' });
      cookies.push((response.headers.get('set-cookie') ?? '').split(';')[0]!);
    }
    const idleMb = rssMbOf(server.pid);
    const health: number[] = [];
    let isLoadDone = false;
    const poll = (async () => {
      while (!isLoadDone) {
        const started = performance.now();
        await fetch(`${server.url}/healthz`);
        health.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const started = performance.now();
    const runs = await Promise.all(
      cookies.map(async (cookie, i) => {
        const sent = performance.now();
        const response = await fetch(`${server.url}/api/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url, cookie },
          body: JSON.stringify({ command: 'train', options: { dataset: 'spiral', layers: '8,8', epochs: 500, animate: true }, user: { name: `Student ${i}` } }),
        });
        const json = (await response.json()) as { text?: string; error?: { message?: string } };
        return { status: response.status, elapsedMs: performance.now() - sent, message: json.error?.message ?? '' };
      }),
    );
    const wallMs = performance.now() - started;
    isLoadDone = true;
    await poll;
    const { eventLoopDelayMs } = (await (await fetch(`${server.url}/healthz`)).json()) as { eventLoopDelayMs: { p99: number; max: number } };
    const finished = runs.filter((r) => r.status === 200);
    const busy = runs.filter((r) => r.status === 503);
    const other = runs.filter((r) => r.status !== 200 && r.status !== 503);
    const finishedMs = finished.map((r) => r.elapsedMs).sort((a, b) => a - b);
    const allMs = runs.map((r) => r.elapsedMs).sort((a, b) => a - b);
    console.log(`\n== chat: ${users} heavy /train at once from ${users} sessions (spiral, 8,8, 500 epochs, animated; server in its own process) ==`);
    console.log(`finished ${finished.length}, told busy (503) ${busy.length}, other ${other.length}${other.length ? ` (${[...new Set(other.map((r) => `${r.status} ${r.message.slice(0, 80)}`))].join('; ')})` : ''}; wall ${ms(wallMs)}`);
    console.log(`latency of finished runs: p50 ${ms(quantile(finishedMs, 0.5))}, p95 ${ms(quantile(finishedMs, 0.95))}, max ${ms(finishedMs.at(-1) ?? NaN)}; all answers p50 ${ms(quantile(allMs, 0.5))}, p95 ${ms(quantile(allMs, 0.95))}`);
    if (busy.length) console.log(`busy message: "${busy[0]!.message}"`);
    console.log(`server RSS: ${idleMb.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB; /healthz during the load: ${health.length} polls, max ${ms(Math.max(...health))}, median ${ms(quantile([...health].sort((a, b) => a - b), 0.5))}; server event-loop delay p99 ${eventLoopDelayMs.p99} ms, max ${eventLoopDelayMs.max} ms`);
    const load = loadavg()[0]!;
    if (load > availableParallelism() * 1.5) console.log(`note: the machine's load average was ${load.toFixed(1)} on ${availableParallelism()} cores — other work competed for the CPU, which also delays the event loop`);
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runChatBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
