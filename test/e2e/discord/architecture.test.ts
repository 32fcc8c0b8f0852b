/** /architecture through the real discord.js client and the fake Discord: deferred, progress, final message with three PNGs. */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import type { StoredMessage } from '../../fakes/discord/payloads.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const commands = await loadCommands();
  h = await startHarness(commands);
  await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, guildId: h.fake.guild.id, apiUrl: h.fake.apiUrl }, commands);
}, 120_000);
afterAll(async () => h?.close());

function finalMessage(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const message = h.fake.original(interaction);
    return message && !message.isLoading && !message.content.startsWith('⏳') ? message : undefined;
  }, 'the final answer', 200_000);
}

describe('Discord: /architecture model:cnn (small settings)', () => {
  it('defers, then ends with the accuracy text and three decodable PNG attachments with descriptions', async () => {
    const interaction = h.fake.runSlashCommand('architecture', { model: 'cnn', epochs: 1, size: 300, seed: 2 });
    const message = await finalMessage(interaction);
    const events = h.fake.eventsOf(interaction);
    expect(events[0]).toMatchObject({ kind: 'callback', callbackType: 5 });
    const all = message.content + JSON.stringify(message.embeds);
    expect(all).toMatch(/Test accuracy/);
    expect(all).toMatch(/2,650 parameters/);
    expect(message.attachments.map((a) => a.filename).sort()).toEqual(['cnn-confusion.png', 'cnn-feature-maps.png', 'cnn-mistakes.png']);
    for (const attachment of message.attachments) {
      expect(attachment.description?.length).toBeGreaterThan(20);
      expect((await loadImage(attachment.data)).width).toBeGreaterThan(300);
    }
    expect(h.fake.violations).toEqual([]);
  }, 240_000);

  it('answers an out-of-range size privately with the allowed range', async () => {
    const interaction = h.fake.runSlashCommand('architecture', { model: 'cnn', size: 50 });
    const message = await h.fake.waitFor(() => {
      const m = h.fake.original(interaction);
      return m && !m.isLoading ? m : undefined;
    }, 'the error', 60_000);
    expect(message.content + JSON.stringify(message.embeds)).toMatch(/size.*200 to 6000/);
  }, 90_000);
});

describe('Discord: /architecture model:autoencoder (small settings)', () => {
  it('defers, then ends with the reconstruction-error text and the three autoencoder PNGs with descriptions', async () => {
    const interaction = h.fake.runSlashCommand('architecture', { model: 'autoencoder', epochs: 1, size: 200, seed: 2 });
    const message = await finalMessage(interaction);
    const events = h.fake.eventsOf(interaction);
    expect(events[0]).toMatchObject({ kind: 'callback', callbackType: 5 });
    const all = message.content + JSON.stringify(message.embeds);
    expect(all).toMatch(/for always answering the mean training image/);
    expect(all).toMatch(/16,834 parameters/);
    expect(message.attachments.map((a) => a.filename).sort()).toEqual(['autoencoder-code-plane.png', 'autoencoder-reconstructions.png', 'autoencoder-walk.png']);
    for (const attachment of message.attachments) {
      expect(attachment.description?.length).toBeGreaterThan(20);
      expect((await loadImage(attachment.data)).width).toBeGreaterThan(300);
    }
    expect(h.fake.violations).toEqual([]);
  }, 240_000);
});

describe('Discord: /architecture model:attention (small settings)', () => {
  it('defers, then ends with the letter accuracy text and the two attention PNGs with descriptions', async () => {
    const interaction = h.fake.runSlashCommand('architecture', { model: 'attention', epochs: 2, size: 300, seed: 2 });
    const message = await finalMessage(interaction);
    expect(h.fake.eventsOf(interaction)[0]).toMatchObject({ kind: 'callback', callbackType: 5 });
    const all = message.content + JSON.stringify(message.embeds);
    expect(all).toMatch(/of the letters in the right place/);
    expect(all).toMatch(/mirrored input position/);
    expect(message.attachments.map((a) => a.filename).sort()).toEqual(['attention-examples.png', 'attention-weights.png']);
    for (const attachment of message.attachments) {
      expect(attachment.description?.length).toBeGreaterThan(20);
      expect((await loadImage(attachment.data)).width).toBeGreaterThan(300);
    }
    expect(h.fake.violations).toEqual([]);
  }, 240_000);
});
