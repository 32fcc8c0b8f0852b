/**
 * /train live:true on Discord (real discord.js against the fake): the reply's picture is replaced
 * by editing the original response while training runs — never two edits closer than 1.5 s — and
 * the last edit carries the final picture; its buttons pause and step the run, for its owner only.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { LIVE_REPLACE_EVERY_MS } from '../../../commands/_lib/live-train.ts';
import { liveSessionCount, stopAllLiveSessions } from '../../../commands/_lib/live-session.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const commands = await loadCommands();
  h = await startRegisteredHarness(commands);
}, 120_000);
afterAll(async () => {
  await stopAllLiveSessions('closed');
  await h?.close();
});

const buttonsOf = (message: StoredMessage) => (message.components as { components: { custom_id?: string; label: string }[] }[]).flatMap((r) => r.components);

describe('/train live:true on Discord', () => {
  it('replaces the picture at most every 1.5 s while training, and ends with the final picture and no buttons', async () => {
    const interaction = h.fake.runSlashCommand('train', { dataset: 'circle', epochs: 90, live: true });
    const final = await h.fake.waitFor(() => {
      const message = h.fake.original(interaction);
      return message && /finished/.test(message.content) ? message : undefined;
    }, 'the final live picture', 60_000);
    const edits = h.fake.eventsOf(interaction).filter((e) => e.kind === 'edit-original');
    const withPictures = edits.filter((e) => (e.attachmentNames?.length ?? 0) > 0);
    expect(withPictures.length).toBeGreaterThanOrEqual(3); // 90 epochs at ≈15 a second: several replacements
    for (let i = 1; i < withPictures.length; i++) expect(withPictures[i]!.at - withPictures[i - 1]!.at).toBeGreaterThanOrEqual(LIVE_REPLACE_EVERY_MS - 10);
    // the picture replaced, not piled up: the message holds one boundary and one loss curve
    expect(final.attachments).toHaveLength(2);
    for (const attachment of final.attachments) expect((await loadImage(attachment.data)).width).toBeGreaterThan(100);
    expect(final.content).toMatch(/Epoch 90 · finished/);
    expect(buttonsOf(final)).toHaveLength(0);
    expect(h.fake.violations).toEqual([]);
    // the finished run gives its worker and its owner's job slot back
    await expect.poll(() => liveSessionCount(), { timeout: 10_000 }).toBe(0);
  }, 90_000);

  it('Pause from its owner holds the run; a lecturer may step it; someone else is refused', async () => {
    const interaction = h.fake.runSlashCommand('train', { dataset: 'xor', epochs: 2000, live: true }, { as: 'admin' });
    const running = await h.fake.waitFor(() => {
      const message = h.fake.original(interaction);
      return message && buttonsOf(message).some((b) => b.label === 'Pause') && /Epoch \d+/.test(message.content) ? message : undefined;
    }, 'a live picture with buttons', 20_000).catch((error) => {
      throw new Error(`${error.message}; the message: ${h.fake.original(interaction)?.content}`);
    });
    const pause = buttonsOf(running).find((b) => b.label === 'Pause')!;
    const refusal = h.fake.clickButton(running.id, pause.custom_id!, { as: 'student' });
    const refused = await h.fake.waitFor(() => h.fake.original(refusal) ?? h.fake.followUps(refusal)[0], 'the refusal');
    expect(refused.content).toMatch(/Only .+, who started this live view, or a lecturer/);
    expect(refused.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);

    const paused = h.fake.clickButton(running.id, pause.custom_id!, { as: 'admin' });
    await h.fake.waitFor(() => (h.fake.original(paused)?.content === 'Paused.' ? true : undefined), 'the pause acknowledgement');
    const pausedMessage = await h.fake.waitFor(() => {
      const message = h.fake.original(interaction);
      return message && /· paused ·/.test(message.content) ? message : undefined;
    }, 'the paused picture', 15_000);
    const epochOf = (m: StoredMessage) => Number(/Epoch (\d+)/.exec(m.content)?.[1]);
    const pausedEpoch = epochOf(pausedMessage); // read now: the fake updates the stored message in place
    const step = buttonsOf(pausedMessage).find((b) => b.label === 'Step one epoch')!;
    const stepped = h.fake.clickButton(pausedMessage.id, step.custom_id!, { as: 'lecturer' });
    await h.fake.waitFor(() => (h.fake.original(stepped)?.content === 'One epoch more.' ? true : undefined), 'the step acknowledgement');
    await h.fake.waitFor(() => {
      const message = h.fake.original(interaction);
      return message && epochOf(message) === pausedEpoch + 1 ? true : undefined;
    }, 'the picture one epoch on', 15_000).catch((error) => {
      throw new Error(`${error.message}; paused at ${pausedEpoch}; now: ${h.fake.original(interaction)?.content.split('\n').at(-1)}`);
    });
    expect(h.fake.violations).toEqual([]);
  }, 90_000);
});
