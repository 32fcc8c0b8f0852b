/**
 * DISCORD_SHARDS end to end: `npm start`'s entry (src/main.ts) as a real process runs discord.js's
 * ShardingManager, whose shard processes connect to the fake Discord as [0, 2] and [1, 2]. Commands
 * typed in a guild of each shard reach only that shard and are answered once; a killed shard is
 * restarted; SIGTERM (or the manager dying with SIGKILL) leaves no shard process behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveShardPlan } from '../../../src/platforms/discord/shard-plan.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { shardOfGuild } from '../../fakes/discord/gateway.ts';
import { answerOf, bothShardsConnected, isAlive, startSharded, until } from './shards-harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('DISCORD_SHARDS=2: a ShardingManager with two shard processes', () => {
  it('each shard connects with its id, answers its own guilds once, is restarted when killed; SIGTERM lets a running /train finish and leaves no shard process', async () => {
    const s = await startSharded('2', cleanups, { SHUTDOWN_GRACE_MS: '20000' });
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

    // SIGTERM while a run of a few seconds is going on shard 0: it finishes within the grace, then all exit
    const running = s.fake.runSlashCommand('train', { dataset: 'spiral', epochs: 2000, points: 2000, 'batch-size': '1' }, { guild: onZero });
    await until(() => running.ack, 'the run to be acknowledged', s.output);
    process.kill(s.child.pid!, 'SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.fake.original(running)?.attachments.map((a) => a.filename)).toContain('boundary.png');
    expect(isAlive(pids.get(0)!)).toBe(false);
    expect(isAlive(newShardOne)).toBe(false);
    expect(s.logs.some((l) => l.msg === 'all Discord shard processes stopped')).toBe(true);
  }, 240_000);
});

describe('DISCORD_SHARDS=auto', () => {
  it("asks /gateway/bot through DISCORD_API_URL and runs Discord's recommendation; shards exit by themselves when the manager is killed with -9", async () => {
    const s = await startSharded('auto', cleanups);
    await until(() => bothShardsConnected(s.fake), 'both shards to connect', s.output);
    expect(s.logs.some((l) => typeof l.msg === 'string' && l.msg.includes('starting 2 shard processes (DISCORD_SHARDS=auto; Discord recommends 2)'))).toBe(true);
    const pids = await until(() => (s.shardPids().size === 2 ? s.shardPids() : undefined), 'both shard pids in the log', s.output);
    process.kill(s.child.pid!, 'SIGKILL');
    await s.exited;
    await until(() => [...pids.values()].every((pid) => !isAlive(pid)), 'the orphaned shards to exit on their own', s.output, 30_000);
  }, 240_000);
});

describe('a shard Discord refuses for good', () => {
  it('refused intents (4014): each shard says why and exits, the manager does not restart it, and with nothing else to run npm start ends with code 1', async () => {
    const s = await startSharded('2', cleanups, {}, { closeIdentifyWith: 4014 });
    const givenUp = () => s.logs.filter((l) => typeof l.msg === 'string' && /^shard \d stopped for good/.test(l.msg));
    await until(() => givenUp().length === 2, 'both shards to be given up', s.output);
    expect(s.logs.some((l) => l.shard === 0 && typeof l.msg === 'string' && l.msg.includes('4014 disallowed intents'))).toBe(true);
    expect(s.logs.some((l) => l.shard === 1 && typeof l.msg === 'string' && l.msg.includes('4014 disallowed intents'))).toBe(true);
    expect(s.logs.some((l) => l.msg === 'every Discord shard stopped for good; the Discord bot is not running')).toBe(true);
    expect(await s.exited).toBe(1);
    expect(s.fake.gateway.stats.identifies).toBe(2); // one per shard: no restart loop against a refusal
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
