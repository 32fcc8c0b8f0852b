/**
 * The question a /architecture run offers about itself, through the local web chat's JSON API (real
 * command, router, worker pool and store): its buttons carry only an id and a position; the verdict
 * comes from the stored question, for the user who ran the demo, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { apiWithToken, TEST_API_TOKEN } from './api-client.ts';

let server: LocalChatServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-run-questions-'));
  await closeStore();
  getStore({ dataDir });
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
  await closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (p: string, body?: unknown) => apiWithToken(server, p, body);

describe('JSON API: a question about your own /architecture run', () => {
  it('rnn run → a question with lettered buttons; another user is refused, the owner\'s right answer is judged right once', async () => {
    const { status, json } = await api('/api/commands', { command: 'architecture', options: { model: 'rnn', epochs: 2, size: 100, seed: 2 }, user: { id: 'rq-ada', name: 'Ada' } });
    expect(status).toBe(200);
    expect(json.text).toContain('**A question about your run:**');
    expect(json.text).toContain('**A.** fewer than 10 steps');
    const id = json.data.runQuestionId as string;
    const buttons = json.buttons[0] as { id: string; label: string }[];
    expect(buttons.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(buttons.map((b) => b.id)).toEqual([0, 1, 2, 3, 4].map((i) => `architecture:q:${id}:${i}`));
    // the answer is only in the store
    expect(JSON.stringify(json)).not.toMatch(/"answer"/);
    const stored = (await getStore().runQuestions.get(id))!.question as { answer: number; explanation: string };
    const other = await api('/api/components', { id: buttons[stored.answer].id, user: { id: 'rq-bob', name: 'Bob' } });
    expect(other.status).toBe(400);
    expect(other.json.text).toMatch(/someone else's run/);
    const right = await api('/api/components', { id: buttons[stored.answer].id, user: { id: 'rq-ada', name: 'Ada' } });
    expect(right.status).toBe(200);
    expect(right.json.text).toMatch(/^✅ \*\*Right!\*\*/);
    expect(right.json.text).toContain(stored.explanation);
    const again = await api('/api/components', { id: buttons[stored.answer].id, user: { id: 'rq-ada', name: 'Ada' } });
    expect(again.status).toBe(400);
    expect(again.json.text).toMatch(/already answered/);
  }, 240_000);

  it('a wrong button → "Not quite" naming the right choice; a forged position or id → 400 saying what to do', async () => {
    const { json } = await api('/api/commands', { command: 'architecture', options: { model: 'rnn', epochs: 1, size: 60, seed: 5 }, user: { id: 'rq-cy', name: 'Cy' } });
    const id = json.data.runQuestionId as string;
    const stored = (await getStore().runQuestions.get(id))!.question as { answer: number; choices: string[] };
    const forged = await api('/api/components', { id: `architecture:q:${id}:7`, user: { id: 'rq-cy', name: 'Cy' } });
    expect(forged.status).toBe(400);
    expect(forged.json.text).toMatch(/press one of the 5 buttons/);
    const unknown = await api('/api/components', { id: 'architecture:q:AAAAAAAAAAAA:0', user: { id: 'rq-cy', name: 'Cy' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.text).toMatch(/expired/);
    const wrong = (stored.answer + 1) % stored.choices.length;
    const answered = await api('/api/components', { id: `architecture:q:${id}:${wrong}`, user: { id: 'rq-cy', name: 'Cy' } });
    expect(answered.status).toBe(200);
    expect(answered.json.text).toContain(`❌ **Not quite.** The answer is **${stored.choices[stored.answer]}**.`);
  }, 240_000);
});
