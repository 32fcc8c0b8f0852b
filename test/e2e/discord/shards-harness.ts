/** Starts the fake Discord and `src/main.ts` with DISCORD_SHARDS as a real process, for the sharding e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord, type FakeDiscordOptions, type FakeInteraction } from '../../fakes/discord/fake-discord.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Undo steps a test runs afterwards, last first. */
export type Cleanups = (() => Promise<void> | void)[];

/** True while a process with this id exists. */
export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls until the probe is truthy; on timeout the error carries the processes' output. */
export async function until<T>(probe: () => T | undefined | false, what: string, output: () => string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A running fake plus `npm start`'s process and its parsed JSON log lines. */
export interface Started {
  fake: FakeDiscord;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  output: () => string;
  exited: Promise<number | null>;
  shardPids: () => Map<number, number>;
}

/** The fake (two extra guilds, one per shard of two) and src/main.ts with DISCORD_SHARDS. */
export async function startSharded(
  shards: string,
  cleanups: Cleanups,
  extraEnv: Record<string, string> = {},
  fakeOptions: FakeDiscordOptions = {},
  prepareFake: (fake: FakeDiscord) => void = () => undefined,
): Promise<Started> {
  const fake = await new FakeDiscord({ recommendedShards: 2, maxConcurrency: 16, ...fakeOptions }).start();
  cleanups.push(() => fake.stop());
  fake.addGuild('School on shard 0', { onShard: [0, 2] });
  fake.addGuild('School on shard 1', { onShard: [1, 2] });
  prepareFake(fake);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-shards-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string | undefined> = {
    ...process.env, DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: shards,
    DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'info', JOB_THREADS: '1', LOCAL_CHAT_ENABLED: 'false', SHUTDOWN_GRACE_MS: '3000', ...extraEnv,
  };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('SLACK_') || (key === 'REDIS_URL' && !extraEnv.REDIS_URL) || key === 'DISCORD_GUILD_ID') delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const text: string[] = [];
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    text.push(chunk.toString());
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const shardPids = () => {
    const pids = new Map<number, number>();
    for (const line of logs) if (typeof line.msg === 'string' && /^shard \d+ of \d+ started/.test(line.msg)) pids.set(line.shard as number, line.pid as number);
    return pids;
  };
  cleanups.push(() => {
    // never leave processes behind, even when the test failed half-way
    for (const pid of [child.pid, ...shardPids().values()]) if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  return { fake, child, logs, output: () => text.join(''), exited, shardPids };
}

/** True when shards [0, 2] and [1, 2] are both connected to the fake. */
export const bothShardsConnected = (fake: FakeDiscord) => {
  const shards = fake.gateway.connectedShards.map((s) => s.join('/')).sort();
  return shards.length === 2 && shards[0] === '0/2' && shards[1] === '1/2';
};

/** The finished answer of an interaction (not the "thinking…" placeholder). */
export const answerOf = (fake: FakeDiscord, interaction: FakeInteraction) => {
  const message = fake.original(interaction);
  return message && !message.isLoading && (message.content || message.attachments.length) ? message : undefined;
};

