import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { startLocalChat, type LocalChatOptions, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { Channel } from '../../../src/platforms/local/channel.ts';
import { apiWithToken, openBrowserSession, TEST_API_TOKEN, type ServerEvent } from './api-client.ts';
import { TEST_COMMANDS } from './test-commands.ts';

let commands: CommandDef[];
let server: LocalChatServer;
const extraServers: LocalChatServer[] = [];

async function startExtra(options: Partial<LocalChatOptions> = {}): Promise<LocalChatServer> {
  const extra = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN, ...options }, { commands });
  extraServers.push(extra);
  return extra;
}

beforeAll(async () => {
  commands = [...(await loadCommands()), ...TEST_COMMANDS];
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands });
});
afterAll(async () => {
  await Promise.all([server, ...extraServers].map((s) => s.stop()));
  await closeJobPool();
});

const jsonPost = (path: string, headers: Record<string, string>, body: string) =>
  fetch(server.url + path, { method: 'POST', headers, body });
const texts = (events: ServerEvent[]) => events.filter((e) => e.event === 'message').map((e) => String(e.data.text ?? ''));

describe('identity comes from the server (issue 13, item 1)', () => {
  it('no session cookie and no API token → 401 on the API, the event stream and the catalogue', async () => {
    const origin = server.url;
    expect((await jsonPost('/api/commands', { 'content-type': 'application/json', origin }, JSON.stringify({ command: 'whoami', user: { id: 'ada' } }))).status).toBe(401);
    expect((await jsonPost('/api/chat', { 'content-type': 'application/json', origin }, JSON.stringify({ text: 'hi', user: { id: 'ada' } }))).status).toBe(401);
    expect((await fetch(`${server.url}/events?userId=ada&name=Ada`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/catalogue`)).status).toBe(401);
  });

  it('a wrong API token → 401, even next to a valid session cookie', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const response = await jsonPost('/api/commands', { 'content-type': 'application/json', origin: server.url, cookie: ada.cookie, authorization: 'Bearer not-the-token' }, JSON.stringify({ command: 'whoami', user: { id: 'ada' } }));
    expect(response.status).toBe(401);
  });

  it('a forged or tampered session cookie → 401', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const [name, value] = ada.cookie.split('=') as [string, string];
    const tampered = `${name}=${value.slice(0, 3)}x${value.slice(4)}`;
    for (const cookie of [tampered, `${name}=w-aaaaaaaaaaaaaaaa.forged`, `${name}=ada`]) {
      const response = await jsonPost('/api/commands', { 'content-type': 'application/json', origin: server.url, cookie }, JSON.stringify({ command: 'whoami' }));
      expect(response.status, cookie).toBe(401);
    }
  });

  it('user.id in the body does not change who a session acts for', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const mallory = await openBrowserSession(server, 'Mallory');
    const adaSelf = await ada.post('/api/commands', { command: 'whoami', user: { name: 'Ada' } });
    const malloryPlain = await mallory.post('/api/commands', { command: 'whoami', user: { name: 'Mallory' } });
    for (const forgedId of [adaSelf.json.data.userId, ada.publicId, 'ada', 'anonymous']) {
      const forged = await mallory.post('/api/commands', { command: 'whoami', user: { id: forgedId, name: 'Ada' } });
      expect(forged.status).toBe(200);
      expect(forged.json.data.userId).toBe(malloryPlain.json.data.userId);
    }
    expect(malloryPlain.json.data.userId).not.toBe(adaSelf.json.data.userId);
  });

  it('another person cannot read private replies by naming their id on /events or in a chat line', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const mallory = await openBrowserSession(server, 'Mallory');
    const adaInternalId = (await ada.post('/api/commands', { command: 'whoami', user: { name: 'Ada' } })).json.data.userId as string;
    const done = (events: ServerEvent[]) => texts(events).some((t) => t === 'after the secret');
    const adaEvents = ada.listen('Ada', done);
    // Mallory names Ada's ids in the query string, as the old client-chosen ids allowed.
    const malloryEvents = Promise.all([ada.publicId, adaInternalId].map((id) =>
      fetch(`${server.url}/events?userId=${encodeURIComponent(id)}&name=Ada`, { headers: { cookie: mallory.cookie } }).then(async (response) => {
        expect(response.status).toBe(200);
        const reader = response.body!.getReader();
        let text = '';
        const deadline = Date.now() + 10_000;
        while (!text.includes('after the secret') && Date.now() < deadline) {
          const { value, done: ended } = await reader.read();
          if (ended) break;
          text += new TextDecoder().decode(value);
        }
        await reader.cancel();
        return text;
      })));
    await new Promise((r) => setTimeout(r, 300));
    expect((await ada.post('/api/chat', { text: '/secret', user: { name: 'Ada' } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    await ada.post('/api/chat', { text: 'after the secret', user: { name: 'Ada' } });
    expect(texts(await adaEvents)).toContain('private note for Ada');
    for (const seen of await malloryEvents) {
      expect(seen).toContain('after the secret');
      expect(seen).not.toContain('private note for Ada');
    }
  });

  it('ids sent to other browsers are opaque: not the session id, not the cookie', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const bob = await openBrowserSession(server, 'Bob');
    const adaInternalId = (await ada.post('/api/commands', { command: 'whoami', user: { name: 'Ada' } })).json.data.userId as string;
    const bobEvents = bob.listen('Bob', (events) => texts(events).includes('hello from Ada'));
    await new Promise((r) => setTimeout(r, 200));
    await ada.post('/api/chat', { text: 'hello from Ada', user: { name: 'Ada' } });
    const events = await bobEvents;
    const adaLine = events.find((e) => e.event === 'message' && e.data.text === 'hello from Ada')!;
    expect(adaLine.data.author.id).toBe(ada.publicId);
    const everything = JSON.stringify(events);
    expect(everything).not.toContain(adaInternalId);
    expect(everything).not.toContain(ada.cookie.split('=')[1]!);
  });

  it('the API token acts for the user named in the body', async () => {
    const { status, json } = await apiWithToken(server, '/api/commands', { command: 'whoami', user: { id: 'u-42', name: 'Script' } });
    expect(status).toBe(200);
    expect(json.data.userId).toBe('u-42');
  });

  it('with no lecturer key configured, one is generated: only the lecturer link makes a lecturer', async () => {
    expect(server.lecturerUrl).toMatch(/\?key=[\w-]{12,}$/);
    const key = new URL(server.lecturerUrl).searchParams.get('key');
    const student = await openBrowserSession(server, 'Student');
    for (const body of [{}, { key: '' }, { key: null }, { key: 'undefined' }, { key: true }])
      expect((await student.post('/api/commands', { command: 'whoami', ...body })).json.data.isLecturer).toBe(false);
    expect((await student.post('/api/commands', { command: 'whoami', key })).json.data.isLecturer).toBe(true);
  });
});

describe('requests from other sites and hosts (issue 13, item 2)', () => {
  it('a text/plain POST (what any web page can send) → 403, and nothing is posted', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const watcher = await openBrowserSession(server, 'Watcher');
    const seen = watcher.listen('Watcher', (events) => texts(events).includes('marker after'));
    await new Promise((r) => setTimeout(r, 200));
    const response = await jsonPost('/api/chat', { 'content-type': 'text/plain', origin: server.url, cookie: ada.cookie }, JSON.stringify({ text: 'forged line' }));
    expect(response.status).toBe(403);
    await ada.post('/api/chat', { text: 'marker after' });
    expect(texts(await seen)).not.toContain('forged line');
  });

  it('JSON from another Origin, or with no Origin from a browser session → 403', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const body = JSON.stringify({ command: 'whoami' });
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
      const response = await jsonPost('/api/commands', { 'content-type': 'application/json', origin, cookie: ada.cookie }, body);
      expect(response.status, origin).toBe(403);
    }
    expect((await jsonPost('/api/commands', { 'content-type': 'application/json', cookie: ada.cookie }, body)).status).toBe(403);
  });

  it('an unknown Host (DNS rebinding) → 403; loopback names and LOCAL_CHAT_ALLOWED_HOSTS are answered', async () => {
    const hostGet = (target: LocalChatServer, host: string, path = '/healthz') =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: target.port, path, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject).end();
      });
    expect(await hostGet(server, 'evil.example')).toBe(403);
    expect(await hostGet(server, `evil.example:${server.port}`, '/')).toBe(403);
    expect(await hostGet(server, `localhost:${server.port}`)).toBe(200);
    expect(await hostGet(server, `127.0.0.1:${server.port}`)).toBe(200);
    expect(await hostGet(server, `[::1]:${server.port}`)).toBe(200);
    const proxied = await startExtra({ allowedHosts: ['chat.school.example'] });
    expect(await hostGet(proxied, 'chat.school.example')).toBe(200);
    expect(await hostGet(proxied, 'other.school.example')).toBe(403);
  });
});

describe('bounded work and memory (issue 13, item 3)', () => {
  it('chat lines, commands and clicks beyond a session\'s rate → 429 with Retry-After; other sessions are unaffected', async () => {
    const eager = await openBrowserSession(server, 'Eager');
    const statuses = async (count: number, send: () => Promise<{ status: number; headers: Headers }>) => {
      const answers = [];
      for (let i = 0; i < count; i++) answers.push(await send());
      return answers;
    };
    const lines = await statuses(15, () => eager.post('/api/chat', { text: 'spam' }));
    expect(lines.slice(0, 10).every((a) => a.status === 202)).toBe(true);
    const refused = lines.find((a) => a.status === 429)!;
    expect(refused).toBeDefined();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const commandsSent = await statuses(12, () => eager.post('/api/commands', { command: 'whoami' }));
    expect(commandsSent.some((a) => a.status === 429)).toBe(true);
    const clicks = await statuses(25, () => eager.post('/api/click', { id: 'whoami:nothing' }));
    expect(clicks.some((a) => a.status === 429)).toBe(true);
    const calm = await openBrowserSession(server, 'Calm');
    expect((await calm.post('/api/chat', { text: 'hello' })).status).toBe(202);
  });

  it('a listener that stops reading is dropped once its unsent events pass the bound; a reading one keeps everything', async () => {
    const bounded = await startExtra({ bounds: { maxUnsentBytesPerListener: 64 * 1024 } });
    const stalled = await openBrowserSession(bounded, 'Stalled');
    const reader = await openBrowserSession(bounded, 'Reader');
    // A raw socket that sends the request and then never reads again.
    const socket = connect(bounded.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`GET /events?name=Stalled HTTP/1.1\r\nHost: 127.0.0.1:${bounded.port}\r\nCookie: ${stalled.cookie}\r\n\r\n`);
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    const readerEvents = reader.listen('Reader', (events) => texts(events).includes('last line'));
    await new Promise((r) => setTimeout(r, 200));
    expect(bounded.channel.listenerCount()).toBe(2);
    const line = 'x'.repeat(2000);
    for (let batch = 0; batch < 300 && bounded.channel.droppedListeners === 0; batch++) {
      for (let i = 0; i < 50; i++) bounded.channel.post({ id: `m${batch}-${i}`, author: { id: 'bot', name: 'bot', isBot: true }, text: line, createdAtMs: Date.now() });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(bounded.channel.droppedListeners).toBe(1);
    bounded.channel.post({ id: 'last', author: { id: 'bot', name: 'bot', isBot: true }, text: 'last line', createdAtMs: Date.now() });
    expect(texts(await readerEvents)).toContain('last line');
    expect(bounded.channel.droppedListeners).toBe(1); // the reader was never dropped
    socket.destroy();
  });

  it('keeps history by count and by bytes, and images by count and by bytes', () => {
    const channel = new Channel('bounded', { bounds: { maxMessages: 300, maxMessageBytes: 100 * 1024, maxImages: 50, maxImageBytes: 1024 * 1024 } });
    for (let i = 0; i < 500; i++) channel.post({ id: `m${i}`, author: { id: 'u', name: 'U', isBot: false }, text: 'y'.repeat(2000), createdAtMs: i });
    const history = channel.historyFor('u');
    expect(history.length).toBeGreaterThan(10);
    expect(history.length).toBeLessThanOrEqual(50); // 100 KB of ~2 KB messages
    expect(history.at(-1)!.id).toBe('m499');
    const stored = Array.from({ length: 10 }, (_, i) => channel.storeImages([{ name: `i${i}.png`, alt: 'a', contentType: 'image/png', data: Buffer.alloc(300 * 1024) }])![0]!);
    const idOf = (url: string) => url.split('/')[2]!;
    expect(channel.getImage(idOf(stored[0]!.url))).toBeUndefined();
    expect(channel.getImage(idOf(stored[9]!.url))).toBeDefined();
    const kept = stored.filter((image) => channel.getImage(idOf(image.url)));
    expect(kept.length * 300 * 1024).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('busy and unavailable are not the user\'s fault (issue 13, item 8)', () => {
  it('BusyError and ServiceUnavailableError → 503 with Retry-After; a user mistake stays 400', async () => {
    const busy = await apiWithToken(server, '/api/commands', { command: 'busy', user: { id: 'b1', name: 'B' } });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('7');
    expect(busy.json.text).toMatch(/busy/);
    const unavailable = await apiWithToken(server, '/api/commands', { command: 'unavailable', user: { id: 'b2', name: 'B' } });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('12');
    const mistake = await apiWithToken(server, '/api/commands', { command: 'mistake', user: { id: 'b3', name: 'B' } });
    expect(mistake.status).toBe(400);
    expect(mistake.headers.get('retry-after')).toBeNull();
  });
});

describe('malformed requests (issue 13, item 10)', () => {
  it('select values that are not text → 400 naming `values`, on /api/click and /api/components', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    for (const path of ['/api/click', '/api/components']) {
      for (const values of [[{ toString: 1 }], [{ toString: 1, valueOf: 2 }], 'a', [1, [2]], [null]]) {
        const answer = await ada.post(path, { id: 'quiz:answer:x', values });
        expect(answer.status, `${path} ${JSON.stringify(values)}`).toBe(400);
        expect(answer.json.error.message).toMatch(/`values`/);
      }
    }
  });

  it('a 413 says `connection: close` and closes, so the next request on a keep-alive client works', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/api/commands', method: 'POST', agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_TOKEN}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const big = JSON.stringify({ command: 'whoami', user: { id: 'big', name: 'B' }, pad: 'z'.repeat(2 * 1024 * 1024) }); // past the limit of a command body that may carry a 1 MB file as base64
    const small = JSON.stringify({ command: 'whoami', user: { id: 'small', name: 'S' } });
    for (let i = 0; i < 5; i++) {
      const refused = await send(big);
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe('close');
      expect((await send(small)).status).toBe(200);
    }
    agent.destroy();
  });
});

describe('shutdown (issue 13, item 5)', () => {
  it('stop(): running requests finish within the grace, new ones get 503, then the port closes', async () => {
    const closing = await startExtra({ shutdownGraceMs: 5000 });
    const running = apiWithToken(closing, '/api/commands', { command: 'slow', options: { ms: 1500 }, user: { id: 's1', name: 'S' } });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = closing.stop();
    const refused = await apiWithToken(closing, '/api/commands', { command: 'whoami', user: { id: 's2', name: 'S' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const finished = await running;
    expect(finished.status).toBe(200);
    expect(finished.json.text).toBe('finished after 1500 ms');
    await stopped;
    await expect(fetch(`${closing.url}/healthz`)).rejects.toThrow();
  });

  it('stop(): a request still running when the grace ends is cancelled and answered 503, not reset', async () => {
    const closing = await startExtra({ shutdownGraceMs: 500 });
    const running = apiWithToken(closing, '/api/commands', { command: 'slow', options: { ms: 30_000 }, user: { id: 's3', name: 'S' } });
    await new Promise((r) => setTimeout(r, 300));
    await closing.stop();
    const answer = await running;
    expect(answer.status).toBe(503);
    expect(answer.json.text).toMatch(/shutting down/);
  });
});

