/**
 * DISCORD_SHARDS end to end: `npm start`'s entry (src/main.ts) as a real process runs discord.js's
 * ShardingManager, whose shard processes connect to the fake Discord as [0, 2] and [1, 2]. Commands
 * typed in a guild of each shard reach only that shard and are answered once; a killed shard is
 * restarted; SIGTERM (or the manager dying with SIGKILL) leaves no shard process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveShardPlan } from '../../../src/platforms/discord/shard-plan.ts';
import { FakeDiscord, type FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { shardOfGuild } from '../../fakes/discord/gateway.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(probe: () => T | undefined | false, what: string, output: () => string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Started {
  fake: FakeDiscord;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  output: () => string;
  exited: Promise<number | null>;
  shardPids: () => Map<number, number>;
}

/** The fake (two extra guilds, one per shard of two) and src/main.ts with DISCORD_SHARDS. */
async function startSharded(shards: string): Promise<Started> {
  const fake = await new FakeDiscord({ recommendedShards: 2, maxConcurrency: 16 }).start();
  cleanups.push(() => fake.stop());
  fake.addGuild('School on shard 0', { onShard: [0, 2] });
  fake.addGuild('School on shard 1', { onShard: [1, 2] });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-shards-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string | undefined> = {
    ...process.env, DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: shards,
    DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'info', JOB_THREADS: '1', LOCAL_CHAT_ENABLED: 'false', SHUTDOWN_GRACE_MS: '3000',
  };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key.startsWith('SLACK_') || key === 'REDIS_URL' || key === 'DISCORD_GUILD_ID') delete env[key];
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

const bothShardsConnected = (fake: FakeDiscord) => {
  const shards = fake.gateway.connectedShards.map((s) => s.join('/')).sort();
  return shards.length === 2 && shards[0] === '0/2' && shards[1] === '1/2';
};

/** The finished answer of an interaction (not the "thinking…" placeholder). */
const answerOf = (fake: FakeDiscord, interaction: FakeInteraction) => {
  const message = fake.original(interaction);
  return message && !message.isLoading && (message.content || message.attachments.length) ? message : undefined;
};

describe('DISCORD_SHARDS=2: a ShardingManager with two shard processes', () => {
  it('each shard connects with its id, answers its own guilds once, is restarted when killed, and SIGTERM leaves no shard process', async () => {
    const s = await startSharded('2');
    await until(() => bothShardsConnected(s.fake), 'both shards to connect', s.output);
    expect(s.fake.gateway.stats.identifiedShards.map((p) => p.join('/')).sort()).toEqual(['0/2', '1/2']);
    const pids = await until(() => (s.shardPids().size === 2 ? s.shardPids() : undefined), 'both shard pids in the log', s.output);
    expect(new Set([...pids.values(), s.child.pid]).size).toBe(3); // three separate processes

    const [onZero, onOne] = [s.fake.guilds.find((g) => g.name === 'School on shard 0')!, s.fake.guilds.find((g) => g.name === 'School on shard 1')!];
    const help = s.fake.runSlashCommand('help', {}, { guild: onZero });
    const train = s.fake.runSlashCommand('train', { dataset: 'xor', epochs: 30 }, { guild: onOne });
    expect(help.deliveredToShards).toEqual([0]);
    expect(train.deliveredToShards).toEqual([1]);
    const helpAnswer = await until(() => answerOf(s.fake, help), 'the /help answer', s.output);
    // the first edit shows progress; the result comes with its pictures
    const trainAnswer = await until(() => (answerOf(s.fake, train)?.attachments.length ? answerOf(s.fake, train) : undefined), 'the /train result', s.output);
    expect(helpAnswer.guildId).toBe(onZero.id);
    expect(trainAnswer.guildId).toBe(onOne.id);
    expect(trainAnswer.attachments.map((a) => a.filename)).toContain('boundary.png');
    // answered once: one acknowledgement each, nothing Discord would refuse
    expect(s.fake.eventsOf(help).filter((e) => e.kind === 'callback')).toHaveLength(1);
    expect(s.fake.eventsOf(train).filter((e) => e.kind === 'callback')).toHaveLength(1);
    expect(s.fake.violations).toEqual([]);
    // the course guild lands on one of the two shards, and only there
    const courseShard = shardOfGuild(s.fake.guild.id, 2);
    expect(s.fake.runSlashCommand('help').deliveredToShards).toEqual([courseShard]);
    // shards never register commands (that is `npm run register`, once)
    expect(s.fake.commandPuts).toEqual([]);
    // logs name the shard
    expect(s.logs.some((l) => l.shard === 0 && l.msg === 'Discord bot ready (gateway)')).toBe(true);
    expect(s.logs.some((l) => l.shard === 1 && l.msg === 'Discord bot ready (gateway)')).toBe(true);

    // the shards share the store (the SQLite file in DATA_DIR here): progress saved through shard 0
    // is there when the same student opens the lesson in a guild of shard 1
    const opened = s.fake.runSlashCommand('lesson', { name: 'exercise-1' }, { guild: onZero });
    const lessonStep = await until(() => answerOf(s.fake, opened), 'the lesson', s.output);
    const buttons = (lessonStep.components as { components?: { custom_id?: string }[] }[]).flatMap((row) => row.components ?? []);
    const next = buttons.find((b) => b.custom_id?.startsWith('lesson:go:exercise-1:1'));
    expect(next, `a Next button among ${buttons.map((b) => b.custom_id).join(', ')}`).toBeDefined();
    const click = s.fake.clickButton(lessonStep.id, next!.custom_id!);
    expect(click.deliveredToShards).toEqual([0]);
    await until(() => s.fake.eventsOf(click).some((e) => e.content?.includes('step 2/8')), 'step 2 of the lesson', s.output);
    const resumed = s.fake.runSlashCommand('lesson', { name: 'exercise-1' }, { guild: onOne });
    expect(resumed.deliveredToShards).toEqual([1]);
    expect((await until(() => answerOf(s.fake, resumed), 'the resumed lesson', s.output)).content).toMatch(/Welcome back — resuming at step 2/);

    // a shard that dies is started again by the manager and answers again
    const firstShardOne = pids.get(1)!;
    process.kill(firstShardOne, 'SIGKILL');
    await until(() => s.fake.gateway.stats.identifiedShards.filter((p) => p[0] === 1).length === 2 && bothShardsConnected(s.fake), 'shard 1 to come back', s.output);
    const newShardOne = s.shardPids().get(1)!;
    expect(newShardOne).not.toBe(firstShardOne);
    const again = s.fake.runSlashCommand('help', {}, { guild: onOne });
    expect(again.deliveredToShards).toEqual([1]);
    await until(() => answerOf(s.fake, again), 'the answer from the restarted shard', s.output);

    process.kill(s.child.pid!, 'SIGTERM');
    expect(await s.exited).toBe(0);
    expect(isAlive(pids.get(0)!)).toBe(false);
    expect(isAlive(newShardOne)).toBe(false);
    expect(s.logs.some((l) => l.msg === 'all Discord shard processes stopped')).toBe(true);
  }, 240_000);
});

describe('DISCORD_SHARDS=auto', () => {
  it("asks /gateway/bot through DISCORD_API_URL and runs Discord's recommendation; shards exit by themselves when the manager is killed with -9", async () => {
    const s = await startSharded('auto');
    await until(() => bothShardsConnected(s.fake), 'both shards to connect', s.output);
    expect(s.logs.some((l) => typeof l.msg === 'string' && l.msg.includes('starting 2 shard processes (DISCORD_SHARDS=auto; Discord recommends 2)'))).toBe(true);
    const pids = await until(() => (s.shardPids().size === 2 ? s.shardPids() : undefined), 'both shard pids in the log', s.output);
    process.kill(s.child.pid!, 'SIGKILL');
    await s.exited;
    await until(() => [...pids.values()].every((pid) => !isAlive(pid)), 'the orphaned shards to exit on their own', s.output, 30_000);
  }, 240_000);
});

describe('resolveShardPlan', () => {
  it('auto takes the recommendation of GET /gateway/bot, a number is kept, and max_concurrency comes along', async () => {
    const fake = await new FakeDiscord({ recommendedShards: 3, maxConcurrency: 16 }).start();
    cleanups.push(() => fake.stop());
    expect(await resolveShardPlan('auto', { token: fake.token, apiUrl: fake.apiUrl })).toEqual({ count: 3, recommended: 3, maxConcurrency: 16 });
    expect(await resolveShardPlan(2, { token: fake.token, apiUrl: fake.apiUrl })).toEqual({ count: 2, recommended: 3, maxConcurrency: 16 });
  });

  it('a refused token says DISCORD_TOKEN; an unreachable API is worth retrying', async () => {
    const fake = await new FakeDiscord().start();
    const apiUrl = fake.apiUrl;
    await expect(resolveShardPlan('auto', { token: 'wrong', apiUrl })).rejects.toThrow(/rejected DISCORD_TOKEN \(401/);
    await fake.stop();
    await expect(resolveShardPlan('auto', { token: fake.token, apiUrl, timeoutMs: 2000 })).rejects.toMatchObject({ name: 'PlatformUnreachableError' });
  });
});
