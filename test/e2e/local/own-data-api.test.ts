/**
 * Own data over the JSON API: `"attachments": [{"name", "contentType", "base64"}]` with the `data`
 * option naming the file. An upload is described with a scatter plot, then trained; bad files get a
 * 400 with the message and leave the store's tables as they were; saved and shared sets train by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCommands } from '../../../src/chat/registry.ts';
import { perMinute, startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { closeStore, getStore, type Store } from '../../../src/store/index.ts';
import { savedDatasetTables } from '../../store/under-test.ts';
import { apiWithToken, openBrowserSession, TEST_API_TOKEN } from './api-client.ts';
import { twoMoonsCsv } from '../../tutor/user-datasets/two-moons.ts';

const LECTURER_KEY = 'lecturer-key-for-tests';
let server: LocalChatServer;
let dataDir: string;
let store: Store;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-own-data-'));
  closeStore();
  store = getStore({ dataDir }); // SQLite, or Postgres in the suite's Postgres run
    // a test sends far more commands than a person: the rate limits have their own tests
  const generous = perMinute(6_000);
  server = await startLocalChat(
    { host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN, lecturerKey: LECTURER_KEY, rateLimits: { commands: generous, chatLines: generous, clicks: generous } },
    { commands: await loadCommands() },
  );
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
  closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

const file = (name: string, content: string | Buffer, contentType = 'text/csv') => ({ name, contentType, base64: Buffer.from(content).toString('base64') });
const run = (user: string, command: string, options: Record<string, unknown>, attachments?: unknown[], extra: Record<string, unknown> = {}) =>
  apiWithToken(server, '/api/commands', { command, options, user: { id: user, name: user }, ...(attachments ? { attachments } : {}), ...extra });
/** Every row of the saved-dataset tables: what "the store is unchanged" compares. */
const tables = () => savedDatasetTables(store);
const pngSignature = (base64: string) => Buffer.from(base64, 'base64').subarray(0, 8).toString('hex');

describe('uploading data over the JSON API', () => {
  it('a 300-point two-moons CSV with activation:relu → described with a scatter plot, then trained to ≥ 95 % test accuracy with PNGs', async () => {
    const { status, json } = await run('ada', 'train', { data: 'moons.csv', activation: 'relu' }, [file('moons.csv', twoMoonsCsv(300, 0.1, 7))]);
    expect(status).toBe(200);
    expect(json.text).toContain('**moons.csv**: 300 points — classification with 2 classes: 150 blue (+1), 150 orange (−1).');
    expect(json.images.map((i: { name: string }) => i.name)).toEqual(['dataset.png']);
    expect(pngSignature(json.images[0].base64)).toBe('89504e470d0a1a0a');
    const trained = json.followUps[0];
    expect(trained.images.map((i: { name: string }) => i.name)).toEqual(['boundary.png', 'loss.png']);
    expect(trained.images[0].alt).toMatch(/on the moons\.csv dataset/);
    expect(trained.text).toMatch(/\*\*moons\.csv\*\* · features x1, x2 · 2 → 4 → 2 → 1 · relu/);
    expect(trained.data.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
    // the upload is remembered as ada's last data (for /dataset save)
    expect((await tables()).last).toContainEqual({ owner_key: 'local:ada', points: 300 });
  });

  it('/dataset data:<file> describes the data without training, warning about balance and range', async () => {
    const rows = ['x1,x2,label', ...Array.from({ length: 20 }, (_, i) => `${i * 2},${i % 5},${i < 2 ? 1 : 0}`)];
    const { status, json } = await run('bo', 'dataset', { data: 'skewed.csv' }, [file('skewed.csv', rows.join('\n'))]);
    expect(status).toBe(200);
    expect(json.text).toMatch(/⚠ Unbalanced: only 10 % of the points are blue \(\+1\)/);
    expect(json.text).toMatch(/⚠ x1 runs from 0 to 38.*Try `scale:true`/);
    expect(json.images[0].alt).toMatch(/your data skewed\.csv on the plane/);
    expect(json.followUps).toBeUndefined();
  });

  it('a file dropped with just the command (no data: option) is used as the data option', async () => {
    const { status, json } = await run('cy', 'dataset', {}, [file('dropped.csv', twoMoonsCsv(40))]);
    expect(status).toBe(200);
    expect(json.text).toContain('**dropped.csv**: 40 points');
  });

  const bad: [string, unknown, RegExp][] = [
    ['not CSV or JSON', file('notes.txt', 'hello'), /`notes\.txt` is a \.txt file \(text\/csv\), not CSV or JSON/],
    ['a missing column', file('cols.csv', 'x1,x2\n1,2\n'), /has no column 'label'; found x1, x2/],
    ['NaN in a row', file('nan.csv', 'x1,x2,label\n1,2,1\nNaN,1,0\n'), /nan\.csv line 3, column x1: "NaN" is not a finite number/],
    ['one class only', file('one.csv', 'x1,x2,label\n1,2,1\n2,3,1\n'), /one class only/],
    ['an empty file', file('empty.csv', ''), /`empty\.csv` is empty/],
    ['a binary file named .csv', file('bin.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0])), /binary file, not text/],
    ['a spreadsheet formula', file('f.csv', 'x1,x2,label\n=1+1,2,1\n2,3,0\n'), /`=1\+1` is a spreadsheet formula/],
    ['more points than MAX_POINTS', file('many.csv', twoMoonsCsv(2001)), /has 2001 points\. Allowed: at most 2000 points on this bot/],
  ];
  it.each(bad)('a bad file (%s) → 400 with the message, and the store is unchanged', async (_name, attachment, message) => {
    const before = await tables();
    const { status, json } = await run('dee', 'train', { data: (attachment as { name: string }).name }, [attachment]);
    expect(status).toBe(400);
    expect(json.error.kind).toBe('user');
    expect(json.ephemeral).toBe(true);
    expect(json.text).toMatch(message);
    expect(await tables()).toEqual(before);
  });

  it('malformed attachments → 400 (bad base64, not a list) or 413 (too big, judged before decoding), the store unchanged', async () => {
    const before = await tables();
    const notBase64 = await run('dee', 'train', { data: 'x.csv' }, [{ name: 'x.csv', base64: 'not base64!' }]);
    expect(notBase64.status).toBe(400);
    expect(notBase64.json.error.message).toMatch(/not valid base64/);
    const notList = await apiWithToken(server, '/api/commands', { command: 'train', options: {}, attachments: 'x', user: { id: 'dee' } });
    expect(notList.status).toBe(400);
    expect(notList.json.error.message).toMatch(/must be a list of at most 1 file/);
    // 1,420,000 base64 characters stand for 1,065,000 bytes, over the 1 MB default: refused from the length alone
    const big = await run('dee', 'train', { data: 'big.csv' }, [{ name: 'big.csv', base64: 'A'.repeat(1_420_000) }]);
    expect(big.status).toBe(413);
    expect(big.json.error.message).toMatch(/"big\.csv" is 1041 KB; allowed: at most 1024 KB per file/);
    const huge = await run('dee', 'train', { data: 'huge.csv' }, [{ name: 'huge.csv', base64: 'A'.repeat(3_000_000) }]);
    expect(huge.status).toBe(413);
    expect(huge.json.error.message).toMatch(/request body too large/);
    const noFile = await run('dee', 'train', { data: 'gone.csv' });
    expect(noFile.status).toBe(400);
    expect(noFile.json.text).toMatch(/no file came with the command/);
    const fileForCost = await run('dee', 'cost', { layers: '2,1' }, [file('a.csv', 'x1,x2,label\n')]);
    expect(fileForCost.status).toBe(400);
    expect(fileForCost.json.text).toMatch(/\/cost takes no file/);
    expect(await tables()).toEqual(before);
  });
});

describe('saved and shared datasets over the JSON API', () => {
  it('upload → save → train on my:NAME; a lecturer shares → another student trains on class:NAME', async () => {
    await run('eve', 'dataset', { data: 'moons.csv' }, [file('moons.csv', twoMoonsCsv(300, 0.1, 2))]);
    const saved = await run('eve', 'dataset', { action: 'save', name: 'moons' });
    expect(saved.status).toBe(200);
    expect(saved.json.text).toMatch(/Saved \*\*moons\*\* \(300 points/);
    const mine = await run('eve', 'train', { dataset: 'my:moons', epochs: 20 });
    expect(mine.status).toBe(200);
    expect(mine.json.followUps[0].images[0].alt).toMatch(/on the my:moons dataset/);
    // a student cannot share
    const refused = await run('eve', 'dataset', { action: 'share', name: 'moons' });
    expect(refused.status).toBe(400);
    expect(refused.json.text).toMatch(/Only a lecturer can share/);
    // the lecturer (the web chat's lecturer key) uploads, saves and shares their own copy
    const asLecturer = { key: LECTURER_KEY };
    await run('lee', 'dataset', { data: 'class-moons.csv' }, [file('class-moons.csv', twoMoonsCsv(300, 0.1, 5))], asLecturer);
    await run('lee', 'dataset', { action: 'save', name: 'moons' }, undefined, asLecturer);
    const shared = await run('lee', 'dataset', { action: 'share', name: 'moons' }, undefined, asLecturer);
    expect(shared.status).toBe(200);
    expect(shared.json.ephemeral).toBeUndefined();
    const other = await run('fay', 'train', { dataset: 'class:moons', activation: 'relu' });
    expect(other.status).toBe(200);
    expect(other.json.followUps[0].data.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
    const listed = await run('fay', 'dataset', { action: 'list' });
    expect(listed.json.text).toContain('`class:moons` — 300 points');
    const { json: completion } = await apiWithToken(server, '/api/autocomplete?command=train&option=dataset&partial=cla');
    expect(completion.suggestions).toContain('class:moons');
    // Train again on a saved set keeps the points (its button refers to the stored spec)
    const again = mine.json.followUps[0].buttons[0][0];
    const clicked = await apiWithToken(server, '/api/components', { id: again.id, user: { id: 'eve', name: 'eve' } });
    expect(clicked.status).toBe(200);
    expect(clicked.json.text).toMatch(/\*\*my:moons\*\*/);
  });

  it('a name that breaks the rules, or a set that is not there → 400 naming what is allowed', async () => {
    const badName = await run('gus', 'dataset', { action: 'save', name: 'Moons!' });
    expect(badName.status).toBe(400);
    expect(badName.json.text).toMatch(/`name` must be 1–32 lower-case letters, digits, - or _/);
    const missing = await run('gus', 'train', { dataset: 'my:nothing' });
    expect(missing.status).toBe(400);
    expect(missing.json.text).toMatch(/You have no saved dataset called `nothing`/);
    const withNoise = await run('gus', 'train', { dataset: 'my:moons', noise: 20 });
    expect(withNoise.status).toBe(400);
    expect(withNoise.json.text).toMatch(/`noise` shapes generated data; with your own points \(`dataset:my:moons`\) they come as they are/);
    const misspelt = await run('gus', 'train', { dataset: 'spirl' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.text).toMatch(/Did you mean `spiral`\?/);
  });

  it('the web chat (session cookie) sends a file with a typed command line', async () => {
    const browser = await openBrowserSession(server, 'Hana');
    const { status } = await browser.post('/api/chat', { text: '/dataset data:web.csv', user: { name: 'Hana' }, attachments: [file('web.csv', twoMoonsCsv(50))] });
    expect(status).toBe(202);
    const events = await browser.listen('Hana', (seen) => seen.some((e) => /web\.csv\*\*: 50 points/.test(JSON.stringify(e.data))));
    expect(events.some((e) => /dataset\.png|images/.test(JSON.stringify(e.data)))).toBe(true);
    const plain = await browser.post('/api/chat', { text: 'hello', user: { name: 'Hana' }, attachments: [file('web.csv', 'x')] });
    expect(plain.status).toBe(400);
  });
});
