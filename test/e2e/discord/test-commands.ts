/** Small commands defined for the adapter's end-to-end tests (the real ones are tested in train.test.ts). */
import { createCanvas } from '@napi-rs/canvas';
import * as gifencModule from 'gifenc';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { UserError } from '../../../src/chat/errors.ts';
import type { Caller, ReplyImage } from '../../../src/chat/types.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A PNG of a coloured square with a label; `noisy` makes it incompressible (large). */
export async function makePng(name: string, widthPx: number, options: { noisy?: boolean; color?: string } = {}): Promise<ReplyImage> {
  const canvas = createCanvas(widthPx, widthPx);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = options.color ?? '#4c7bd9';
  ctx.fillRect(0, 0, widthPx, widthPx);
  if (options.noisy) {
    const data = ctx.getImageData(0, 0, widthPx, widthPx);
    let x = 12345;
    for (let i = 0; i < data.data.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff; // a tiny LCG: deterministic noise, no Math.random
      if (i % 4 !== 3) data.data[i] = (x >> 16) & 0xff;
    }
    ctx.putImageData(data, 0, 0);
  }
  return { name, alt: `test image ${name}`, contentType: 'image/png', data: await canvas.encode('png') };
}

/** A noisy animated GIF of `frames` frames. */
export function makeGif(name: string, widthPx: number, frames: number): ReplyImage {
  // node (CommonJS build) puts the functions on the default export; vitest (ESM build) exports them by name
  const named = gifencModule as unknown as typeof gifencModule.default;
  const { GIFEncoder, quantize, applyPalette } = typeof named.GIFEncoder === 'function' ? named : gifencModule.default;
  const gif = GIFEncoder();
  let x = 987;
  let palette: ReturnType<typeof quantize> | undefined;
  for (let f = 0; f < frames; f++) {
    const rgba = new Uint8ClampedArray(widthPx * widthPx * 4);
    for (let i = 0; i < rgba.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      rgba[i] = i % 4 === 3 ? 255 : (x >> 16) & 0xff;
    }
    palette ??= quantize(rgba, 256);
    gif.writeFrame(applyPalette(rgba, palette), widthPx, widthPx, { palette, delay: 100 });
  }
  gif.finish();
  return { name, alt: `animation ${name}`, contentType: 'image/gif', data: Buffer.from(gif.bytes()) };
}

/** What the test commands saw, for assertions. */
export const seen: { callers: Caller[]; components: { action: string; state: string[]; values: string[] }[] } = { callers: [], components: [] };

/** Heavy: reports progress many times over ~4.5 s, then edits with two PNGs and buttons. */
export const slowTrain = defineCommand({
  name: 'slowtrain',
  description: 'Pretends to train for a few seconds with progress',
  heavy: true,
  options: [{ name: 'steps', type: 'integer', description: 'How many progress reports', min: 1, max: 100, default: 45 }],
  async run(ctx) {
    const steps = Number(ctx.options.steps);
    for (let i = 1; i <= steps; i++) {
      await ctx.progress(i / steps, `epoch ${i}/${steps} · loss ${(1 / i).toFixed(3)}`);
      await sleep(100);
    }
    await ctx.edit({
      text: '**Done.** Test loss 0.012',
      images: [await makePng('boundary.png', 240, { color: '#d94c4c' }), await makePng('loss.png', 200)],
      buttons: [[
        { id: 'slowtrain:again:seed=7', label: 'Train again with a new seed', style: 'primary' },
        { id: 'slowtrain:link', label: 'Open in TensorFlow Playground', url: 'https://playground.tensorflow.org/#activation=tanh' },
      ]],
    });
  },
  async onComponent(ctx) {
    seen.components.push({ action: ctx.action, state: ctx.state, values: ctx.values });
    seen.callers.push(ctx.caller);
    await ctx.defer();
    await ctx.edit({ text: `Trained again (${ctx.state.join(':')})`, images: [await makePng('boundary.png', 120)] });
  },
});

/** Edits three times: two sets of images, then text only — each edit replaces the attachments. */
export const twoEdits = defineCommand({
  name: 'twoedits',
  description: 'Edits its reply three times',
  heavy: true,
  options: [],
  async run(ctx) {
    await ctx.edit({ text: 'first', images: [await makePng('first-a.png', 64), await makePng('first-b.png', 64)] });
    await ctx.edit({ text: 'second', images: [await makePng('second.png', 64)] });
    await ctx.edit({ text: 'third, without images' });
  },
});

/** Replies with buttons of every kind, a select, and more rows than Discord shows. */
export const menu = defineCommand({
  name: 'menu',
  description: 'Shows buttons and a select',
  options: [],
  async run(ctx) {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `menu:pick:${i}`, label: `Option ${i}` }));
    await ctx.reply({
      text: 'Pick one',
      buttons: [many, [{ id: 'menu:pick:x'.padEnd(120, 'x'), label: 'too long an id' }, { id: 'ghost:open', label: 'A button of a removed command' }]],
      selects: [{ id: 'menu:choose', placeholder: 'Choose an activation', options: [{ label: 'ReLU', value: 'relu' }, { label: 'tanh', value: 'tanh', description: 'zero-centred' }] }],
    });
  },
  async onComponent(ctx) {
    seen.components.push({ action: ctx.action, state: ctx.state, values: ctx.values });
    await ctx.reply({ text: `You chose ${ctx.values.join(',') || ctx.state.join(',')}`, ephemeral: true });
  },
});

/** Validated options: a bounded integer and a string that `run` checks itself. */
export const strict = defineCommand({
  name: 'strict',
  description: 'Has options that can be wrong',
  options: [
    { name: 'layers', type: 'string', description: 'Hidden layer sizes, e.g. 8,8', default: '4', autocomplete: (partial) => ['4', '8', '8,8', '16,16'].filter((s) => s.startsWith(partial)) },
    { name: 'epochs', type: 'integer', description: 'Passes over the data', min: 1, max: 500 },
  ],
  async run(ctx) {
    const layers = String(ctx.options.layers);
    if (!/^\d+(,\d+)*$/.test(layers)) throw new UserError(`Option \`layers\` must be sizes separated by commas, like 8,8 (got "${layers}").`);
    await ctx.reply(`ok ${layers} ${ctx.options.epochs ?? ''}`.trim());
  },
});

/** Heavy, then fails with a user error after deferring (the error must still be private). */
export const failsLate = defineCommand({
  name: 'failslate',
  description: 'Defers, then finds a problem',
  heavy: true,
  options: [],
  async run() {
    await sleep(200);
    throw new UserError('The spiral needs at least one hidden layer. Try layers:8,8.');
  },
});

/** Crashes: the user gets an apology with an error id, never a stack trace. */
export const crashes = defineCommand({
  name: 'crashes',
  description: 'Throws an internal error',
  options: [],
  async run() {
    throw new TypeError("Cannot read properties of undefined (reading 'weights')");
  },
});

/** Takes 2.2 s before answering and never defers itself. */
export const slowNoDefer = defineCommand({
  name: 'slownodefer',
  description: 'Answers late without deferring',
  options: [],
  async run(ctx) {
    await sleep(2200);
    await ctx.reply('late but fine');
  },
});

/** Sends a long text, an oversized PNG and an oversized GIF. */
export const big = defineCommand({
  name: 'big',
  description: 'Sends things that are too large',
  heavy: true,
  options: [{ name: 'what', type: 'string', description: 'text, png or gif', choices: ['text', 'png', 'gif'], required: true }],
  async run(ctx) {
    if (ctx.options.what === 'text') await ctx.edit({ text: `**Long explanation**\n${'- the gradient vanishes in deep sigmoid nets\n'.repeat(70)}` });
    if (ctx.options.what === 'png') await ctx.edit({ text: 'A big picture', images: [await makePng('huge.png', 400, { noisy: true })] });
    if (ctx.options.what === 'gif') await ctx.edit({ text: 'An animation', images: [makeGif('training.gif', 160, 6)] });
  },
});

/** Lecturer-only: starting a live quiz. */
export const liveQuiz = defineCommand({
  name: 'livequiz',
  description: 'Start a live class quiz',
  lecturerOnly: true,
  options: [],
  async run(ctx) {
    seen.callers.push(ctx.caller);
    await ctx.reply('Live quiz started');
  },
});

/** Runs until cancelled (for shutdown tests); the router's signal ends it. */
export const forever = defineCommand({
  name: 'forever',
  description: 'Runs until cancelled',
  heavy: true,
  options: [{ name: 'ms', type: 'integer', description: 'How long to run', min: 1, max: 600000, default: 600000 }],
  async run(ctx) {
    const until = Date.now() + Number(ctx.options.ms);
    while (Date.now() < until) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      await sleep(50);
    }
    await ctx.edit('finished in time');
  },
});

/** Every test command. */
export const testCommands = [slowTrain, twoEdits, menu, strict, failsLate, crashes, slowNoDefer, big, liveQuiz, forever];

/** Says who was picked in its user option (Discord's user picker), as the command receives it. */
export const whois = defineCommand({
  name: 'whois',
  description: 'Names the person picked',
  options: [{ name: 'user', type: 'user', description: 'Who' }],
  async run(ctx) {
    await ctx.reply(`picked ${String(ctx.options.user ?? 'nobody')}`);
  },
});
