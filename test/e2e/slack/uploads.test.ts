/**
 * Data files in Slack, through the real Bolt app against the fake Slack: a command names a file
 * shared in the channel (by name, id or link), the adapter finds it (conversations.history,
 * files.info) and the command downloads it with the bot token; `data:paste` opens a modal whose
 * submission runs the command on the pasted text. Each refusal (not found, not shared here, too
 * big, wrong type, foreign host, a stalled download, missing scopes) is private and downloads nothing it need not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import type { ChatAttachment } from '../../../src/chat/types.ts';
import { blocksText, CHANNEL_ID, postAction, postSigned, slashCommandFields, startHttpHarness, viewSubmissionPayload, type HttpHarness } from './harness.ts';

const CSV = 'x1,x2,label\n1.5,2,1\n-1,-2.5,-1\n';
const MAX_BYTES = 10_000;

/** What the command saw, per run. */
const seen: { options: Record<string, unknown>; attachments: Pick<ChatAttachment, 'name' | 'contentType' | 'sizeBytes'>[]; userId: string; channelId: string }[] = [];

const readFile = defineCommand({
  name: 'readfile',
  description: 'Reads a data file (test command)',
  heavy: true,
  options: [
    { name: 'data', type: 'attachment', description: 'A CSV or JSON file', required: true },
    { name: 'note', type: 'string', description: 'Anything' },
    { name: 'repeat', type: 'integer', description: 'A bounded number', min: 1, max: 3 },
  ],
  async run(ctx) {
    seen.push({
      options: { ...ctx.options },
      attachments: ctx.attachments.map(({ name, contentType, sizeBytes }) => ({ name, contentType, sizeBytes })),
      userId: ctx.caller.userId,
      channelId: ctx.caller.channelId,
    });
    const file = ctx.attachments.find((a) => a.name === ctx.options.data);
    if (!file) throw new Error('the option names no attachment');
    const bytes = await file.read(MAX_BYTES, ctx.signal);
    await ctx.reply(`Read ${bytes.length} bytes from ${file.name}; first line: ${bytes.toString('utf8').split('\n')[0]}`);
  },
});

let h: HttpHarness;

beforeAll(async () => {
  // the fake's loopback origin is trusted for downloads only because this test says so
  h = await startHttpHarness([readFile], (fake) => ({ fileHosts: [fake.origin], fileTimeoutMs: 1500 }));
});
afterAll(async () => h?.stop());

/** Runs `/readfile <text>` and resolves with the text of its last answer through response_url, and whether it was private. */
async function run(harness: HttpHarness, text: string): Promise<{ text: string; ephemeral: boolean; responseUrl: string }> {
  const fields = slashCommandFields(harness.fake, '/readfile', text);
  const posted = await postSigned(harness.eventsUrl, fields);
  expect(posted.status).toBe(200);
  const answer = await harness.fake.waitFor(() => {
    const posts = harness.fake.responsesTo(fields.response_url).filter((p) => p.accepted && !p.body.delete_original);
    const last = posts.at(-1);
    return last && !blocksText(last.body.blocks).includes('Working on') ? last : undefined;
  }, `the answer to /readfile ${text}`);
  return { text: blocksText(answer.body.blocks), ephemeral: answer.body.response_type === 'ephemeral', responseUrl: fields.response_url };
}

describe('a file shared in the channel', () => {
  it('named by its file name → found in the channel history, described by files.info, downloaded with the bot token', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'moons.csv', CSV);
    const answer = await run(h, 'data:moons.csv note:hi');
    expect(answer.text).toContain(`Read ${Buffer.byteLength(CSV)} bytes from moons.csv; first line: x1,x2,label`);
    expect(answer.ephemeral).toBe(false);
    expect(seen.at(-1)).toMatchObject({ options: { data: 'moons.csv', note: 'hi' }, attachments: [{ name: 'moons.csv', contentType: 'text/csv', sizeBytes: Buffer.byteLength(CSV) }] });
    expect(h.fake.callsOf('conversations.history').at(-1)?.args).toMatchObject({ channel: CHANNEL_ID });
    expect(h.fake.callsOf('files.info').at(-1)?.args).toMatchObject({ file: file.id });
    expect(h.fake.downloadsOf(String(file.id))).toEqual([{ path: expect.stringContaining('/download/moons.csv'), authorization: `Bearer ${h.fake.botToken}` }]);
  });

  it('named by its file id, or by a link to it → the same file, and the option holds the file name', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'spiral.csv', CSV);
    expect((await run(h, `data:${String(file.id)}`)).text).toContain('from spiral.csv');
    expect(seen.at(-1)?.options.data).toBe('spiral.csv');
    expect((await run(h, `data:<${String(file.permalink)}>`)).text).toContain('from spiral.csv');
  });

  it('two files of the same name → the newest one', async () => {
    h.fake.shareFile(CHANNEL_ID, 'twice.csv', 'x1,x2,label\nold\n');
    const newer = h.fake.shareFile(CHANNEL_ID, 'twice.csv', 'x1,x2,label\nnew\n');
    await run(h, 'data:twice.csv');
    expect(h.fake.downloadsOf(String(newer.id))).toHaveLength(1);
  });

  it('the private URL without the bot token → Slack (the fake) redirects to sign-in instead of serving it', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'secret.csv', CSV);
    const response = await fetch(String(file.url_private_download), { redirect: 'manual' });
    expect(response.status).toBe(302);
  });
});

describe('refusals are private and download nothing they need not', () => {
  it('no file of that name in the channel → says to share it first or paste it', async () => {
    const answer = await run(h, 'data:nowhere.csv');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('cannot find a file named `nowhere.csv`');
    expect(answer.text).toContain('data:paste');
  });

  it('a file id shared only in another channel → refused as not shared here, not downloaded', async () => {
    const file = h.fake.shareFile('C0OTHER', 'elsewhere.csv', CSV);
    const answer = await run(h, `data:${String(file.id)}`);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('`elsewhere.csv` is not shared in this channel');
    expect(h.fake.downloadsOf(String(file.id))).toEqual([]);
  });

  it('a deleted file → "There is no file … (any more)"', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'gone.csv', CSV);
    h.fake.sharedFiles.get(String(file.id))!.isDeleted = true;
    const answer = await run(h, `data:${String(file.id)}`);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain(`There is no file \`${String(file.id)}\` (any more)`);
  });

  it('a size over the cap → "at most", nothing downloaded', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'huge.csv', CSV, { reportedSize: 30_000_000 });
    const answer = await run(h, 'data:huge.csv');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('`huge.csv` is 30 MB; files may be at most 10 kB');
    expect(h.fake.downloadsOf(String(file.id))).toEqual([]);
  });

  it('a picture → names its type and what is accepted, nothing downloaded', async () => {
    const file = h.fake.shareFile(CHANNEL_ID, 'cat.png', Buffer.from([0x89, 0x50]), { mimetype: 'image/png' });
    const answer = await run(h, 'data:cat.png');
    expect(answer.text).toContain('`cat.png` is `image/png`; I can read a CSV or JSON file');
    expect(h.fake.downloadsOf(String(file.id))).toEqual([]);
  });

  it('a file whose URL points at a foreign host → refused naming the host, the token never sent there', async () => {
    const before = h.fake.fileDownloads.length;
    h.fake.shareFile(CHANNEL_ID, 'phish.csv', CSV, { urlOverride: 'https://evil.example/phish.csv' });
    const answer = await run(h, 'data:phish.csv');
    expect(answer.text).toContain("`phish.csv` is not on Slack's own file servers (it points at `evil.example`)");
    expect(h.fake.fileDownloads.length).toBe(before);
  });

  it('a download that stalls → refused after the deadline', async () => {
    h.fake.shareFile(CHANNEL_ID, 'slow.csv', CSV, { stall: true });
    const answer = await run(h, 'data:slow.csv');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('Downloading `slow.csv` from Slack took longer than 2 s');
  });

  it('the app was installed without files:read → says which scopes to add', async () => {
    h.fake.shareFile(CHANNEL_ID, 'scoped.csv', CSV);
    h.fake.missingScopes.add('files:read');
    try {
      const answer = await run(h, 'data:scoped.csv');
      expect(answer.ephemeral).toBe(true);
      expect(answer.text).toContain('`files:read` and `channels:history`');
    } finally {
      h.fake.missingScopes.delete('files:read');
    }
  });
});

describe('data:paste', () => {
  async function openPasteBox(text: string) {
    const count = h.fake.openedViews.length;
    const fields = slashCommandFields(h.fake, '/readfile', text);
    const posted = await postSigned(h.eventsUrl, fields);
    expect(posted.status).toBe(200);
    const opened = await h.fake.waitFor(() => h.fake.openedViews[count], 'views.open');
    expect(opened.triggerId).toBe(fields.trigger_id);
    return { opened, fields };
  }

  it('opens a modal with a multiline CSV box; submitting runs the command on the text and answers where it was typed', async () => {
    const { opened, fields } = await openPasteBox('data:paste note:pasted');
    const input = (opened.view.blocks as { type: string; element?: { type: string; multiline?: boolean } }[]).find((b) => b.type === 'input');
    expect(input?.element).toMatchObject({ type: 'plain_text_input', multiline: true });
    const ack = await postAction(h.eventsUrl, viewSubmissionPayload(opened, { pasted_data: { csv: CSV } }));
    expect(ack.status).toBe(200);
    expect(ack.json?.response_action).toBeUndefined(); // the modal closes
    const answer = await h.fake.waitFor(
      () => h.fake.responsesTo(fields.response_url).find((p) => blocksText(p.body.blocks).includes('Read ')),
      'the answer through the slash command response_url',
    );
    expect(blocksText(answer.body.blocks)).toContain(`Read ${Buffer.byteLength(CSV)} bytes from pasted.csv; first line: x1,x2,label`);
    expect(seen.at(-1)).toMatchObject({ options: { data: 'pasted.csv', note: 'pasted' }, userId: 'U0STUDENT', channelId: CHANNEL_ID });
  });

  it('a mistake in the other options → told at once, privately, and no modal opens', async () => {
    const count = h.fake.openedViews.length;
    const fields = slashCommandFields(h.fake, '/readfile', 'data:paste repeat:9');
    await postSigned(h.eventsUrl, fields);
    const answer = await h.fake.waitFor(() => h.fake.responsesTo(fields.response_url)[0], 'the refusal');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksText(answer.body.blocks)).toContain('`repeat`');
    expect(h.fake.openedViews.length).toBe(count);
  });

  it('an empty box → the modal stays open with an error under the box, nothing runs', async () => {
    const { opened } = await openPasteBox('data:paste');
    const runs = seen.length;
    const ack = await postAction(h.eventsUrl, viewSubmissionPayload(opened, { pasted_data: { csv: '  \n ' } }));
    expect(ack.json).toEqual({ response_action: 'errors', errors: { pasted_data: expect.stringContaining('header row') } });
    expect(seen.length).toBe(runs);
  });

  it('a submission whose metadata sends the answer to a foreign URL → ignored, nothing runs', async () => {
    const { opened } = await openPasteBox('data:paste');
    const runs = seen.length;
    const metadata = JSON.parse(String(opened.view.private_metadata));
    const forged = { ...opened, view: { ...opened.view, private_metadata: JSON.stringify({ ...metadata, responseUrl: 'https://evil.example/hook' }) } };
    const ack = await postAction(h.eventsUrl, viewSubmissionPayload(forged, { pasted_data: { csv: CSV } }));
    expect(ack.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.length).toBe(runs);
  });
});

describe('a public channel the bot has not joined', () => {
  it('→ it joins (channels:join) and finds the file; a private one it cannot join → "invite me"', async () => {
    const harness = await startHttpHarness([readFile], (fake) => ({ fileHosts: [fake.origin] }), { channelsWithoutBot: [CHANNEL_ID, 'G0PRIVATE'] });
    try {
      harness.fake.shareFile(CHANNEL_ID, 'moons.csv', CSV);
      expect((await run(harness, 'data:moons.csv')).text).toContain('from moons.csv');
      expect(harness.fake.callsOf('conversations.join').map((c) => c.args.channel)).toEqual([CHANNEL_ID]);
      // a private channel (G…) cannot be joined: the student is told to invite the bot
      harness.fake.shareFile('G0PRIVATE', 'secret.csv', CSV);
      const fields: Record<string, string> = { ...slashCommandFields(harness.fake, '/readfile', 'data:secret.csv'), channel_id: 'G0PRIVATE' };
      await postSigned(harness.eventsUrl, fields);
      const refusal = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url!).find((p) => p.body.response_type === 'ephemeral'), 'the refusal');
      expect(blocksText(refusal.body.blocks)).toContain('/invite @nn-tutor');
      expect(harness.fake.callsOf('conversations.join')).toHaveLength(1);
    } finally {
      await harness.stop();
    }
  });
});

describe('without explicit configuration', () => {
  it('the app trusts only files.slack.com → a file on the fake (127.0.0.1) is refused as foreign, never fetched', async () => {
    const plain = await startHttpHarness([readFile]);
    try {
      plain.fake.shareFile(CHANNEL_ID, 'moons.csv', CSV);
      const answer = await run(plain, 'data:moons.csv');
      expect(answer.ephemeral).toBe(true);
      expect(answer.text).toContain("is not on Slack's own file servers (it points at `127.0.0.1:");
      expect(plain.fake.fileDownloads).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
