/**
 * Files attached to a slash command's attachment option, through the real discord.js Client and
 * router against the fake Discord and its fake CDN: the command gets a ChatAttachment named after
 * the file; too big, wrong type, foreign host, an expired link and a stalled download are each
 * refused privately before (or while) downloading, and the fake CDN is trusted only when told to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import type { ChatAttachment } from '../../../src/chat/types.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { startHarness, startRegisteredHarness, type Harness } from './harness.ts';

const CSV = 'x1,x2,label\n1.5,2,1\n-1,-2.5,-1\n';
/** The most bytes the test command reads (the real commands pass the bot's upload limit). */
const MAX_BYTES = 10_000;

/** What the command saw, per run. */
const seen: { option: unknown; attachments: Pick<ChatAttachment, 'name' | 'contentType' | 'sizeBytes'>[] }[] = [];

/** Reads the file its `data` option names and answers with the byte count and the first line. */
const readFile = defineCommand({
  name: 'readfile',
  description: 'Reads an attached data file (test command)',
  heavy: true,
  options: [
    { name: 'data', type: 'attachment', description: 'A CSV or JSON file', required: true },
    { name: 'note', type: 'string', description: 'Anything', required: false },
  ],
  async run(ctx) {
    seen.push({ option: ctx.options.data, attachments: ctx.attachments.map(({ name, contentType, sizeBytes }) => ({ name, contentType, sizeBytes })) });
    const file = ctx.attachments.find((a) => a.name === ctx.options.data);
    if (!file) throw new Error('the option names no attachment');
    const bytes = await file.read(MAX_BYTES, ctx.signal);
    await ctx.reply(`Read ${bytes.length} bytes from ${file.name}; first line: ${bytes.toString('utf8').split('\n')[0]}`);
  },
});

let h: Harness;

beforeAll(async () => {
  // the fake CDN's loopback origin is trusted only because this test says so
  h = await startRegisteredHarness([readFile], (fake) => ({ attachmentHosts: [fake.cdn.origin], attachmentTimeoutMs: 1500 }));
});
afterAll(async () => h?.close());

const isEphemeral = (message: StoredMessage) => (message.flags & MESSAGE_FLAGS.ephemeral) !== 0;

/** The interaction's visible answer: @original once it is no longer loading, else its first follow-up. */
function answerOf(harness: Harness, interaction: FakeInteraction): Promise<StoredMessage> {
  return harness.fake.waitFor(() => {
    const original = harness.fake.original(interaction);
    if (original && !original.isLoading && original.content) return original;
    return harness.fake.followUps(interaction).find((m) => m.content);
  }, 'the answer');
}

describe('a CSV attached to an attachment option', () => {
  it('registers the option as ATTACHMENT (11) without choices or autocomplete, and Discord accepts it', () => {
    const command = h.fake.guildCommands.find((c) => c.name === 'readfile');
    expect(command?.options?.[0]).toEqual({ type: 11, name: 'data', description: 'A CSV or JSON file', required: true });
    expect(h.fake.violations).toEqual([]);
  });

  it('→ the command gets the file under its name and reads its bytes from the CDN', async () => {
    const file = h.fake.cdn.upload('moons.csv', CSV);
    const interaction = h.fake.runSlashCommand('readfile', { data: file, note: 'hi' });
    const answer = await answerOf(h, interaction);
    expect(answer.content).toBe(`Read ${Buffer.byteLength(CSV)} bytes from moons.csv; first line: x1,x2,label`);
    expect(isEphemeral(answer)).toBe(false);
    expect(seen.at(-1)).toEqual({ option: 'moons.csv', attachments: [{ name: 'moons.csv', contentType: 'text/csv; charset=utf-8', sizeBytes: Buffer.byteLength(CSV) }] });
    expect(h.fake.cdn.downloadsOf(file)).toBe(1);
    expect(h.fake.violations).toEqual([]);
  });

  it('a JSON file without a content type → accepted by its .json name', async () => {
    const file = h.fake.cdn.upload('points.json', '{"points":[[1,2,1]]}', { contentType: null });
    const answer = await answerOf(h, h.fake.runSlashCommand('readfile', { data: file }));
    expect(answer.content).toContain('from points.json; first line: {"points"');
  });
});

describe('refusals are private and download nothing they need not', () => {
  async function refusal(file: ReturnType<Harness['fake']['cdn']['upload']>): Promise<string> {
    const answer = await answerOf(h, h.fake.runSlashCommand('readfile', { data: file }));
    expect(isEphemeral(answer)).toBe(true);
    return answer.content;
  }

  it('a size over the cap (as Discord reports it) → "at most", nothing downloaded', async () => {
    const file = h.fake.cdn.upload('huge.csv', CSV, { reportedSize: 25_000_000 });
    const message = await refusal(file);
    expect(message).toContain('`huge.csv` is 25 MB; files may be at most 10 kB');
    expect(h.fake.cdn.downloadsOf(file)).toBe(0);
  });

  it('a picture → names its type and what is accepted, nothing downloaded', async () => {
    const file = h.fake.cdn.upload('cat.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: 'image/png' });
    const message = await refusal(file);
    expect(message).toContain('`cat.png` is `image/png`; I can read a CSV or JSON file');
    expect(h.fake.cdn.downloadsOf(file)).toBe(0);
  });

  it('an attachment pointing at a foreign host → refused naming the host, nothing fetched anywhere', async () => {
    const before = h.fake.cdn.requests.length;
    const message = await refusal(h.fake.cdn.upload('moons.csv', CSV, { urlOverride: 'https://evil.example/moons.csv' }));
    expect(message).toContain("is not on Discord's own file servers (it points at `evil.example`)");
    expect(h.fake.cdn.requests.length).toBe(before);
  });

  it('an expired or missing file (the CDN answers 404) → asks to upload it again', async () => {
    const file = h.fake.cdn.upload('old.csv', CSV);
    const message = await refusal({ ...file, url: file.url.replace(/hm=[0-9a-f]+/, 'hm=0'), proxy_url: file.url.replace(/hm=[0-9a-f]+/, 'hm=0') });
    expect(message).toContain('Discord did not hand over `old.csv` (HTTP 404)');
  });

  it('a download that stalls → refused after the deadline (1.5 s here)', async () => {
    const message = await refusal(h.fake.cdn.upload('slow.csv', CSV, { stall: true }));
    expect(message).toContain('Downloading `slow.csv` from Discord took longer than 2 s');
  });

  it('more bytes than Discord reported, sent without a length → cut off at the cap while streaming', async () => {
    const file = h.fake.cdn.upload('liar.csv', CSV.repeat(1000), { reportedSize: 100, chunked: true });
    const message = await refusal(file);
    expect(message).toContain('`liar.csv` is bigger than 10 kB');
    expect(h.fake.cdn.downloadsOf(file)).toBe(1);
  });
});

describe('without explicit configuration', () => {
  it('the bot trusts only Discord’s CDN hosts → a file on the fake CDN (127.0.0.1) is refused as foreign', async () => {
    const plain = await startHarness([readFile]);
    try {
      await registerCommands({ token: plain.fake.token, clientId: plain.fake.applicationId, guildId: plain.fake.guild.id, apiUrl: plain.fake.apiUrl }, [readFile]);
      const file = plain.fake.cdn.upload('moons.csv', CSV);
      const answer = await answerOf(plain, plain.fake.runSlashCommand('readfile', { data: file }));
      expect(isEphemeral(answer)).toBe(true);
      expect(answer.content).toContain("is not on Discord's own file servers (it points at `127.0.0.1:");
      expect(plain.fake.cdn.requests).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
