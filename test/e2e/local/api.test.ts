import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { apiWithToken, openBrowserSession, TEST_API_TOKEN, type ServerEvent } from './api-client.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
});

const api = (path: string, body?: unknown) => apiWithToken(server, path, body);

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
    const { status, json } = await api('/api/commands', { command: 'train', options: { dataset: 'donut' }, user: { id: 'u2', name: 'Bo' } });
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
    const response = await fetch(`${server.url}/api/commands`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' }, body: 'not json' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/JSON object/);
  });

  it('lists commands and options for autocomplete, and completes free-text options', async () => {
    const { json } = await api('/api/catalogue');
    const train = json.commands.find((c: { name: string }) => c.name === 'train');
    expect(train.options.find((o: { name: string }) => o.name === 'dataset').hasAutocomplete).toBe(true);
    const { json: datasets } = await api('/api/autocomplete?command=train&option=dataset&partial=sp');
    expect(datasets.suggestions).toContain('spiral');
    const { json: completion } = await api('/api/autocomplete?command=train&option=features&partial=x1,x2,x1');
    expect(completion.suggestions).toContain('x1,x2,x1sq');
  });
});

describe('local chat shared channel', () => {
  it('shows one person\'s command and the bot\'s answer to everyone, but their error only to them', async () => {
    const costAnswer = (events: ServerEvent[]) =>
      events.some((e) => e.event === 'message' && e.data.author.isBot && e.data.text?.includes('4,674'));
    const [bobSession, adaSession] = [await openBrowserSession(server, 'Bob'), await openBrowserSession(server, 'Ada')];
    const bob = bobSession.listen('Bob', costAnswer);
    const ada = adaSession.listen('Ada', costAnswer);
    await new Promise((r) => setTimeout(r, 200));
    const bad = await adaSession.post('/api/chat', { text: '/train dataset:donut', user: { name: 'Ada' } });
    expect(bad.status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    await adaSession.post('/api/chat', { text: '/cost layers:5,64,64,2', user: { name: 'Ada' } });
    const [bobEvents, adaEvents] = await Promise.all([bob, ada]);
    const texts = (events: ServerEvent[]) => events.filter((e) => e.event === 'message').map((e) => String(e.data.text ?? ''));
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
