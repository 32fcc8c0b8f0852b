/**
 * A lesson step clicked by its owner takes the place of the clicked private message (Reply
 * `replacesClickedMessage`), as in the web chat and on Discord: Slack cannot chat.update an
 * ephemeral message, so the adapter answers through the click's response_url with
 * `replace_original: true`. An experiment's answer (it has pictures) still comes as a new private
 * message. The real /lesson command through the real Bolt app in HTTP mode, against the fake Slack.
 */
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import type { ResponseUrlPost } from '../../fakes/slack/fake-slack.ts';
import { blocksText, buttonClickPayload, buttonsOf, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

/**
 * Buttons whose private answers ask to replace the clicked message: `stepper:late` after the
 * adapter's own early "working…" acknowledgement (an ephemeral defer), `stepper:picture` with a picture.
 */
const stepperCommand: CommandDef = {
  name: 'stepper',
  description: 'Private steps that replace the clicked message',
  options: [],
  async run(ctx) {
    await ctx.reply({ text: 'stepper start', ephemeral: true });
  },
  async onComponent(ctx) {
    if (ctx.action === 'late') {
      await ctx.defer({ ephemeral: true });
      await ctx.reply({ text: 'stepper late step', ephemeral: true, replacesClickedMessage: true });
    } else {
      const data = await createCanvas(12, 12).encode('png');
      await ctx.reply({
        text: 'stepper picture step',
        ephemeral: true,
        replacesClickedMessage: true,
        images: [{ name: 'dot.png', alt: 'a black square', contentType: 'image/png', data }],
      });
    }
  },
};

let harness: HttpHarness;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  harness = await startHttpHarness([...(await loadCommands()), stepperCommand]);
});

afterAll(async () => {
  await harness?.stop();
  closeStore();
  cleanupTempDirs();
});

/** The first accepted post to a response_url whose text satisfies `check`; fails at once on an apology. */
function waitForAnswer(responseUrl: string, check: (text: string) => boolean, what: string): Promise<ResponseUrlPost> {
  return harness.fake.waitFor(() => {
    const posts = harness.fake.responsesTo(responseUrl).filter((p) => p.accepted);
    const apology = posts.find((p) => blocksText(p.body.blocks).includes('Sorry, something went wrong'));
    if (apology) throw new Error(`the tutor failed instead of answering: ${blocksText(apology.body.blocks)}`);
    return posts.find((p) => check(blocksText(p.body.blocks)));
  }, what, 120_000);
}

/** `/lesson name:exercise-1` for `student`; resolves with the private first step (a new message with its ts). */
async function openExercise(student: { id: string; name: string }): Promise<ResponseUrlPost> {
  const fields = slashCommandFields(harness.fake, '/lesson', 'name:exercise-1', student);
  expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
  const step = await waitForAnswer(fields.response_url, (text) => text.includes('step 1/'), 'the first lesson step');
  expect(step.body.response_type).toBe('ephemeral');
  expect(step.messageTs).toBeDefined();
  return step;
}

/** Clicks the button labelled `label` on the private message `step` posted; returns the click's response_url. */
async function clickOnPrivate(step: ResponseUrlPost, label: string, student: { id: string; name: string }): Promise<string> {
  const button = buttonsOf(step.body.blocks).find((b) => b.text.text.includes(label));
  expect(button, `a "${label}" button`).toBeDefined();
  const click = buttonClickPayload(harness.fake, { action_id: button!.action_id, value: button!.value!, text: button!.text.text }, { ts: step.messageTs! }, student, {
    isEphemeral: true,
  });
  expect((await postAction(harness.eventsUrl, click)).status).toBe(200);
  return click.response_url as string;
}

describe('Slack: a lesson step replaces the clicked private message', () => {
  it('/lesson → Next on the private step → step 2 replaces that message through response_url, no new message', async () => {
    const student = { id: 'U0STEPPER', name: 'sam' };
    const step = await openExercise(student);
    const ephemeralBefore = harness.fake.ephemeralMessages.length;
    const messagesBefore = harness.fake.messages.length;

    const responseUrl = await clickOnPrivate(step, 'Next', student);
    const next = await waitForAnswer(responseUrl, (text) => text.includes('step 2/'), 'the second step');

    expect(next.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(next.replacedMessageTs).toBe(step.messageTs);
    expect(next.messageTs).toBeUndefined();
    // the clicked message now shows step 2; nothing else was posted for the click
    const versions = harness.fake.versionsOfResponseMessage(step.messageTs!);
    expect(versions.map((v) => blocksText(v.body.blocks).includes('step 2/'))).toEqual([false, true]);
    expect(harness.fake.responsesTo(responseUrl).filter((p) => p.accepted)).toEqual([next]);
    expect(harness.fake.ephemeralMessages.length).toBe(ephemeralBefore);
    expect(harness.fake.messages.length).toBe(messagesBefore);
  }, 150_000);

  it('/lesson → "Run the experiment" on the private step → a new private answer with the DM pictures note; the step stays', async () => {
    const student = { id: 'U0RUNNER', name: 'ria' };
    const step = await openExercise(student);

    const responseUrl = await clickOnPrivate(step, 'Run the experiment', student);
    const answer = await waitForAnswer(responseUrl, (text) => text.includes('the data'), 'the experiment answer');

    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.replace_original).toBe(false);
    expect(answer.messageTs).toBeDefined();
    expect(blocksText(answer.body.blocks)).toContain('Pictures: sent to you in a direct message from nn-tutor.');
    expect(harness.fake.responsesTo(responseUrl).some((p) => p.replacedMessageTs !== undefined)).toBe(false);
    expect(harness.fake.versionsOfResponseMessage(step.messageTs!)).toEqual([step]);
  }, 150_000);

  it('Next clicked on a public message (is_ephemeral false) → the step comes as a new private message, the public one stays', async () => {
    const student = { id: 'U0PUBLIC', name: 'pat' };
    const step = await openExercise(student);
    const button = buttonsOf(step.body.blocks).find((b) => b.text.text.includes('Next'))!;
    const click = buttonClickPayload(harness.fake, { action_id: button.action_id, value: button.value!, text: button.text.text }, { ts: '1700000000.999999' }, student);
    expect((await postAction(harness.eventsUrl, click)).status).toBe(200);
    const next = await waitForAnswer(click.response_url as string, (text) => text.includes('step 2/'), 'the second step');

    expect(next.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(next.replacedMessageTs).toBeUndefined();
    expect(next.messageTs).toBeDefined();
  }, 150_000);

  it('a private reply after an early ephemeral acknowledgement (defer) → still replaces the clicked ephemeral message', async () => {
    const student = { id: 'U0LATER', name: 'lea' };
    const click = buttonClickPayload(harness.fake, { action_id: 'stepper:late', value: 'stepper:late', text: 'Later' }, { ts: '1700000000.424242' }, student, { isEphemeral: true });
    expect((await postAction(harness.eventsUrl, click)).status).toBe(200);
    const answer = await waitForAnswer(click.response_url as string, (text) => text.includes('stepper late step'), 'the late step');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(answer.replacedMessageTs).toBe('1700000000.424242');
    expect(harness.fake.responsesTo(click.response_url as string).filter((p) => p.accepted)).toEqual([answer]);
  }, 60_000);

  it('a private reply with pictures asking to replace → a new private message (pictures by DM), the clicked one stays', async () => {
    const student = { id: 'U0PICTURE', name: 'pia' };
    const click = buttonClickPayload(harness.fake, { action_id: 'stepper:picture', value: 'stepper:picture', text: 'Picture' }, { ts: '1700000000.434343' }, student, { isEphemeral: true });
    expect((await postAction(harness.eventsUrl, click)).status).toBe(200);
    const answer = await waitForAnswer(click.response_url as string, (text) => text.includes('stepper picture step'), 'the picture step');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.replacedMessageTs).toBeUndefined();
    expect(blocksText(answer.body.blocks)).toContain('direct message');
  }, 60_000);
});
