/**
 * How answers reach Slack when things are not simple: chatty progress, a failure after the
 * "working…" note, a channel the bot has not joined, and edits that replace pictures.
 */
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/chat/errors.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { blocksText, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

function png(widthPx: number): Promise<Buffer> {
  const canvas = createCanvas(widthPx, 8);
  canvas.getContext('2d').fillRect(0, 0, widthPx, 8);
  return canvas.encode('png');
}

const chattyCommand: CommandDef = {
  name: 'chatty',
  description: 'Reports progress fifty times',
  heavy: true,
  options: [],
  async run(ctx) {
    for (let step = 1; step <= 50; step++) await ctx.progress(step / 50, `step ${step}`);
    await ctx.reply('chatty done');
  },
};

const failingCommand: CommandDef = {
  name: 'failing',
  description: 'Fails half way',
  heavy: true,
  options: [],
  async run(ctx) {
    await ctx.progress(0.5, 'half way');
    throw new UserError('That network is too deep for this dataset; try `layers:4`.');
  },
};

const redrawCommand: CommandDef = {
  name: 'redraw',
  description: 'Answers with a picture, then replaces it',
  options: [],
  async run(ctx) {
    await ctx.reply({ text: 'first', images: [{ name: 'a.png', alt: 'first picture', contentType: 'image/png', data: await png(10) }] });
    await ctx.edit({ text: 'second', images: [{ name: 'b.png', alt: 'second picture', contentType: 'image/png', data: await png(20) }] });
  },
};

const talkativeCommand: CommandDef = {
  name: 'talkative',
  description: 'Answers, then follows up six times',
  options: [],
  async run(ctx) {
    await ctx.reply('answer');
    for (let n = 1; n <= 6; n++) await ctx.followUp(`follow-up ${n}`);
  },
};

let harness: HttpHarness;

beforeAll(async () => {
  harness = await startHttpHarness([chattyCommand, failingCommand, redrawCommand, talkativeCommand], { progressIntervalMs: 60_000 }, { channelsWithoutBot: ['C0COURSE'] });
});

afterAll(async () => {
  await harness?.stop();
});

describe('Slack answers', () => {
  it('throttles progress so fifty updates cost one response_url use, leaving room for the result', async () => {
    const fields = slashCommandFields(harness.fake, '/chatty', '', { id: 'U0CHATTY', name: 'chatty' });
    await postSigned(harness.eventsUrl, fields);
    const posts = await harness.fake.waitFor(() => {
      const all = harness.fake.responsesTo(fields.response_url);
      return all.some((p) => blocksText(p.body.blocks).includes('chatty done')) ? all : undefined;
    }, 'the chatty result');
    const progress = posts.filter((p) => blocksText(p.body.blocks).includes('step '));
    expect(progress).toHaveLength(1);
    expect(posts).toHaveLength(3); // working…, one progress, the result
    expect(posts.every((p) => p.accepted)).toBe(true);
  });

  it('removes the public "working…" note when a command fails after it, and tells only the caller why', async () => {
    const fields = slashCommandFields(harness.fake, '/failing', '', { id: 'U0FAIL', name: 'fail' });
    await postSigned(harness.eventsUrl, fields);
    const error = await harness.fake.waitFor(
      () => harness.fake.responsesTo(fields.response_url).find((p) => p.body.response_type === 'ephemeral'),
      'the error',
    );
    expect(blocksText(error.body.blocks)).toContain('too deep for this dataset');
    const posts = harness.fake.responsesTo(fields.response_url);
    const deletion = posts.findIndex((p) => p.body.delete_original === true);
    expect(deletion).toBeGreaterThan(0);
    expect(deletion).toBeLessThan(posts.indexOf(error));
  });

  it('stays within the five uses of a response_url and posts the rest with chat.postMessage', async () => {
    const fields = slashCommandFields(harness.fake, '/talkative', '', { id: 'U0TALK', name: 'talk' });
    await postSigned(harness.eventsUrl, fields);
    await harness.fake.waitFor(() => harness.fake.messages.find((m) => m.text === 'follow-up 6'), 'the last follow-up');
    const viaUrl = harness.fake.responsesTo(fields.response_url);
    expect(viaUrl.map((p) => blocksText(p.body.blocks))).toEqual(['answer', 'follow-up 1', 'follow-up 2', 'follow-up 3', 'follow-up 4']);
    expect(viaUrl.every((p) => p.accepted)).toBe(true);
    expect(harness.fake.messages.filter((m) => m.text?.startsWith('follow-up')).map((m) => m.text)).toEqual(['follow-up 5', 'follow-up 6']);
  });

  it('joins a public channel it is not in before sharing pictures, and an edit replaces the pictures', async () => {
    const fields = slashCommandFields(harness.fake, '/redraw', '', { id: 'U0DRAW', name: 'draw' });
    await postSigned(harness.eventsUrl, fields);
    const second = await harness.fake.waitFor(
      () => [...harness.fake.files.values()].find((f) => f.altText === 'second picture' && f.completed),
      'the second picture',
    );
    // The first attempt failed with not_in_channel; after joining, the upload was made again and shared.
    expect(harness.fake.callsOf('conversations.join').map((c) => c.args.channel)).toEqual(['C0COURSE']);
    const first = [...harness.fake.files.values()].find((f) => f.altText === 'first picture' && f.completed);
    expect(first?.channelId).toBe('C0COURSE');
    expect(first?.isDeleted).toBe(true);
    expect(second.isDeleted).toBeUndefined();
    const texts = harness.fake.responsesTo(fields.response_url).map((p) => blocksText(p.body.blocks));
    expect(texts).toEqual(['first', 'second']);
  });
});

describe('Slack command prefix', () => {
  it('answers /nn-chatty when SLACK_COMMAND_PREFIX is "nn-", and names the prefixed commands in the list', async () => {
    const prefixed = await startHttpHarness([chattyCommand], { commandPrefix: 'nn-' });
    try {
      const fields = slashCommandFields(prefixed.fake, '/nn-chatty', '', { id: 'U0PREFIX', name: 'prefix' });
      expect((await postSigned(prefixed.eventsUrl, fields)).status).toBe(200);
      await prefixed.fake.waitFor(
        () => prefixed.fake.responsesTo(fields.response_url).find((p) => blocksText(p.body.blocks).includes('chatty done')),
        'the prefixed command to answer',
      );
      const list = await postSigned(prefixed.eventsUrl, slashCommandFields(prefixed.fake, '/nn', ''));
      expect(blocksText(list.json?.blocks)).toContain('`/nn-chatty` — Reports progress fifty times');
    } finally {
      await prefixed.stop();
    }
  });
});
