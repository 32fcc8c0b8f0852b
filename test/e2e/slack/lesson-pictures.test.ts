/**
 * Lesson answers are private (ephemeral), and Slack cannot attach files to an ephemeral message:
 * a lesson experiment's pictures go to the student's direct message with the bot
 * (conversations.open + files.uploadV2), and the private answer says so. Without the im:write
 * scope the answer keeps its text and says pictures only come with public replies.
 * The real /lesson command through the real Bolt app in HTTP mode, against the fake Slack.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../src/chat/logger.ts';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import type { ResponseUrlPost } from '../../fakes/slack/fake-slack.ts';
import { blocksText, buttonClickPayload, buttonsOf, CHANNEL_ID, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;
/** A second app whose Web API calls give up after a short deadline, for the "Slack does not answer" case. */
let impatientHarness: HttpHarness;
let commands: CommandDef[];

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  commands = await loadCommands();
  harness = await startHttpHarness(commands);
  impatientHarness = await startHttpHarness(commands, { apiTimeoutMs: 1_500, apiRetries: 0 });
});

afterAll(async () => {
  await harness?.stop();
  await impatientHarness?.stop();
  closeStore();
  cleanupTempDirs();
});

/** The first answer posted to a response_url that satisfies `check`; fails at once on an apology. */
function waitForAnswer(on: HttpHarness, responseUrl: string, check: (text: string) => boolean, what: string): Promise<ResponseUrlPost> {
  return on.fake.waitFor(() => {
    const posts = on.fake.responsesTo(responseUrl);
    const apology = posts.find((p) => blocksText(p.body.blocks).includes('Sorry, something went wrong'));
    if (apology) throw new Error(`the tutor failed instead of answering: ${blocksText(apology.body.blocks)}`);
    return posts.find((p) => check(blocksText(p.body.blocks)));
  }, what, 120_000);
}

/** Opens exercise-1 (its first step shows the circle data) and clicks "▶ Run the experiment"; resolves with the experiment's answer. */
async function runFirstExperiment(student: { id: string; name: string }, on: HttpHarness = harness): Promise<ResponseUrlPost> {
  const fields = slashCommandFields(on.fake, '/lesson', 'name:exercise-1', student);
  expect((await postSigned(on.eventsUrl, fields)).status).toBe(200);
  const step = await waitForAnswer(on, fields.response_url, (text) => text.includes('step 1/'), 'the first lesson step');
  expect(step.body.response_type).toBe('ephemeral');
  const run = buttonsOf(step.body.blocks).find((b) => b.text.text.includes('Run the experiment'));
  expect(run).toBeDefined();
  const click = buttonClickPayload(on.fake, { action_id: run!.action_id, value: run!.value!, text: run!.text.text }, undefined, student);
  expect((await postAction(on.eventsUrl, click)).status).toBe(200);
  return waitForAnswer(on, click.response_url as string, (text) => text.includes('the data'), 'the experiment answer');
}

describe('Slack: pictures of a private lesson answer', () => {
  it('a lesson experiment click → the private answer says the pictures were sent by DM, and the DM holds PNGs that decode', async () => {
    const student = { id: 'U0LEARNER', name: 'lin' };
    const channelUploadsBefore = harness.fake.uploadsIn(CHANNEL_ID).length;
    const answer = await runFirstExperiment(student);

    expect(answer.body.response_type).toBe('ephemeral');
    const text = blocksText(answer.body.blocks);
    expect(text).toContain('Pictures: sent to you in a direct message from nn-tutor.');
    expect(text).not.toContain('Pictures are only posted');

    // the DM is opened with the user id from Slack's signed payload, not anything the message says
    const opens = harness.fake.callsOf('conversations.open');
    expect(opens.map((c) => c.args.users)).toContain(student.id);
    const dm = harness.fake.directMessageChannels.get(student.id);
    expect(dm).toMatch(/^D/);
    const pngs = harness.fake.uploadsIn(dm!).filter((f) => f.completed && f.filename.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(1);
    for (const file of pngs) {
      const image = await loadImage(file.data!);
      expect(image.width).toBeGreaterThan(50);
      expect(file.altText?.length).toBeGreaterThan(5);
    }
    // the DM says what the pictures belong to; nothing was shared with the whole channel
    const dmMessage = harness.fake.messages.find((m) => m.channel === dm && m.fileIds?.length);
    expect(dmMessage?.text).toContain('Run the experiment');
    expect(dmMessage?.text).toContain(`<#${CHANNEL_ID}>`);
    expect(harness.fake.uploadsIn(CHANNEL_ID).length).toBe(channelUploadsBefore);
  }, 150_000);

  it('the app lacks im:write (missing_scope) → the answer still arrives, with the old note and no pictures anywhere', async () => {
    const student = { id: 'U0NOSCOPE', name: 'nora' };
    const filesBefore = harness.fake.files.size;
    harness.fake.missingScopes.add('im:write');
    const warned = vi.spyOn(logger, 'warn');
    try {
      const answer = await runFirstExperiment(student);
      expect(answer.body.response_type).toBe('ephemeral');
      const text = blocksText(answer.body.blocks);
      expect(text).toContain('Pictures are only posted with replies the whole channel sees.');
      expect(text).not.toContain('direct message');
      expect(harness.fake.timeline).toContain('api:conversations.open!missing_scope');
      expect(harness.fake.directMessageChannels.has(student.id)).toBe(false);
      expect([...harness.fake.files.values()].slice(filesBefore)).toEqual([]);
      // one warning for the failed DM, naming Slack's error code
      const dmWarnings = warned.mock.calls.filter((call) => String(call[1]).includes('direct message'));
      expect(dmWarnings).toHaveLength(1);
      expect(dmWarnings[0][0]).toMatchObject({ code: 'missing_scope', user: student.id });
    } finally {
      warned.mockRestore();
      harness.fake.missingScopes.delete('im:write');
    }
  }, 150_000);

  it('conversations.open never answers (timeout) → the answer arrives after the deadline with the old note and no pictures', async () => {
    const student = { id: 'U0WAITING', name: 'wim' };
    const fake = impatientHarness.fake;
    fake.stalledMethods.add('conversations.open');
    try {
      const answer = await runFirstExperiment(student, impatientHarness);
      expect(answer.body.response_type).toBe('ephemeral');
      expect(blocksText(answer.body.blocks)).toContain('Pictures are only posted with replies the whole channel sees.');
      expect(fake.stalledRequests).toContain('/api/conversations.open');
      expect([...fake.files.values()]).toEqual([]);
    } finally {
      fake.stalledMethods.delete('conversations.open');
    }
  }, 150_000);
});
