import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'start-signals-test-token-0123';

let child: ChildProcess | undefined;
let serverPid: number | undefined;
let firstLecturerKey: string | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-start-'));

afterAll(() => {
  // Never leave a server behind, even when the test failed half-way.
  for (const pid of [serverPid, child?.pid]) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with the first match of `pattern` in the stream's text so far. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${text}`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('npm start and signals (issue 13, items 4 and 5)', () => {
  it('SIGTERM to the npm start process: the running request is answered, new ones get 503, exit 0, the port is freed', async () => {
    const env: Record<string, string | undefined> = { ...process.env, LOCAL_CHAT_PORT: '0', LOCAL_CHAT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOCAL_CHAT_API_TOKEN: TOKEN, LOG_FORMAT: 'json', LOG_LEVEL: 'info', JOB_THREADS: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('DISCORD_') || key.startsWith('SLACK_') || key === 'LOCAL_CHAT_LECTURER_KEY') delete env[key];
    child = spawn('npm', ['start'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const [, url, key, pid] = await waitFor(child.stdout!, /web chat:\s+(http:\/\/\S+)[\s\S]*lecturer link:\s+\S+\?key=(\S+)[\s\S]*kill -TERM (\d+)/, 60_000);
    firstLecturerKey = key;
    serverPid = Number(pid);
    const port = Number(new URL(url!).port);
    const post = (body: unknown) =>
      fetch(`${url}/api/commands`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });

    // the server answers before the run is sent, so on a loaded machine the run still arrives before the signal
    expect((await post({ command: 'help', options: {}, user: { id: 'early', name: 'Early' } })).status).toBe(200);
    // A run of a few seconds: well inside the 10 s grace.
    const running = post({ command: 'train', options: { dataset: 'spiral', epochs: 2000, points: 2000, 'batch-size': '1' }, user: { id: 'runner', name: 'Runner' } });
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(child.pid!, 'SIGTERM'); // the PID of `npm start` itself, as a process manager would
    await new Promise((r) => setTimeout(r, 300));
    const late = await post({ command: 'help', options: {}, user: { id: 'late', name: 'Late' } }).catch((error: Error) => error);

    const answer = await running;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { text: string }).text).toMatch(/accuracy|loss/i);
    expect(late instanceof Error ? late.message : late.status).toBe(503);
    expect(await exited).toBe(0);
    expect(stderr.join('')).toMatch(/shutting down/);
    expect(() => process.kill(serverPid!, 0)).toThrow(); // the server process is gone, not orphaned
    expect(await isPortFree(port)).toBe(true);
  }, 120_000);

  it('the console: first lines say the address, the lecturer link and how to stop; pretty logs are one line per event', async () => {
    const env: Record<string, string | undefined> = { ...process.env, LOCAL_CHAT_PORT: '0', LOCAL_CHAT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', JOB_THREADS: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('DISCORD_') || key.startsWith('SLACK_') || key === 'LOCAL_CHAT_LECTURER_KEY') delete env[key];
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    server.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const stdoutText = await waitFor(server.stdout!, /stop:[^\n]*\n/, 60_000);
      const lines = stdoutText.input!.split('\n').map((l) => l.trim()).filter(Boolean);
      expect(lines[0]).toMatch(/^nn-tutor web chat:\s+http:\/\/127\.0\.0\.1:\d+$/);
      const lecturer = lines.find((l) => l.startsWith('lecturer link:'));
      expect(lecturer).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{12,}/);
      expect(lines.find((l) => l.startsWith('stop:'))).toMatch(new RegExp(`Ctrl-C, or kill -TERM ${server.pid}`));
      // No key configured: it is derived from the session secret in DATA_DIR, so the restart kept it.
      expect(new URL(lecturer!.split(/\s+/).at(-1)!).searchParams.get('key')).toBe(firstLecturerKey);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const logLines = stderr.join('').split('\n').filter(Boolean);
    expect(logLines.length).toBeGreaterThanOrEqual(2); // "listening" … "shutting down" … "stopped"
    for (const line of logLines) {
      expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN|ERROR)/);
      expect(line.trimStart().startsWith('{')).toBe(false);
    }
  }, 120_000);

  it('Ctrl-C in a terminal (SIGINT to the whole process group of npm start): a graceful stop with exit 0, not 130', async () => {
    const env: Record<string, string | undefined> = { ...process.env, LOCAL_CHAT_PORT: '0', LOCAL_CHAT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'json', JOB_THREADS: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('DISCORD_') || key.startsWith('SLACK_')) delete env[key];
    const group = spawn('npm', ['start'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stderr: string[] = [];
    group.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => group.once('exit', (code) => resolve(code)));
    const [, pid] = await waitFor(group.stdout!, /kill -TERM (\d+)/, 60_000);
    serverPid = Number(pid);
    process.kill(-group.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
    expect(await exited).toBe(0);
    expect(stderr.join('')).toMatch(/"msg":"stopped"/);
    expect(stderr.join('')).not.toMatch(/second stop signal/);
  }, 120_000);

  it('a port already in use: one clear line saying so and what to do, exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const env: Record<string, string | undefined> = { ...process.env, LOCAL_CHAT_PORT: String(port), LOCAL_CHAT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'pretty', JOB_THREADS: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('DISCORD_') || key.startsWith('SLACK_')) delete env[key];
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => server.once('exit', (exitCode) => resolve(exitCode)));
    blocker.close();
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use .*LOCAL_CHAT_PORT`));
    expect(stderr).not.toMatch(/warm-up failed/);
  }, 120_000);
});
