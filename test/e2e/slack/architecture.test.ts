/** /architecture through the real Bolt app (HTTP mode) and the fake Slack: progress, the final text, three uploaded PNGs. */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { blocksText, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;
beforeAll(async () => {
  harness = await startHttpHarness(await loadCommands());
});
afterAll(async () => {
  await harness?.stop();
});

const STUDENT = { id: 'U0ARCH', name: 'grace' };

describe('Slack: /architecture', () => {
  /** Each demo at small settings: the words its text must contain and the PNGs it uploads. */
  const demos = [
    { model: 'cnn', settings: 'epochs:1 size:300 seed:5', text: /Test accuracy/, pngs: ['cnn-confusion.png', 'cnn-feature-maps.png', 'cnn-mistakes.png'] },
    { model: 'autoencoder', settings: 'epochs:1 size:200 seed:6', text: /for always answering the mean training image/, pngs: ['autoencoder-code-plane.png', 'autoencoder-reconstructions.png', 'autoencoder-walk.png'] },
    { model: 'attention', settings: 'epochs:2 size:300 seed:5', text: /of the letters in the right place/, pngs: ['attention-examples.png', 'attention-weights.png'] },
  ];

  it.each(demos)('model:$model (small settings) → acked, then its text and its PNG uploads that decode, with alt text', async ({ model, settings, text, pngs: expected }) => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/architecture', `model:${model} ${settings}`, STUDENT);
    expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
    const pngs = await harness.fake.waitFor(() => {
      const apology = harness.fake.responseUrlPosts.find((p) => String(p.body.text ?? '').startsWith('Sorry, something went wrong'));
      if (apology) throw new Error(`the tutor failed: ${String(apology.body.text)}`);
      const files = [...harness.fake.files.values()].slice(filesBefore).filter((f) => f.completed && f.filename.endsWith('.png'));
      return files.length >= expected.length ? files : undefined;
    }, `the ${model} pictures`, 200_000);
    expect(pngs.map((f) => f.filename).sort()).toEqual(expected);
    for (const file of pngs) {
      expect((await loadImage(file.data!)).width).toBeGreaterThan(300);
      expect(file.altText?.length).toBeGreaterThan(20);
    }
    const final = harness.fake.responsesTo(fields.response_url).at(-1)!;
    expect(blocksText(final.body.blocks) + String(final.body.text ?? '')).toMatch(text);
  }, 240_000);

  it('model:gan → an ephemeral answer listing the models', async () => {
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:gan', STUDENT);
    await postSigned(harness.eventsUrl, fields);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the error');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksText(answer.body.blocks) + String(answer.body.text ?? '')).toContain('cnn');
  }, 60_000);
});
