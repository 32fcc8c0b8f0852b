/**
 * Own data on Discord with the real commands, router, worker pool and store: a two-moons CSV
 * attached to `/train data:` is described with a scatter plot, then trained, with PNGs; bad files
 * and refused downloads get a private message and leave the store's tables as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { closeStore, getStore, type Store } from '../../../src/store/index.ts';
import { savedDatasetTables } from '../../store/under-test.ts';
import type { FakeAttachmentJson, FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { twoMoonsCsv } from '../../tutor/user-datasets/two-moons.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let dataDir: string;
let store: Store;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-discord-own-data-'));
  closeStore();
  store = getStore({ dataDir }); // SQLite, or Postgres in the suite's Postgres run
  const commands = await loadCommands();
  // the fake CDN's loopback origin is trusted only because this test says so
  h = await startHarness(commands, (fake) => ({ attachmentHosts: [fake.cdn.origin], attachmentTimeoutMs: 1500 }));
  await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, guildId: h.fake.guild.id, apiUrl: h.fake.apiUrl }, commands);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await closeJobPool();
  closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every row of the saved-dataset tables: what "the store is unchanged" compares. */
const tables = () => savedDatasetTables(store);
const isEphemeral = (message: StoredMessage) => (message.flags & MESSAGE_FLAGS.ephemeral) !== 0;

/** The first visible answer: @original once it is no longer loading, else the first follow-up. */
function firstAnswer(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const original = h.fake.original(interaction);
    if (original && !original.isLoading && original.content && !original.content.startsWith('⏳')) return original;
    return h.fake.followUps(interaction).find((m) => m.content);
  }, 'the answer', 90_000);
}

async function expectPngs(message: StoredMessage, names: string[]): Promise<void> {
  expect(message.attachments.map((a) => a.filename)).toEqual(names);
  for (const attachment of message.attachments) {
    expect(attachment.contentType).toBe('image/png');
    const image = await loadImage(attachment.data);
    expect(image.width).toBeGreaterThan(50);
  }
}

describe('/train data:<two-moons.csv> activation:relu on Discord', () => {
  let interaction: FakeInteraction;
  let upload: FakeAttachmentJson;

  beforeAll(async () => {
    upload = h.fake.cdn.upload('moons.csv', twoMoonsCsv(300, 0.1, 7));
    interaction = h.fake.runSlashCommand('train', { data: upload, activation: 'relu' });
  }, 120_000);

  it('describes the data with a scatter plot first (points per class), downloaded once from the CDN', async () => {
    const described = await firstAnswer(interaction);
    expect(described.content).toContain('**moons.csv**: 300 points');
    await expectPngs(described, ['dataset.png']);
    expect(h.fake.cdn.downloadsOf(upload)).toBe(1);
  }, 120_000);

  it('then trains: a follow-up with the boundary and loss PNGs and ≥ 95 % test accuracy, and remembers the data', async () => {
    const trained = await h.fake.waitFor(() => h.fake.followUps(interaction).find((m) => m.attachments.some((a) => a.filename === 'boundary.png')), 'the trained result', 90_000);
    await expectPngs(trained, ['boundary.png', 'loss.png']);
    expect(trained.content).toMatch(/\*\*moons\.csv\*\*.*relu/);
    const accuracy = Number(/test accuracy \*\*([\d.]+) ?%\*\*/i.exec(trained.content)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(95);
    expect((await tables()).last).toContainEqual({ owner_key: `discord:${h.fake.members.student.user.id}`, points: 300 });
    expect(h.fake.violations).toEqual([]);
  }, 120_000);
});

describe('bad files on Discord get a private message and the store is unchanged', () => {
  const cases: [string, () => FakeAttachmentJson, RegExp, { downloads: number }][] = [
    ['too big as Discord reports it', () => h.fake.cdn.upload('big.csv', 'x1,x2,label\n1,2,1\n', { reportedSize: 50_000_000 }), /`big\.csv` is .*MB.*at most/, { downloads: 0 }],
    ['a picture', () => h.fake.cdn.upload('cat.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: 'image/png' }), /`cat\.png`.*not CSV or JSON|`cat\.png` is `image\/png`/, { downloads: 0 }],
    ['a foreign host', () => h.fake.cdn.upload('moons.csv', 'x1,x2,label\n', { urlOverride: 'https://evil.example/moons.csv' }), /not on Discord's own file servers/, { downloads: 0 }],
    ['a stalled download', () => h.fake.cdn.upload('slow.csv', twoMoonsCsv(40), { stall: true }), /took longer than/, { downloads: 1 }],
    ['a binary file named .csv', () => h.fake.cdn.upload('book.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0])), /binary file, not text/, { downloads: 1 }],
    ['a missing column', () => h.fake.cdn.upload('cols.csv', 'x1,x2\n1,2\n'), /has no column 'label'; found x1, x2/, { downloads: 1 }],
  ];
  it.each(cases)('%s → private refusal, store unchanged', async (_name, make, message, expected) => {
    const before = await tables();
    const upload = make();
    const answer = await firstAnswer(h.fake.runSlashCommand('train', { data: upload }));
    expect(isEphemeral(answer)).toBe(true);
    expect(answer.content).toMatch(message);
    expect(answer.attachments).toEqual([]);
    expect(h.fake.cdn.downloadsOf(upload)).toBe(expected.downloads);
    expect(await tables()).toEqual(before);
  }, 60_000);
});
