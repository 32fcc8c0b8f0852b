/**
 * Own data in Slack with the real commands, router, worker pool and store: a two-moons CSV shared in
 * the channel and named in `/train data:`, or pasted into the `data:paste` modal, is described with a
 * scatter plot and trained, with PNGs uploaded to the channel; bad files and refused downloads get a
 * private message and leave the store's tables as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { closeStore, getStore, type Store } from '../../../src/store/index.ts';
import { savedDatasetTables } from '../../store/under-test.ts';
import type { FakeFile } from '../../fakes/slack/fake-slack.ts';
import { twoMoonsCsv } from '../../tutor/user-datasets/two-moons.ts';
import { blocksText, CHANNEL_ID, postAction, postSigned, slashCommandFields, startHttpHarness, viewSubmissionPayload, type HttpHarness } from './harness.ts';

let h: HttpHarness;
let dataDir: string;
let store: Store;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-slack-own-data-'));
  closeStore();
  store = getStore({ dataDir }); // SQLite, or Postgres in the suite's Postgres run
  // the fake's loopback origin is trusted for downloads only because this test says so
  h = await startHttpHarness(await loadCommands(), (fake) => ({ fileHosts: [fake.origin], fileTimeoutMs: 1500 }));
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await closeJobPool();
  closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every row of the saved-dataset tables: what "the store is unchanged" compares. */
const tables = () => savedDatasetTables(store);

/** Waits for the channel's uploads to include every name in `names` after `from` uploads, and checks they decode as PNGs. */
async function expectUploadedPngs(from: number, names: string[]): Promise<FakeFile[]> {
  const files = await h.fake.waitFor(() => {
    const fresh = h.fake.uploadsIn(CHANNEL_ID).slice(from);
    return names.every((n) => fresh.some((f) => f.filename === n)) ? fresh : undefined;
  }, `uploads ${names.join(', ')}`, 90_000);
  for (const file of files) {
    expect(file.data?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((await loadImage(file.data!)).width).toBeGreaterThan(50);
  }
  return files;
}

/** Every text posted to a response_url, in order. */
const textsOf = (responseUrl: string) => h.fake.responsesTo(responseUrl).filter((p) => p.accepted).map((p) => blocksText(p.body.blocks));

describe('/train data:moons.csv activation:relu with the file shared in the channel', () => {
  it('describes the data, then trains to ≥ 95 % test accuracy; the pictures (scatter, boundary, loss) are uploaded to the channel', async () => {
    const uploadsBefore = h.fake.uploadsIn(CHANNEL_ID).length;
    const shared = h.fake.shareFile(CHANNEL_ID, 'moons.csv', twoMoonsCsv(300, 0.1, 7));
    const fields = slashCommandFields(h.fake, '/train', 'data:moons.csv activation:relu');
    expect((await postSigned(h.eventsUrl, fields)).status).toBe(200);
    await expectUploadedPngs(uploadsBefore, ['dataset.png', 'boundary.png', 'loss.png']);
    const trained = await h.fake.waitFor(() => textsOf(fields.response_url).find((t) => /test accuracy/i.test(t)), 'the trained result', 90_000);
    expect(textsOf(fields.response_url).join('\n')).toContain('moons.csv*: 300 points');
    expect(Number(/test accuracy \*([\d.]+) ?%\*/i.exec(trained)?.[1])).toBeGreaterThanOrEqual(95);
    expect(h.fake.downloadsOf(String(shared.id))).toHaveLength(1);
    expect((await tables()).last).toContainEqual({ owner_key: 'slack:U0STUDENT', points: 300 });
  }, 120_000);
});

describe('/train data:paste', () => {
  it('pasting 150 two-moons points into the modal → described and trained, PNGs in the channel', async () => {
    const uploadsBefore = h.fake.uploadsIn(CHANNEL_ID).length;
    const viewsBefore = h.fake.openedViews.length;
    const fields = slashCommandFields(h.fake, '/train', 'data:paste activation:relu', { id: 'U0PASTER', name: 'paster' });
    expect((await postSigned(h.eventsUrl, fields)).status).toBe(200);
    const opened = await h.fake.waitFor(() => h.fake.openedViews[viewsBefore], 'the paste modal');
    const csv = twoMoonsCsv(150, 0.1, 3);
    expect(csv.length).toBeLessThanOrEqual(3000);
    const ack = await postAction(h.eventsUrl, viewSubmissionPayload(opened, { pasted_data: { csv } }, { id: 'U0PASTER', name: 'paster' }));
    expect(ack.status).toBe(200);
    await expectUploadedPngs(uploadsBefore, ['dataset.png', 'boundary.png', 'loss.png']);
    expect(textsOf(fields.response_url).join('\n')).toContain('pasted.csv*: 150 points');
    expect((await tables()).last).toContainEqual({ owner_key: 'slack:U0PASTER', points: 150 });
  }, 120_000);
});

describe('bad files in Slack get a private message and the store is unchanged', () => {
  const cases: [string, () => string, RegExp][] = [
    ['too big as Slack reports it', () => String(h.fake.shareFile(CHANNEL_ID, 'big.csv', 'x1,x2,label\n1,2,1\n', { reportedSize: 50_000_000 }).name), /`big\.csv` is .*MB.*at most/],
    ['a picture', () => String(h.fake.shareFile(CHANNEL_ID, 'cat.png', Buffer.from([0x89, 0x50]), { mimetype: 'image/png' }).name), /`cat\.png`.*(not CSV or JSON|`image\/png`)/],
    ['a foreign host', () => String(h.fake.shareFile(CHANNEL_ID, 'far.csv', 'x1,x2,label\n', { urlOverride: 'https://evil.example/far.csv' }).name), /not on Slack's own file servers/],
    ['a file shared only elsewhere', () => String(h.fake.shareFile('C0OTHER', 'other.csv', twoMoonsCsv(40)).id), /not shared in this channel/],
    ['a name nobody shared', () => 'never.csv', /cannot find a file named `never\.csv`/],
    ['a stalled download', () => String(h.fake.shareFile(CHANNEL_ID, 'slow.csv', twoMoonsCsv(40), { stall: true }).name), /took longer than/],
    ['a binary file named .csv', () => String(h.fake.shareFile(CHANNEL_ID, 'book.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0])).name), /binary file, not text/],
  ];
  it.each(cases)('%s → private refusal, store unchanged', async (_name, reference, message) => {
    const before = await tables();
    const fields = slashCommandFields(h.fake, '/train', `data:${reference()}`, { id: 'U0BAD', name: 'bad' });
    await postSigned(h.eventsUrl, fields);
    const refusal = await h.fake.waitFor(() => h.fake.responsesTo(fields.response_url).find((p) => p.body.response_type === 'ephemeral'), 'the refusal', 60_000);
    expect(blocksText(refusal.body.blocks)).toMatch(message);
    expect(await tables()).toEqual(before);
  }, 60_000);
});
