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
  it('model:cnn (small settings) → acked, then the accuracy text and three PNG uploads that decode', async () => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:cnn epochs:1 size:300 seed:5', STUDENT);
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    const pngs = await harness.fake.waitFor(() => {
      const apology = harness.fake.responseUrlPosts.find((p) => String(p.body.text ?? '').startsWith('Sorry, something went wrong'));
      if (apology) throw new Error(`the tutor failed: ${String(apology.body.text)}`);
      const files = [...harness.fake.files.values()].slice(filesBefore).filter((f) => f.completed && f.filename.endsWith('.png'));
      return files.length >= 3 ? files : undefined;
    }, 'the /architecture pictures', 200_000);
    expect(pngs.map((f) => f.filename).sort()).toEqual(['cnn-confusion.png', 'cnn-feature-maps.png', 'cnn-mistakes.png']);
    for (const file of pngs) {
      expect((await loadImage(file.data!)).width).toBeGreaterThan(300);
      expect(file.altText?.length).toBeGreaterThan(20);
    }
    const final = harness.fake.responsesTo(fields.response_url).at(-1)!;
    expect(blocksText(final.body.blocks) + String(final.body.text ?? '')).toMatch(/Test accuracy/);
  }, 240_000);

  it('model:autoencoder (small settings) → acked, then the reconstruction-error text and the three autoencoder PNG uploads', async () => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:autoencoder epochs:1 size:200 seed:6', STUDENT);
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    const pngs = await harness.fake.waitFor(() => {
      const apology = harness.fake.responseUrlPosts.find((p) => String(p.body.text ?? '').startsWith('Sorry, something went wrong'));
      if (apology) throw new Error(`the tutor failed: ${String(apology.body.text)}`);
      const files = [...harness.fake.files.values()].slice(filesBefore).filter((f) => f.completed && f.filename.endsWith('.png'));
      return files.length >= 3 ? files : undefined;
    }, 'the /architecture autoencoder pictures', 200_000);
    expect(pngs.map((f) => f.filename).sort()).toEqual(['autoencoder-code-plane.png', 'autoencoder-reconstructions.png', 'autoencoder-walk.png']);
    for (const file of pngs) {
      expect((await loadImage(file.data!)).width).toBeGreaterThan(300);
      expect(file.altText?.length).toBeGreaterThan(20);
    }
    const final = harness.fake.responsesTo(fields.response_url).at(-1)!;
    expect(blocksText(final.body.blocks) + String(final.body.text ?? '')).toMatch(/for always answering the mean training image/);
  }, 240_000);

  it('model:attention (small settings) → acked, then the letter accuracy text and the two attention PNG uploads', async () => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:attention epochs:2 size:300 seed:5', STUDENT);
    expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
    const pngs = await harness.fake.waitFor(() => {
      const apology = harness.fake.responseUrlPosts.find((p) => String(p.body.text ?? '').startsWith('Sorry, something went wrong'));
      if (apology) throw new Error(`the tutor failed: ${String(apology.body.text)}`);
      const files = [...harness.fake.files.values()].slice(filesBefore).filter((f) => f.completed && f.filename.endsWith('.png'));
      return files.length >= 2 ? files : undefined;
    }, 'the attention pictures', 200_000);
    expect(pngs.map((f) => f.filename).sort()).toEqual(['attention-examples.png', 'attention-weights.png']);
    for (const file of pngs) {
      expect((await loadImage(file.data!)).width).toBeGreaterThan(300);
      expect(file.altText?.length).toBeGreaterThan(20);
    }
    const final = harness.fake.responsesTo(fields.response_url).at(-1)!;
    expect(blocksText(final.body.blocks) + String(final.body.text ?? '')).toMatch(/of the letters in the right place/);
  }, 240_000);

  it('model:gan → an ephemeral answer listing the models', async () => {
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:gan', STUDENT);
    await postSigned(harness.eventsUrl, fields);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the error');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksText(answer.body.blocks) + String(answer.body.text ?? '')).toContain('cnn');
  }, 60_000);
});
