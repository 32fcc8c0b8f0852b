/**
 * Connecting, failing to connect, reconnecting, restarting and shutting down: the real discord.js
 * Client against the fake gateway.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot } from '../../../src/platforms/discord/index.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS } from '../../fakes/discord/payloads.ts';
import { startHarness, type Harness } from './harness.ts';
import { forever, slowTrain, strict, testCommands } from './test-commands.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function harness(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const h = await startHarness(...args);
  cleanups.push(() => h.close());
  return h;
}

async function fakeOnly(options: ConstructorParameters<typeof FakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await new FakeDiscord(options).start();
  cleanups.push(() => fake.stop());
  return fake;
}

describe('connecting', () => {
  it('identifies with only the non-privileged Guilds intent, gets READY and its guild, and heartbeats are acknowledged', async () => {
    const h = await harness([strict], {}, { heartbeatIntervalMs: 200 });
    expect(h.fake.gateway.stats.identifies).toBe(1);
    expect(h.fake.gateway.stats.lastIdentify?.intents).toBe(1); // GUILDS = 1 << 0
    expect(h.fake.requests.some((r) => r.path === '/api/v10/gateway/bot' && r.authorized)).toBe(true);
    await h.fake.waitFor(() => h.fake.gateway.stats.heartbeats >= 3, 'three heartbeats');
  });

  it('a bad token fails with a message naming DISCORD_TOKEN and where to get a new one', async () => {
    const fake = await fakeOnly();
    const start = startDiscordBot({ token: 'not-the-token', clientId: fake.applicationId, apiUrl: fake.apiUrl }, { commands: [] });
    await expect(start).rejects.toThrow(/Discord rejected DISCORD_TOKEN \(401 Unauthorized\).*Reset Token/);
    expect(fake.gateway.stats.connections).toBe(0);
  });

  it('refused intents (gateway close 4014) fail with a message about the intents instead of hanging', async () => {
    const fake = await fakeOnly({ closeIdentifyWith: 4014 });
    const start = startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl, loginTimeoutMs: 20_000 }, { commands: [] });
    await expect(start).rejects.toThrow(/4014 disallowed intents.*Privileged Gateway Intents/);
  });

  it('an unreachable DISCORD_API_URL fails with a message naming it', async () => {
    const fake = await fakeOnly();
    const apiUrl = fake.apiUrl;
    await fake.stop();
    const start = startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl, loginTimeoutMs: 20_000 }, { commands: [] });
    await expect(start).rejects.toThrow(new RegExp(`DISCORD_API_URL \\(${apiUrl.replace(/[.]/g, '\\.')}\\)`));
  });

  it('a missing token is refused before anything is sent', async () => {
    await expect(startDiscordBot({ token: '', clientId: '1' }, { commands: [] })).rejects.toThrow(/DISCORD_TOKEN is not set/);
  });
});

describe('staying connected', () => {
  it('after Discord asks it to reconnect, the bot resumes its session and still answers commands', async () => {
    const h = await harness([strict]);
    h.fake.requestReconnect();
    await h.fake.waitFor(() => h.fake.gateway.stats.resumes >= 1 && h.fake.gateway.hasReadySession, 'the session to resume');
    expect(h.fake.gateway.stats.identifies).toBe(1);
    const interaction = h.fake.runSlashCommand('strict', { layers: '8,8' });
    const message = await h.fake.waitFor(() => h.fake.original(interaction)?.content, 'the answer');
    expect(message).toBe('ok 8,8');
  });

  it('a button on a message sent before a restart still routes to its command', async () => {
    const h = await harness(testCommands);
    const interaction = h.fake.runSlashCommand('slowtrain', { steps: 1 });
    const result = await h.fake.waitFor(() => {
      const m = h.fake.original(interaction);
      return m && m.components.length > 0 ? m : undefined;
    }, 'the result');
    await h.bot.stop();
    const restarted = await startDiscordBot({ token: h.fake.token, clientId: h.fake.applicationId, apiUrl: h.fake.apiUrl }, { commands: testCommands });
    cleanups.push(() => restarted.stop());
    await h.fake.waitFor(() => h.fake.gateway.hasReadySession, 'the restarted bot');
    const click = h.fake.clickButton(result.id, 'slowtrain:again:seed=7');
    const answer = await h.fake.waitFor(() => {
      const m = h.fake.original(click);
      return m && !m.isLoading ? m : undefined;
    }, 'the answer to the click');
    expect(answer.content).toBe('Trained again (seed=7)');
  });
});

describe('shutting down', () => {
  it('stop() lets a running command finish, then disconnects from the gateway', async () => {
    const h = await harness([slowTrain]);
    const interaction = h.fake.runSlashCommand('slowtrain', { steps: 10 });
    await h.fake.waitFor(() => interaction.ack, 'the deferral');
    await h.bot.stop();
    expect(h.fake.original(interaction)?.attachments.map((a) => a.filename)).toEqual(['boundary.png', 'loss.png']);
    await h.fake.waitFor(() => !h.fake.gateway.hasReadySession, 'the gateway socket to close');
    expect(h.fake.violations).toEqual([]);
  });

  it('a command still running after the grace period is cancelled and its user is told why', async () => {
    const h = await harness([forever], { shutdownGraceMs: 300 });
    const interaction = h.fake.runSlashCommand('forever');
    await h.fake.waitFor(() => interaction.ack, 'the deferral');
    await h.bot.stop();
    const note = h.fake.followUps(interaction)[0] ?? h.fake.original(interaction);
    expect(note?.content).toMatch(/shutting down/);
    expect(note!.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(h.fake.gateway.hasReadySession).toBe(false);
  });

  it('a command typed while the bot is stopping gets a private "restarting" answer', async () => {
    const h = await harness([forever, strict], { shutdownGraceMs: 5000 });
    const running = h.fake.runSlashCommand('forever', { ms: 1500 });
    await h.fake.waitFor(() => running.ack, 'the deferral');
    const stopping = h.bot.stop();
    await sleep(50);
    const late = h.fake.runSlashCommand('strict');
    const answer = await h.fake.waitFor(() => h.fake.original(late), 'the answer');
    expect(answer.content).toMatch(/restarting/);
    expect(answer.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    await stopping;
    expect(h.fake.original(running)?.content).toBe('finished in time');
  });
});
