import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../fakes/free-port.ts';

/** A private redis-server on a free loopback port in a temporary folder (no persistence). */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary, or undefined when it is not installed (tests then skip, saying so). */
export function findRedisServer(): string | undefined {
  for (const candidate of [process.env.REDIS_SERVER_BIN, '/usr/bin/redis-server', '/usr/local/bin/redis-server', 'redis-server']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Starts redis-server privately; resolves once it accepts connections. */
export async function startPrivateRedis(binary: string, fixedPort?: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'nn-tutor-redis-'));
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = fixedPort ?? (await freePort());
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<boolean>((resolve) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/i.test(output)) resolve(true);
      };
      child.stdout!.on('data', onData);
      child.once('exit', () => resolve(false));
      setTimeout(() => resolve(false), 10_000);
    });
    if (ready) return { url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true })) };
    await stopProcess(child);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server did not start on any of 5 free ports');
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `npm run worker`'s entry as a child process; resolves once it says it is ready. */
export async function startWorkerProcess(redisUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/jobs/bullmq/worker-main.ts'], {
    cwd: join(import.meta.dirname, '../../..'),
    env: { ...process.env, REDIS_URL: redisUrl, JOB_THREADS: '1', LOG_FORMAT: 'json', LOG_LEVEL: 'debug', JOB_LOCK_MS: '3000', JOB_STALLED_INTERVAL_MS: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  (child as ChildProcess & { lines: string[] }).lines = lines;
  child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (lines.some((l) => l.includes('job worker ready'))) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${lines.join('\n')}`));
    });
  });
  return child;
}

/** Log lines a worker process printed so far. */
export function workerLines(child: ChildProcess): string[] {
  return (child as ChildProcess & { lines?: string[] }).lines ?? [];
}

/** A bot (`npm start`) running as its own process with the JSON API on a free port. */
export interface BotProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** POST /api/commands with the API token; resolves with status and parsed body. */
  command(command: string, options: Record<string, unknown>, user: { id: string; name: string }): Promise<{ status: number; json: any }>;
  healthz(): Promise<any>;
  /** What the bot process printed so far (its log lines). */
  output(): string;
  stop(): Promise<void>;
}

/** The API token bot processes started here accept. */
export const BOT_API_TOKEN = 'queue-test-api-token-0123456789';

/** Starts `npm start`'s entry with REDIS_URL and the JSON API; resolves once /healthz answers. */
export async function startBotProcess(redisUrl: string, env: Record<string, string> = {}): Promise<BotProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-tutor-bot-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '../../..'),
    env: {
      ...process.env, REDIS_URL: redisUrl, LOCAL_CHAT_PORT: String(port), LOCAL_CHAT_HOST: '127.0.0.1', LOCAL_CHAT_API_TOKEN: BOT_API_TOKEN,
      DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', LOCAL_CHAT_COMMANDS_PER_MINUTE: '10000', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${BOT_API_TOKEN}`, 'content-type': 'application/json' };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) before it answered:\n${lines.join('')}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`bot did not answer /healthz within 60 s:\n${lines.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    dataDir,
    async command(command, options, user) {
      const response = await fetch(`${url}/api/commands`, { method: 'POST', headers, body: JSON.stringify({ command, options, user }) });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined };
    },
    async healthz() {
      return (await fetch(`${url}/healthz`)).json();
    },
    output: () => lines.join(''),
    async stop() {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
