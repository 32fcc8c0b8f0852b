/**
 * Memory under abuse (issue 13, item 3): starts the real server (`node --import tsx src/main.ts`)
 * in its own process, opens 300 event streams that never read, then sends 6,000 chat lines of 2 KB
 * (rate limits raised so every line gets through — the worst case). Prints the server's RSS before,
 * peak and after, how many listeners were dropped, and /healthz latency. Run alone:
 * npx tsx bench/chat-memory-bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'memory-bench-token-0123456789';
const LISTENERS = 300;
const LINES = 6000;
const LINE_BYTES = 2000;

/** Resident set size of a process in MB (Linux /proc). */
export function rssMbOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Starts `src/main.ts` with `env` and resolves with its URL and PID once the banner is printed. */
export async function startServerProcess(env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<number | null> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO,
    env: { ...process.env, LOCAL_CHAT_PORT: '0', LOCAL_CHAT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOCAL_CHAT_API_TOKEN: TOKEN, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /web chat:\s+(http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The bench's bearer token (servers started by `startServerProcess` accept it). */
export const BENCH_TOKEN = TOKEN;

async function newSessionCookie(url: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: '{}' });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Opens an event stream on a raw socket and never reads from it again. */
async function openStalledListener(url: string, cookie: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET /events?name=Stalled HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\n\r\n`);
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.pause();
  return socket;
}

/** Runs the memory benchmark and prints its figures. */
export async function runChatMemoryBench(): Promise<void> {
  const server = await startServerProcess({ LOCAL_CHAT_LINES_PER_MINUTE: '10000', LOCAL_CHAT_SESSIONS_PER_MINUTE: '100000' });
  const sockets: Socket[] = [];
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMbOf(server.pid))), 100);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const startMb = rssMbOf(server.pid);
    for (let i = 0; i < LISTENERS; i++) sockets.push(await openStalledListener(server.url, await newSessionCookie(server.url)));
    const listenersMb = rssMbOf(server.pid);
    const line = 'm'.repeat(LINE_BYTES);
    const healthMs: number[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const lane = async (lane: number) => {
      while (sent < LINES) {
        const index = sent++;
        const status = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ text: `${index} ${line}`, user: { id: `writer-${lane}-${index % 50}`, name: 'Writer' } }),
        }).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }, (error: Error) => {
          if (process.env.DEBUG_BENCH) console.log('line', index, 'failed at', new Date().toISOString(), (error.cause as Error | undefined)?.message ?? error.message);
          return 0; // no answer (connection reset)
        });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (index % 500 === 0) {
          const started = performance.now();
          await fetch(`${server.url}/healthz`);
          healthMs.push(performance.now() - started);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => lane(i)));
    const wallS = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1500));
    const endMb = rssMbOf(server.pid);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    console.log(`\n== chat memory: ${LISTENERS} event streams that never read + ${LINES} chat lines of ${LINE_BYTES} B ==`);
    console.log(`server RSS: ${startMb.toFixed(0)} MB idle, ${listenersMb.toFixed(0)} MB with ${LISTENERS} stalled listeners, peak ${peakMb.toFixed(0)} MB (bound 800 MB), ${endMb.toFixed(0)} MB after`);
    console.log(`lines: ${JSON.stringify(Object.fromEntries(statuses))} in ${wallS.toFixed(1)} s; /healthz during the load: max ${Math.max(...healthMs).toFixed(0)} ms; after: ${JSON.stringify(health)}`);
  } finally {
    clearInterval(sampler);
    for (const socket of sockets) socket.destroy();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runChatMemoryBench();
