import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0 }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
});

async function api(path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(server.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

describe('local chat JSON API', () => {
  it('answers GET /healthz once the server is ready', async () => {
    const { status, json } = await api('/healthz');
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(json.commands).toBeGreaterThanOrEqual(9);
  });

  it('runs a command to completion and answers with the final Reply as JSON', async () => {
    const { status, json } = await api('/api/commands', { command: 'cost', options: { layers: '5,64,64,2', points: 2000 }, user: { id: 'u1', name: 'Ada' } });
    expect(status).toBe(200);
    expect(json.error).toBeUndefined();
    expect(json.data.params).toBe(4674);
    expect(json.text).toContain('4,674');
  });

  it('answers a user error with HTTP 400 and the message naming the option', async () => {
    const { status, json } = await api('/api/commands', { command: 'train', options: { dataset: 'moons' }, user: { id: 'u2', name: 'Bo' } });
    expect(status).toBe(400);
    expect(json.error.kind).toBe('user');
    expect(json.text).toContain('`dataset`');
    expect(json.text).toContain('spiral');
  });

  it('answers an unknown command with HTTP 400 and a pointer to /help', async () => {
    const { status, json } = await api('/api/commands', { command: 'trian', options: {}, user: { id: 'u3', name: 'Cy' } });
    expect(status).toBe(400);
    expect(json.text).toContain('Did you mean `/train`?');
  });

  it('refuses a body that is not JSON with 400 and a message', async () => {
    const response = await fetch(`${server.url}/api/commands`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/JSON object/);
  });

  it('lists commands and options for autocomplete, and completes free-text options', async () => {
    const { json } = await api('/api/catalogue');
    const train = json.commands.find((c: { name: string }) => c.name === 'train');
    expect(train.options.find((o: { name: string }) => o.name === 'dataset').choices).toContain('spiral');
    const { json: completion } = await api('/api/autocomplete?command=train&option=features&partial=x1,x2,x1');
    expect(completion.suggestions).toContain('x1,x2,x1sq');
  });
});

/** Reads server-sent events from /events as one user until `until` says stop. */
async function listen(userId: string, name: string, until: (events: { event: string; data: any }[]) => boolean): Promise<{ event: string; data: any }[]> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/events?userId=${userId}&name=${name}`, { signal: controller.signal });
  const events: { event: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 20_000);
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (until(events)) break;
    }
  } catch {
    // aborted at the deadline: return what arrived
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return events;
}

describe('local chat shared channel', () => {
  it('shows one person\'s command and the bot\'s answer to everyone, but their error only to them', async () => {
    const costAnswer = (events: { event: string; data: any }[]) =>
      events.some((e) => e.event === 'message' && e.data.author.isBot && e.data.text?.includes('4,674'));
    const bob = listen('bob', 'Bob', costAnswer);
    const ada = listen('ada', 'Ada', costAnswer);
    await new Promise((r) => setTimeout(r, 200));
    const bad = await api('/api/chat', { text: '/train dataset:moons', user: { id: 'ada', name: 'Ada' } });
    expect(bad.status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    await api('/api/chat', { text: '/cost layers:5,64,64,2', user: { id: 'ada', name: 'Ada' } });
    const [bobEvents, adaEvents] = await Promise.all([bob, ada]);
    const texts = (events: { event: string; data: any }[]) => events.filter((e) => e.event === 'message').map((e) => String(e.data.text ?? ''));
    expect(texts(bobEvents)).toContain('/cost layers:5,64,64,2');
    expect(texts(bobEvents).some((t) => t.includes('4,674'))).toBe(true);
    expect(texts(adaEvents).some((t) => t.includes('`dataset` must be one of'))).toBe(true);
    expect(texts(bobEvents).some((t) => t.includes('`dataset` must be one of'))).toBe(false);
    expect(bobEvents.find((e) => e.event === 'presence')?.data.names).toEqual(expect.arrayContaining(['Bob']));
  });

  it('runs a button click through POST /api/components and answers with the new result', async () => {
    const first = await api('/api/commands', { command: 'train', options: { dataset: 'gauss', epochs: 10 }, user: { id: 'u9', name: 'Di' } });
    expect(first.status).toBe(200);
    expect(first.json.images.map((i: { name: string }) => i.name)).toHaveLength(2);
    expect(first.json.images.every((i: { alt: string; base64: string }) => i.alt.length > 10 && i.base64.length > 100)).toBe(true);
    const again = first.json.buttons.flat().find((b: { label: string }) => b.label === 'Train again with a new seed');
    const clicked = await api('/api/components', { id: again.id, user: { id: 'u9', name: 'Di' } });
    expect(clicked.status).toBe(200);
    expect(clicked.json.text).toMatch(/Di trained again with seed \d+/);
    expect(clicked.json.progressUpdates).toBeGreaterThan(0);
  });
});
