/**
 * The real commands from commands/ (loaded with loadCommands, as src/main.ts does) through the
 * real Bolt app in HTTP mode: `/train` trains, reports progress, uploads its PNGs through the
 * three-step upload, and its "Train again with a new seed" button trains again.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import type { FakeFile } from '../../fakes/slack/fake-slack.ts';
import { blocksText, buttonClickPayload, buttonsOf, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;
let commands: CommandDef[];

beforeAll(async () => {
  commands = await loadCommands();
  harness = await startHttpHarness(commands);
});

afterAll(async () => {
  await harness?.stop();
});

const STUDENT = { id: 'U0TRAINER', name: 'ada' };

/**
 * PNG files completed after `since` files existed, once at least `count` of them are there; fails
 * at once (with the message) when the tutor answered with an apology instead.
 */
function waitForPngs(since: number, count: number, what: string): Promise<FakeFile[]> {
  return harness.fake.waitFor(() => {
    const apology = harness.fake.responseUrlPosts.find((p) => String(p.body.text ?? '').startsWith('Sorry, something went wrong'));
    if (apology) throw new Error(`the tutor failed instead of answering: ${String(apology.body.text)}`);
    const files = [...harness.fake.files.values()].slice(since).filter((f) => f.completed && f.filename.endsWith('.png'));
    return files.length >= count ? files : undefined;
  }, what, 150_000);
}

describe('Slack: the real /train command', () => {
  it('is registered as a slash command and through /nn', () => {
    expect(commands.map((c) => c.name)).toContain('train');
  });

  it('acks /train, shows progress, answers with the summary and buttons, and uploads PNGs that decode', async () => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/train', 'dataset:xor layers:4 epochs:30 seed:7', STUDENT);
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');

    const pngs = await waitForPngs(filesBefore, 2, 'the /train pictures');
    const posts = harness.fake.responsesTo(fields.response_url);
    expect(posts[0].body.response_type).toBe('in_channel');
    expect(blocksText(posts[0].body.blocks)).toContain('Working on');
    const final = posts.at(-1)!;
    expect(final.body.replace_original).toBe(true);
    expect(posts.slice(1, -1).every((p) => p.body.replace_original === true)).toBe(true);
    expect(posts.every((p) => p.accepted)).toBe(true);
    const labels = buttonsOf(final.body.blocks).map((b) => b.text.text);
    expect(labels).toContain('Train again with a new seed');

    for (const file of pngs) {
      const image = await loadImage(file.data!);
      expect(image.width).toBeGreaterThan(50);
      expect(image.height).toBeGreaterThan(50);
      expect(file.altText?.length).toBeGreaterThan(5);
      expect(file.channelId).toBe('C0COURSE');
    }
  }, 180_000);

  it('trains again when "Train again with a new seed" is clicked, in a new message with new pictures', async () => {
    const fields = slashCommandFields(harness.fake, '/nn', 'train dataset:circle layers:4 epochs:20 seed:3', STUDENT);
    const filesBefore = harness.fake.files.size;
    await postSigned(harness.eventsUrl, fields);
    await waitForPngs(filesBefore, 2, 'the first pictures');
    const final = harness.fake.responsesTo(fields.response_url).at(-1)!;
    const again = buttonsOf(final.body.blocks).find((b) => b.text.text === 'Train again with a new seed')!;
    expect(again.value?.startsWith('train:again')).toBe(true);

    const messagesBefore = harness.fake.messages.length;
    const filesBeforeClick = harness.fake.files.size;
    const click = await postAction(
      harness.eventsUrl,
      buttonClickPayload(harness.fake, { action_id: again.action_id, value: again.value!, text: again.text.text }, undefined, STUDENT),
    );
    expect(click.status).toBe(200);
    const pngs = await waitForPngs(filesBeforeClick, 2, 'the pictures of the second run');
    const answer = harness.fake.messages.slice(messagesBefore).find((m) => m.history.length > 0 && !m.fileIds);
    expect(answer).toBeDefined();
    expect(answer!.history[0].text).toContain('Working on');
    expect(blocksText(answer!.blocks)).not.toContain('Working on');
    expect((await loadImage(pngs[0].data!)).width).toBeGreaterThan(50);
  }, 180_000);

  it('answers /train with an unknown dataset with the allowed values and the usage, only to the caller', async () => {
    const fields = slashCommandFields(harness.fake, '/train', 'dataset:donut', STUDENT);
    await postSigned(harness.eventsUrl, fields);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the error');
    expect(answer.body.response_type).toBe('ephemeral');
    const text = blocksText(answer.body.blocks);
    expect(text).toContain('`dataset` must be one of');
    expect(text).toContain('spiral');
    expect(text).toContain('*Usage:* `/train');
  });
});
