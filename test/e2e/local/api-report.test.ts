/**
 * /report through the local JSON API: the API token holder acts as a lecturer only with
 * `"lecturer": true` in the `user` object; the report's data and CSV files come back in the JSON;
 * a browser session (a student) cannot claim to be a lecturer that way.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import { seedTerm } from '../../../bench/report-seed.ts';
import { kyselyOf } from '../../store/under-test.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { apiWithToken, openBrowserSession } from './api-client.ts';
import { TEST_API_TOKEN } from './api-client.ts';

let server: LocalChatServer;

beforeAll(async () => {
  closeStore();
  const store = getStore({ dataDir: tempDir() }); // SQLite, or Postgres in the suite's Postgres run
  await store.ready(); // migrations first, then the raw seed
  await seedTerm(kyselyOf(store), getContent(), { students: 6, questions: 12, answersPerCard: 3, nowMs: Date.now(), termWeeks: 2 });
  server = await startLocalChat({ host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server?.stop();
  closeStore();
  cleanupTempDirs();
});

describe('JSON API: /report', () => {
  it('the token holder with "lecturer": true gets the class report: data as JSON and the CSV files in base64', async () => {
    const answer = await apiWithToken(server, '/api/commands', { command: 'report', options: { view: 'class' }, user: { id: 'bench-lecturer', name: 'Lecturer', lecturer: true } });
    expect(answer.status).toBe(200);
    expect(answer.json.ephemeral).toBe(true);
    expect(answer.json.data.report.students.length).toBe(6 * answer.json.data.report.sections.length);
    const csv = Buffer.from(answer.json.files[0].base64, 'base64').toString('utf8');
    expect(new Set((parse(csv, { columns: true }) as { user_key: string }[]).map((r) => r.user_key)).size).toBe(6);
  });

  it('without "lecturer": true, or with a non-boolean, the token holder is a student', async () => {
    const student = await apiWithToken(server, '/api/commands', { command: 'report', options: { view: 'class' }, user: { id: 'someone', name: 'Someone' } });
    expect(student.status).toBe(400);
    expect(student.json.error.message).toContain('Only lecturers');
    const forged = await apiWithToken(server, '/api/commands', { command: 'report', options: { view: 'class' }, user: { id: 'someone', name: 'Someone', lecturer: 'yes' } });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.json)).toContain('user.lecturer');
  });

  it('a browser session cannot make itself a lecturer with "lecturer": true', async () => {
    const browser = await openBrowserSession(server, 'Eve');
    const answer = await browser.post('/api/commands', { command: 'report', options: { view: 'class' }, user: { name: 'Eve', lecturer: true } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('Only lecturers');
    expect(answer.json.files).toBeUndefined();
  });
});
