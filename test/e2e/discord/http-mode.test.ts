/**
 * HTTP-interactions mode: Discord POSTs signed interactions to our endpoint instead of using the
 * gateway. The fake signs with its own Ed25519 key, checks the endpoint the way Discord does when
 * the URL is saved, and the bot answers through the same callback and webhook routes.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidDiscordSignature, parseDiscordPublicKey } from '../../../src/platforms/discord/http-interactions.ts';
import { startDiscordBot, type DiscordBot } from '../../../src/platforms/discord/index.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS } from '../../fakes/discord/payloads.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { liveQuiz, seen, slowTrain, strict, whois } from './test-commands.ts';

let fake: FakeDiscord;
let bot: DiscordBot;

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  bot = await startDiscordBot(
    {
      token: fake.token,
      clientId: fake.applicationId,
      guildId: fake.guild.id,
      apiUrl: fake.apiUrl,
      lecturerRole: 'Lecturer',
      mode: 'http',
      publicKey: fake.publicKeyHex,
      interactionsPort: 0,
    },
    { commands: [slowTrain, strict, liveQuiz, whois] },
  );
  fake.interactionsEndpointUrl = bot.interactionsUrl!;
  // registered, so the fake knows `whois user:` is a USER option (type 6)
  await registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, [slowTrain, strict, liveQuiz, whois]);
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

describe('the interactions endpoint', () => {
  it('passes Discord’s check when the URL is saved: PONG to a signed PING, 401 to bad and missing signatures', async () => {
    expect(bot.interactionsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/discord\/interactions$/);
    expect(await fake.verifyInteractionsEndpoint(bot.interactionsUrl!)).toEqual({ ok: true, statuses: [200, 401, 401] });
  });

  it('does not open a gateway connection', () => {
    expect(fake.gateway.stats.connections).toBe(0);
  });
});

describe('commands over HTTP', () => {
  it('a heavy command is accepted with 202, deferred through the callback route, and ends with its images', async () => {
    const interaction = fake.runSlashCommand('slowtrain', { steps: 3 });
    const final = await fake.waitFor(() => {
      const m = fake.original(interaction);
      return m && m.attachments.length === 2 ? m : undefined;
    }, 'the result');
    expect(interaction.deliveryStatus).toBe(202);
    expect(interaction.ack?.type).toBe(5);
    expect(final.content).toContain('Done.');
    expect(fake.violations).toEqual([]);
  });

  it('a user option (type 6) arrives as a mention of the user resolved from the signed payload\'s data.resolved.users', async () => {
    const picked = fake.members.lecturer.user.id;
    const interaction = fake.runSlashCommand('whois', { user: picked });
    const message = await fake.waitFor(() => fake.original(interaction), 'the answer');
    expect(message.content).toBe(`picked <@${picked}>`);
  });

  it('a bad option still gets a private error', async () => {
    const interaction = fake.runSlashCommand('strict', { epochs: 0 });
    const message = await fake.waitFor(() => fake.original(interaction), 'the error');
    expect(message.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(message.content).toMatch(/epochs/);
  });

  it('a button click routes back to its command', async () => {
    const interaction = fake.runSlashCommand('slowtrain', { steps: 1 });
    const result = await fake.waitFor(() => {
      const m = fake.original(interaction);
      return m && m.components.length > 0 ? m : undefined;
    }, 'the result');
    const click = fake.clickButton(result.id, 'slowtrain:again:seed=7');
    const answer = await fake.waitFor(() => {
      const m = fake.original(click);
      return m && !m.isLoading ? m : undefined;
    }, 'the answer');
    expect(answer.content).toBe('Trained again (seed=7)');
  });

  it('the lecturer role is matched by name (the guild was loaded over REST at start)', async () => {
    const interaction = fake.runSlashCommand('livequiz', {}, { as: 'lecturer' });
    const message = await fake.waitFor(() => fake.original(interaction), 'the answer');
    expect(message.content).toBe('Live quiz started');
    expect(seen.callers.at(-1)?.isLecturer).toBe(true);
  });
});

describe('signature checks', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicKey = parseDiscordPublicKey(keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'));
  const body = Buffer.from('{"type":1}');
  const nowS = 1_800_000_000;
  const signed = (timestamp: string, data: Buffer) => sign(null, Buffer.concat([Buffer.from(timestamp), data]), keys.privateKey).toString('hex');

  it('accept a signature over timestamp + body and refuse a changed body, another key or a replayed old timestamp', () => {
    const timestamp = String(nowS);
    expect(isValidDiscordSignature(publicKey, signed(timestamp, body), timestamp, body, nowS)).toBe(true);
    expect(isValidDiscordSignature(publicKey, signed(timestamp, body), timestamp, Buffer.from('{"type":2}'), nowS)).toBe(false);
    expect(isValidDiscordSignature(parseDiscordPublicKey(fake.publicKeyHex), signed(timestamp, body), timestamp, body, nowS)).toBe(false);
    const old = String(nowS - 600);
    expect(isValidDiscordSignature(publicKey, signed(old, body), old, body, nowS)).toBe(false);
  });

  it('a malformed DISCORD_PUBLIC_KEY is refused with a message saying where to find the right one', () => {
    expect(() => parseDiscordPublicKey('not-hex')).toThrow(/DISCORD_PUBLIC_KEY must be the 64 hex characters .*Public Key/);
  });

  it('http mode without DISCORD_PUBLIC_KEY, or with a bad token, fails at start with what to fix', async () => {
    await expect(startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl, mode: 'http' }, { commands: [] })).rejects.toThrow(/DISCORD_PUBLIC_KEY is not set/);
    await expect(
      startDiscordBot({ token: 'wrong', clientId: fake.applicationId, apiUrl: fake.apiUrl, mode: 'http', publicKey: fake.publicKeyHex, interactionsPort: 0 }, { commands: [] }),
    ).rejects.toThrow(/Discord rejected DISCORD_TOKEN/);
  });
});
