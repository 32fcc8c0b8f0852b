/**
 * The real Bolt app in HTTP mode on 127.0.0.1, receiving signed requests exactly as Slack sends
 * them, with the Web API and response_url pointed at the local fake Slack. The commands here are
 * small test commands that go through the real chat router; real-commands.test.ts runs /train.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDef, ComponentContext } from '../../../src/chat/types.ts';
import {
  CHANNEL_ID,
  SIGNING_SECRET,
  blocksText,
  buttonClickPayload,
  buttonsOf,
  postAction,
  postSigned,
  slashCommandFields,
  startHttpHarness,
  type HttpHarness,
} from './harness.ts';
import { signSlackBody } from '../../fakes/slack/signing.ts';

async function solidPng(widthPx: number, heightPx: number, colour: string): Promise<Buffer> {
  const canvas = createCanvas(widthPx, heightPx);
  const context = canvas.getContext('2d');
  context.fillStyle = colour;
  context.fillRect(0, 0, widthPx, heightPx);
  return canvas.encode('png');
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const runs: { command: string; options: Record<string, unknown>; user: string; isLecturer: boolean }[] = [];
const clicks: { action: string; state: string[]; user: string }[] = [];
let drawGate: ReturnType<typeof deferred> | undefined;

const drawCommand: CommandDef = {
  name: 'draw',
  description: 'Draws two test pictures',
  heavy: true,
  options: [
    { name: 'size', type: 'integer', description: 'Side of the first picture in pixels', min: 8, max: 256, default: 32 },
    { name: 'shape', type: 'string', description: 'What to draw', choices: ['circle', 'square'], default: 'circle' },
    { name: 'animate', type: 'boolean', description: 'Also animate', default: false },
  ],
  examples: ['/draw size:64 shape:square'],
  async run(ctx) {
    runs.push({ command: 'draw', options: ctx.options, user: ctx.caller.userId, isLecturer: ctx.caller.isLecturer });
    if (drawGate) await drawGate.promise;
    for (let step = 1; step <= 3; step++) await ctx.progress(step / 4, `step ${step}/3`);
    const size = Number(ctx.options.size);
    await ctx.reply({
      text: `**Drew** a ${String(ctx.options.shape)} of ${size} px${ctx.options.animate ? ' (animated)' : ''}`,
      images: [
        { name: 'first.png', alt: `A ${size} px test picture`, contentType: 'image/png', data: await solidPng(size, size, '#c33') },
        { name: 'second.png', alt: 'A wide test picture', contentType: 'image/png', data: await solidPng(size * 2, size, '#33c') },
      ],
      buttons: [
        [
          { id: `draw:again:${size}`, label: 'Draw again', style: 'primary' },
          { id: 'draw:link', label: 'Open the docs', url: 'https://example.org/docs' },
        ],
      ],
    });
  },
  async onComponent(ctx: ComponentContext) {
    clicks.push({ action: ctx.action, state: ctx.state, user: ctx.caller.userId });
    await ctx.defer();
    await ctx.progress(0.5, 'half way');
    await ctx.edit({
      text: `Drew again at ${ctx.state[0]} px`,
      images: [{ name: 'again.png', alt: 'Again', contentType: 'image/png', data: await solidPng(Number(ctx.state[0]), 10, '#3c3') }],
    });
  },
};

const examCommand: CommandDef = {
  name: 'exam',
  description: 'Starts a class quiz (lecturers only)',
  lecturerOnly: true,
  options: [],
  async run(ctx) {
    runs.push({ command: 'exam', options: ctx.options, user: ctx.caller.userId, isLecturer: ctx.caller.isLecturer });
    await ctx.reply('The class quiz has started.');
  },
};

const answers: { action: string; state: string[]; values: string[] }[] = [];

const pickCommand: CommandDef = {
  name: 'pick',
  description: 'Asks a question with a select menu',
  options: [],
  async run(ctx) {
    await ctx.reply({
      text: 'Which activation saturates?',
      selects: [{ id: 'pick:answer:q7', placeholder: 'Choose one', options: [{ label: 'ReLU', value: 'relu' }, { label: 'Sigmoid', value: 'sigmoid' }] }],
    });
  },
  async onComponent(ctx) {
    answers.push({ action: ctx.action, state: ctx.state, values: ctx.values });
    await ctx.reply({ text: ctx.values[0] === 'sigmoid' ? 'Right!' : 'Not quite.', ephemeral: true });
  },
};

const LECTURER = { id: 'U0LECTURER', name: 'grace' };
const ADMIN = { id: 'U0ADMIN', name: 'root' };

let harness: HttpHarness;

beforeAll(async () => {
  harness = await startHttpHarness(
    [drawCommand, examCommand, pickCommand],
    { lecturerUserIds: [LECTURER.id] },
    { adminUserIds: [ADMIN.id] },
  );
});

afterAll(async () => {
  await harness?.stop();
});

function finalResponses(responseUrl: string) {
  return harness.fake.responsesTo(responseUrl).filter((r) => blocksText(r.body.blocks).includes('Drew'));
}

/** Waits until the pictures whose alt text starts with `altPrefix` were shared (the command is then done). */
function waitForSharedPictures(altPrefix: string) {
  return harness.fake.waitFor(() => {
    const files = [...harness.fake.files.values()].filter((f) => f.completed && f.altText?.startsWith(altPrefix));
    return files.length ? files : undefined;
  }, `pictures "${altPrefix}…"`);
}

let userCounter = 0;
/** A new student per test, so one test's run never counts against the next one's job limit. */
function newStudent() {
  userCounter += 1;
  return { id: `U0STUDENT${userCounter}`, name: `student${userCounter}` };
}

describe('Slack HTTP mode: slash commands', () => {
  it('acknowledges /draw with an empty 200 before the command has finished, then posts progress and the result', async () => {
    drawGate = deferred();
    const fields = slashCommandFields(harness.fake, '/draw', 'size:40 shape:square', newStudent());
    const ack = await postSigned(harness.eventsUrl, fields);
    // The command is still blocked on the gate, so this answer can only be the early ack.
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    expect(finalResponses(fields.response_url)).toHaveLength(0);
    drawGate.release();
    drawGate = undefined;

    const final = await harness.fake.waitFor(() => finalResponses(fields.response_url)[0], 'the final /draw answer');
    const posts = harness.fake.responsesTo(fields.response_url);
    // defer ("working"), then progress replacing it, then the result replacing that.
    expect(blocksText(posts[0].body.blocks)).toContain('Working on');
    expect(posts[0].body.response_type).toBe('in_channel');
    const progress = posts.filter((p) => blocksText(p.body.blocks).includes('step '));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((p) => p.body.replace_original === true)).toBe(true);
    expect(final.body.replace_original).toBe(true);
    expect(posts.length).toBeLessThanOrEqual(5);
    expect(blocksText(final.body.blocks)).toContain('*Drew* a square of 40 px');
    expect(runs.at(-1)).toMatchObject({ command: 'draw', options: { size: 40, shape: 'square', animate: false } });

    const buttons = buttonsOf(final.body.blocks);
    expect(buttons.map((b) => b.text.text)).toEqual(['Draw again', 'Open the docs']);
    expect(buttons[0]).toMatchObject({ value: 'draw:again:40', style: 'primary' });
    expect(buttons[1].url).toBe('https://example.org/docs');
    await waitForSharedPictures('A 40 px');
  });

  it('uploads the pictures through getUploadURLExternal, the upload URL and completeUploadExternal, and they decode as PNGs', async () => {
    const fields = slashCommandFields(harness.fake, '/draw', '--size 24', newStudent());
    const callsBefore = harness.fake.calls.length;
    await postSigned(harness.eventsUrl, fields);
    await waitForSharedPictures('A 24 px');
    const completed = harness.fake.callsOf('files.completeUploadExternal').slice(-1);

    const newCalls = harness.fake.calls.slice(callsBefore).map((c) => c.method);
    const getUrl = newCalls.indexOf('files.getUploadURLExternal');
    const complete = newCalls.indexOf('files.completeUploadExternal');
    expect(getUrl).toBeGreaterThanOrEqual(0);
    expect(complete).toBeGreaterThan(getUrl);
    expect(newCalls.filter((m) => m === 'files.getUploadURLExternal')).toHaveLength(2);

    const entries = JSON.parse(String(completed[0].args.files)) as { id: string }[];
    expect(completed[0].args.channel_id).toBe(CHANNEL_ID);
    const files = entries.map((e) => harness.fake.files.get(e.id)!);
    expect(files.map((f) => f.filename)).toEqual(['first.png', 'second.png']);
    expect(files[0].altText).toBe('A 24 px test picture');
    const decoded = await Promise.all(files.map((f) => loadImage(f.data!)));
    expect(decoded.map((img) => [img.width, img.height])).toEqual([
      [24, 24],
      [48, 24],
    ]);
    // The pictures were shared in the channel as one message.
    const shared = harness.fake.messages.find((m) => m.fileIds?.includes(entries[0].id));
    expect(shared?.channel).toBe(CHANNEL_ID);
  });

  it('routes a "Draw again" button click back to the command, which answers in a new message it then edits', async () => {
    const student = newStudent();
    const fields = slashCommandFields(harness.fake, '/draw', 'size:16', student);
    await postSigned(harness.eventsUrl, fields);
    const final = await harness.fake.waitFor(() => finalResponses(fields.response_url)[0], 'the /draw result');
    await waitForSharedPictures('A 16 px');
    const again = buttonsOf(final.body.blocks)[0];

    const messagesBefore = harness.fake.messages.length;
    const click = await postAction(
      harness.eventsUrl,
      buttonClickPayload(harness.fake, { action_id: again.action_id, value: again.value!, text: again.text.text }, undefined, student),
    );
    expect(click.status).toBe(200);
    const answer = await harness.fake.waitFor(
      () => harness.fake.messages.slice(messagesBefore).find((m) => m.text?.includes('Drew again')),
      'the edited answer to the click',
    );
    expect(clicks.at(-1)).toEqual({ action: 'again', state: ['16'], user: student.id });
    // Posted as "working…", then progress, then the final text — all the same message.
    expect(answer.history[0].text).toContain('Working on');
    expect(answer.history.some((h) => h.text?.includes('half way'))).toBe(true);
    expect(answer.history.at(-1)?.text).toBe('Drew again at 16 px');
    const uploaded = await harness.fake.waitFor(
      () => [...harness.fake.files.values()].find((f) => f.filename === 'again.png' && f.completed),
      'the picture of the click',
    );
    expect((await loadImage(uploaded.data!)).width).toBe(16);
  });

  it('ignores clicks on link buttons (Slack opens the URL itself)', async () => {
    const clicksBefore = clicks.length;
    const callsBefore = harness.fake.calls.length;
    const click = await postAction(
      harness.eventsUrl,
      buttonClickPayload(harness.fake, { action_id: 'link~1', text: 'Open the docs' }),
    );
    expect(click.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(clicks.length).toBe(clicksBefore);
    expect(harness.fake.calls.slice(callsBefore).map((c) => c.method)).not.toContain('chat.postMessage');
  });

  it('routes a select-menu choice to the command with the chosen value, and answers only the chooser', async () => {
    const fields = slashCommandFields(harness.fake, '/pick', '', newStudent());
    await postSigned(harness.eventsUrl, fields);
    const question = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the question');
    const select = (question.body.blocks as any[]).find((b) => b.type === 'actions').elements[0];
    expect(select).toMatchObject({ type: 'static_select', action_id: 'pick:answer:q7' });

    const payload = buttonClickPayload(harness.fake, { action_id: 'unused' });
    payload.actions = [
      { type: 'static_select', action_id: select.action_id, block_id: 'b2', selected_option: { text: { type: 'plain_text', text: 'Sigmoid' }, value: 'sigmoid' }, action_ts: '1' },
    ];
    await postAction(harness.eventsUrl, payload);
    const feedback = await harness.fake.waitFor(() => harness.fake.responsesTo(String(payload.response_url))[0], 'the feedback');
    expect(answers.at(-1)).toEqual({ action: 'answer', state: ['q7'], values: ['sigmoid'] });
    expect(feedback.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blocksText(feedback.body.blocks)).toContain('Right!');
  });

  it('reaches the same command through the umbrella command: /nn draw …', async () => {
    const fields = slashCommandFields(harness.fake, '/nn', 'draw --size 20 --animate', newStudent());
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    const final = await harness.fake.waitFor(() => finalResponses(fields.response_url)[0], 'the /nn draw result');
    expect(blocksText(final.body.blocks)).toContain('of 20 px (animated)');
    await waitForSharedPictures('A 20 px');
  });

  it('lists the commands for /nn with nothing after it, without running anything', async () => {
    const runsBefore = runs.length;
    const ack = await postSigned(harness.eventsUrl, slashCommandFields(harness.fake, '/nn', ''));
    expect(ack.json?.response_type).toBe('ephemeral');
    expect(blocksText(ack.json?.blocks)).toContain('`/draw` — Draws two test pictures');
    expect(blocksText(ack.json?.blocks)).toContain('`/exam`');
    expect(runs.length).toBe(runsBefore);
  });
});

describe('Slack HTTP mode: malformed input', () => {
  it('answers text it cannot read with an ephemeral usage message and runs nothing', async () => {
    const runsBefore = runs.length;
    const fields = slashCommandFields(harness.fake, '/draw', 'sise:40 --shape');
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    expect(ack.json?.response_type).toBe('ephemeral');
    const text = blocksText(ack.json?.blocks);
    expect(text).toContain('There is no option `sise`. Did you mean `size`?');
    expect(text).toContain('`--shape` needs a value');
    expect(text).toContain('*Usage:* `/draw [size:&lt;whole number&gt;] [shape:&lt;circle|square&gt;] [animate:&lt;true|false&gt;]`');
    expect(text).toContain('*Example:* `/draw size:64 shape:square`');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs.length).toBe(runsBefore);
    expect(harness.fake.responsesTo(fields.response_url)).toHaveLength(0);
  });

  it('answers an out-of-range value with the router\'s message plus the usage, only to the caller', async () => {
    const runsBefore = runs.length;
    const fields = slashCommandFields(harness.fake, '/draw', 'size:9999');
    await postSigned(harness.eventsUrl, fields);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the error answer');
    expect(answer.body.response_type).toBe('ephemeral');
    const text = blocksText(answer.body.blocks);
    expect(text).toContain('`size` must be a whole number from 8 to 256');
    expect(text).toContain('*Usage:* `/draw');
    expect(runs.length).toBe(runsBefore);
  });

  it('tells the caller about a command that does not exist behind the umbrella', async () => {
    const ack = await postSigned(harness.eventsUrl, slashCommandFields(harness.fake, '/nn', 'dra size:4'));
    expect(ack.json?.response_type).toBe('ephemeral');
    expect(blocksText(ack.json?.blocks)).toContain('There is no command `/nn dra`. Did you mean `/nn draw size:4`?');
  });
});

describe('Slack HTTP mode: lecturer-only commands', () => {
  it('refuses /exam to a student, ephemerally, without running it', async () => {
    const runsBefore = runs.length;
    const fields = slashCommandFields(harness.fake, '/exam', '');
    await postSigned(harness.eventsUrl, fields);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the refusal');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksText(answer.body.blocks)).toContain('Only lecturers can use `/exam`');
    expect(runs.length).toBe(runsBefore);
  });

  it('runs /exam for a configured lecturer id and for a workspace admin', async () => {
    for (const user of [LECTURER, ADMIN]) {
      const fields = slashCommandFields(harness.fake, '/exam', '', user);
      await postSigned(harness.eventsUrl, fields);
      const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], `the answer to ${user.name}`);
      expect(answer.body.response_type).toBe('in_channel');
      expect(blocksText(answer.body.blocks)).toContain('The class quiz has started.');
      expect(runs.at(-1)).toMatchObject({ command: 'exam', user: user.id, isLecturer: true });
    }
  });
});

describe('Slack HTTP mode: request signatures', () => {
  async function expectRefused(options: { timestampSec?: number; signature?: string | null; secret?: string }) {
    const runsBefore = runs.length;
    const callsBefore = harness.fake.calls.length;
    const fields = slashCommandFields(harness.fake, '/draw', 'size:12');
    const result = await postSigned(harness.eventsUrl, fields, options);
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(runs.length).toBe(runsBefore);
    expect(harness.fake.responsesTo(fields.response_url)).toHaveLength(0);
    expect(harness.fake.calls.length).toBe(callsBefore);
  }

  it('refuses a request signed with the wrong secret with 401 and runs nothing', async () => {
    await expectRefused({ secret: 'not-the-signing-secret' });
  });

  it('refuses a request without a signature with 401 and runs nothing', async () => {
    await expectRefused({ signature: null });
  });

  it('refuses a replayed request (valid signature, timestamp 6 minutes old) with 401 and runs nothing', async () => {
    await expectRefused({ timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
  });

  it('refuses a timestamp 1 hour or 1 year ahead (correctly signed) with 401 and runs nothing', async () => {
    for (const aheadSec of [60 * 60, 365 * 24 * 60 * 60]) await expectRefused({ timestampSec: Math.floor(Date.now() / 1000) + aheadSec });
  });

  it('runs a correctly signed request once and refuses the same request replayed within the five minutes (401)', async () => {
    const runsBefore = runs.length;
    const fields = slashCommandFields(harness.fake, '/draw', 'size:10');
    const timestampSec = Math.floor(Date.now() / 1000);
    const signature = signSlackBody(SIGNING_SECRET, new URLSearchParams(fields).toString(), timestampSec);
    const first = await postSigned(harness.eventsUrl, fields, { timestampSec, signature });
    expect(first.status).toBe(200);
    await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url).some((r) => blocksText(r.body.blocks).includes('Drew')), 'the answer to the first request');
    for (let replay = 0; replay < 3; replay++) {
      const again = await postSigned(harness.eventsUrl, fields, { timestampSec, signature });
      expect(again.status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(runs.length).toBe(runsBefore + 1);
  });

  it('refuses a button payload whose body was altered after signing', async () => {
    const clicksBefore = clicks.length;
    const payload = JSON.stringify(buttonClickPayload(harness.fake, { action_id: 'draw:again:16', value: 'draw:again:16' }));
    const timestampSec = Math.floor(Date.now() / 1000);
    const signature = signSlackBody(SIGNING_SECRET, new URLSearchParams({ payload }).toString(), timestampSec);
    const tampered = { payload: payload.replace('draw:again:16', 'draw:again:99') };
    const result = await postSigned(harness.eventsUrl, tampered, { timestampSec, signature });
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(clicks.length).toBe(clicksBefore);
  });
});
