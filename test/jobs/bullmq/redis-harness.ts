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
export async function startPrivateRedis(binary: string): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'nn-tutor-redis-'));
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
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
