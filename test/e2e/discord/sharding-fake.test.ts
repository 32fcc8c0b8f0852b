/**
 * The fake gateway shards as Discord does: IDENTIFY's `shard` is checked (4010 Invalid shard), each
 * session gets only the guilds with (guild_id >> 22) % num_shards === shard_id, and an interaction
 * reaches only the connection of its guild's shard. The real adapter (discord.js) connects as one
 * shard of two here, in-process; test/e2e/discord/shards.test.ts runs the ShardingManager.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDiscordBot } from '../../../src/platforms/discord/index.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { shardOfGuild } from '../../fakes/discord/gateway.ts';
import { strict } from './test-commands.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function startFake(options: ConstructorParameters<typeof FakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await new FakeDiscord(options).start();
  cleanups.push(() => fake.stop());
  return fake;
}

/** A bare client that identifies with `shard` and reports the close code (or the dispatches it got). */
function identifyWith(fake: FakeDiscord, shard: unknown): Promise<{ closeCode: number; dispatches: { t: string; d: any }[] }> {
  const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  const dispatches: { t: string; d: any }[] = [];
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', (code) => resolve({ closeCode: code, dispatches }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw));
      if (payload.op === 10) socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, shard } }));
      if (payload.op === 0) dispatches.push(payload);
      // READY plus one GUILD_CREATE per guild of the shard: enough to look at, then hang up
      if (payload.t === 'READY') setTimeout(() => socket.close(1000), 200);
    });
  });
}

describe('the fake gateway checks IDENTIFY shard arrays like Discord', () => {
  it.each([
    ['shard id equal to the count', [2, 2]],
    ['zero shards', [0, 0]],
    ['a negative shard id', [-1, 2]],
    ['a fractional shard id', [0.5, 2]],
    ['one number instead of two', [0]],
    ['text', 'zero of two'],
  ])('%s → closed with 4010 Invalid shard', async (_what, shard) => {
    const fake = await startFake();
    const { closeCode, dispatches } = await identifyWith(fake, shard);
    expect(closeCode).toBe(4010);
    expect(dispatches).toEqual([]);
  });

  it('a valid [1, 2] gets READY echoing the shard and only the guilds on shard 1', async () => {
    const fake = await startFake();
    const onOne = fake.addGuild('Shard one school', { onShard: [1, 2] });
    const onZero = fake.addGuild('Shard zero school', { onShard: [0, 2] });
    expect(shardOfGuild(onOne.id, 2)).toBe(1);
    expect(shardOfGuild(onZero.id, 2)).toBe(0);
    const { closeCode, dispatches } = await identifyWith(fake, [1, 2]);
    expect(closeCode).toBe(1000);
    const ready = dispatches.find((d) => d.t === 'READY')!;
    expect(ready.d.shard).toEqual([1, 2]);
    const expected = fake.guilds.filter((g) => shardOfGuild(g.id, 2) === 1).map((g) => g.id).sort();
    expect(ready.d.guilds.map((g: { id: string }) => g.id).sort()).toEqual(expected);
    expect(dispatches.filter((d) => d.t === 'GUILD_CREATE').map((d) => d.d.id).sort()).toEqual(expected);
    expect(expected).toContain(onOne.id);
    expect(expected).not.toContain(onZero.id);
  });

  it('GET /gateway/bot answers the recommended shard count and identify concurrency', async () => {
    const fake = await startFake({ recommendedShards: 3, maxConcurrency: 16 });
    const response = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    const body = (await response.json()) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(3);
    expect(body.session_start_limit.max_concurrency).toBe(16);
  });
});

describe('the adapter as one shard of two', () => {
  it('connects as [1, 2], gets only its guild, and answers an interaction there; the other guild has no connection', async () => {
    const fake = await startFake();
    const mine = fake.addGuild('Shard one school', { onShard: [1, 2] });
    const other = fake.addGuild('Shard zero school', { onShard: [0, 2] });
    const bot = await startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl, shard: { id: 1, count: 2 } }, { commands: [strict] });
    cleanups.push(() => bot.stop());
    expect(fake.gateway.stats.identifiedShards).toEqual([[1, 2]]);
    const interaction = fake.runSlashCommand('strict', { layers: '4' }, { guild: mine });
    expect(interaction.deliveredToShards).toEqual([1]);
    const answer = await fake.waitFor(() => fake.original(interaction)?.content, 'the answer');
    expect(answer).toBe('ok 4');
    expect(fake.original(interaction)?.guildId).toBe(mine.id);
    expect(() => fake.runSlashCommand('strict', {}, { guild: other })).toThrow(/no bot is connected to the gateway on the shard of guild Shard zero school/);
    expect(fake.violations).toEqual([]);
  });
});

describe('a bot in more guilds than one session may hold', () => {
  it('unsharded it is refused with 4011 and told to set DISCORD_SHARDS=auto; as two shards each connects', async () => {
    const fake = await startFake({ maxGuildsPerSession: 1 });
    const courseShard = shardOfGuild(fake.guild.id, 2);
    fake.addGuild('The other shard', { onShard: [1 - courseShard, 2] });
    const unsharded = startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl, loginTimeoutMs: 20_000 }, { commands: [] });
    await expect(unsharded).rejects.toThrow(/needs sharding \(4011\).*DISCORD_SHARDS=auto/);
    for (const id of [0, 1]) {
      const bot = await startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl, shard: { id, count: 2 } }, { commands: [] });
      cleanups.push(() => bot.stop());
    }
    expect(fake.gateway.connectedShards.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
  });
});
