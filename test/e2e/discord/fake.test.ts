/**
 * The fake Discord refuses what Discord refuses — otherwise the adapter's tests could pass where
 * Discord would fail. A bare WebSocket client plays the bot here, and requests go straight over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, type FakeInteraction } from '../../fakes/discord/fake-discord.ts';

let fake: FakeDiscord;
let bot: WebSocket;
const received: { op: number; t?: string; s?: number; d: any }[] = [];

function openGateway(token: string, intents: number): Promise<{ socket: WebSocket; closeCode: Promise<number> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(fake.apiUrl).port}/?v=10&encoding=json`);
  const closeCode = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.once('message', (raw) => {
      const hello = JSON.parse(String(raw));
      received.push(hello);
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
      socket.send(JSON.stringify({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
      resolve({ socket, closeCode });
    });
  });
}

/** Polls until the probe is truthy (what the bare client receives is not a fake 'change'). */
async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  fake = await new FakeDiscord({ attachmentSizeLimitBytes: 1000 }).start();
  bot = (await openGateway(fake.token, 1)).socket;
  await until(() => received.some((p) => p.t === 'GUILD_CREATE'), 'GUILD_CREATE');
});
afterAll(async () => {
  bot?.close();
  await fake?.stop();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${fake.apiUrl}/v10${path}`, init);
const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const callback = (i: FakeInteraction, body: unknown) => api(`/interactions/${i.id}/${encodeURIComponent(i.token)}/callback`, json('POST', body));
const editOriginal = (i: FakeInteraction, init: RequestInit) => api(`/webhooks/${fake.applicationId}/${encodeURIComponent(i.token)}/messages/@original`, init);
const auth = { authorization: '' };
beforeAll(() => {
  auth.authorization = `Bot ${fake.token}`;
});

describe('the fake gateway', () => {
  it('says HELLO with a heartbeat interval, then answers IDENTIFY with READY and GUILD_CREATE in sequence', () => {
    expect(received[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 41250 } });
    const ready = received.find((p) => p.t === 'READY')!;
    expect(ready).toMatchObject({ op: 0, s: 1, d: { v: 10, user: { id: fake.applicationId, bot: true }, application: { id: fake.applicationId } } });
    expect(ready.d.resume_gateway_url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/resume$/);
    expect(received.find((p) => p.t === 'GUILD_CREATE')).toMatchObject({ s: 2, d: { id: fake.guild.id, unavailable: false } });
  });

  it('acknowledges a heartbeat with opcode 11', async () => {
    const before = received.length;
    bot.send(JSON.stringify({ op: 1, d: 2 }));
    await until(() => received.slice(before).some((p) => p.op === 11), 'the heartbeat ACK');
  });

  it('dispatches a slash command as INTERACTION_CREATE with the fields discord.js reads', async () => {
    const interaction = fake.runSlashCommand('train', { epochs: 10, dataset: 'xor' });
    const payload = await until(() => received.find((p) => p.t === 'INTERACTION_CREATE' && p.d.id === interaction.id), 'the dispatch');
    expect(payload.d).toMatchObject({
      type: 2,
      application_id: fake.applicationId,
      token: interaction.token,
      guild_id: fake.guild.id,
      channel: { id: fake.guild.channelId, type: 0 },
      member: { user: { username: 'ada' }, roles: [] },
      attachment_size_limit: 1000,
      data: { name: 'train', type: 1, options: [{ name: 'epochs', type: 4, value: 10 }, { name: 'dataset', type: 3, value: 'xor' }] },
    });
  });

  it('closes with 4004 on a wrong token and 4014 on privileged intents the app has not enabled', async () => {
    expect(await (await openGateway('wrong', 1)).closeCode).toBe(4004);
    expect(await (await openGateway(fake.token, 1 | (1 << 15))).closeCode).toBe(4014);
  });
});

describe('interaction callbacks', () => {
  it('accept one acknowledgement and refuse a second with 40060', async () => {
    const interaction = fake.runSlashCommand('x');
    expect((await callback(interaction, { type: 5 })).status).toBe(204);
    const second = await callback(interaction, { type: 4, data: { content: 'hi' } });
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ code: 40060 });
  });

  it('refuse an acknowledgement after 3 seconds with 10062 Unknown interaction', async () => {
    const interaction = fake.runSlashCommand('x');
    interaction.createdAt -= 3100;
    const late = await callback(interaction, { type: 5 });
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ code: 10062 });
  });

  it('refuse content over 2000 characters, more than 5 action rows and duplicate custom ids (50035)', async () => {
    const row = (id: string) => ({ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: id }] });
    for (const data of [
      { content: 'x'.repeat(2001) },
      { content: 'rows', components: ['a', 'b', 'c', 'd', 'e', 'f'].map(row) },
      { content: 'dupes', components: [row('same'), row('same')] },
      { content: 'six', components: [{ type: 1, components: ['1', '2', '3', '4', '5', '6'].map((id) => ({ type: 2, style: 1, label: id, custom_id: id })) }] },
    ]) {
      const response = await callback(fake.runSlashCommand('x'), { type: 4, data });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 50035 });
    }
  });

  it('refuse an empty message (50006)', async () => {
    const response = await callback(fake.runSlashCommand('x'), { type: 4, data: { content: '' } });
    expect(await response.json()).toMatchObject({ code: 50006 });
  });

  it('refuse a file above the interaction’s attachment_size_limit with 413 / 40005 (multipart body)', async () => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ type: 4, data: { content: 'img', attachments: [{ id: 0, filename: 'a.png' }] } }));
    form.append('files[0]', new Blob([new Uint8Array(1001)], { type: 'image/png' }), 'a.png');
    const interaction = fake.runSlashCommand('x');
    const response = await api(`/interactions/${interaction.id}/${encodeURIComponent(interaction.token)}/callback`, { method: 'POST', body: form });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 40005 });
  });
});

describe('webhook edits and follow-ups', () => {
  it('refuse an edit of @original before the interaction was acknowledged', async () => {
    const interaction = fake.runSlashCommand('x');
    const response = await editOriginal(interaction, json('PATCH', { content: 'too early' }));
    expect(response.status).toBe(404);
  });

  it('refuse edits once the 15-minute token has expired (50027)', async () => {
    const interaction = fake.runSlashCommand('x');
    await callback(interaction, { type: 5 });
    interaction.createdAt -= 15 * 60 * 1000 + 1;
    const response = await editOriginal(interaction, json('PATCH', { content: 'too late' }));
    expect(await response.json()).toMatchObject({ code: 50027 });
  });

  it('keep the attachments listed in `attachments` and drop the others (API v10 edit semantics)', async () => {
    const interaction = fake.runSlashCommand('x');
    await callback(interaction, { type: 5 });
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'two', attachments: [{ id: 0 }, { id: 1 }] }));
    form.append('files[0]', new Blob([new Uint8Array(10)]), 'a.png');
    form.append('files[1]', new Blob([new Uint8Array(10)]), 'b.png');
    await editOriginal(interaction, { method: 'PATCH', body: form });
    const keepA = fake.original(interaction)!.attachments.find((a) => a.filename === 'a.png')!;
    await editOriginal(interaction, json('PATCH', { content: 'one', attachments: [{ id: keepA.id }] }));
    expect(fake.original(interaction)!.attachments.map((a) => a.filename)).toEqual(['a.png']);
    await editOriginal(interaction, json('PATCH', { content: 'kept when attachments is absent' }));
    expect(fake.original(interaction)!.attachments.map((a) => a.filename)).toEqual(['a.png']);
  });
});

describe('command registration', () => {
  const put = (body: unknown, headers = auth) => api(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`, json('PUT', body, headers));
  const valid = { name: 'train', description: 'Train a network', options: [{ type: 3, name: 'dataset', description: 'Which data', choices: [{ name: 'xor', value: 'xor' }] }] };

  it('accepts a valid bulk overwrite and refuses one without the bot token (401)', async () => {
    expect((await put([valid])).status).toBe(200);
    expect((await put([valid], { authorization: 'Bot wrong' })).status).toBe(401);
  });

  it('refuses upper-case names, long descriptions, 26 choices, required-after-optional and oversized commands', async () => {
    const choices = (n: number, len = 5) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`.padEnd(len, 'x'), value: `v${i}`.padEnd(len, 'x') }));
    const cases = [
      { ...valid, name: 'Train' },
      { ...valid, description: 'd'.repeat(101) },
      { ...valid, options: [{ type: 3, name: 'a', description: 'a', choices: choices(26) }] },
      { ...valid, options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] },
      { ...valid, options: Array.from({ length: 5 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd'.repeat(100), choices: choices(25, 30) })) },
    ];
    for (const command of cases) {
      const response = await put([command]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 50035 });
    }
  });
});
