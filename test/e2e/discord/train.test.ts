/**
 * The real commands (commands/*.ts via loadCommands), the real router and worker pool, the real
 * discord.js Client, and the fake Discord: /train end to end, as a student in a course server.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS } from '../../fakes/discord/payloads.ts';
import type { StoredMessage } from '../../fakes/discord/payloads.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const commands = await loadCommands();
  h = await startRegisteredHarness(commands);
}, 120_000);
afterAll(async () => h?.close());

function finalMessage(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(
    () => {
      const message = h.fake.original(interaction);
      return message && !message.isLoading && !message.content.startsWith('⏳') ? message : undefined;
    },
    'the final answer',
    90_000,
  );
}

async function expectDecodablePngs(message: StoredMessage): Promise<void> {
  expect(message.attachments.length).toBeGreaterThanOrEqual(2);
  for (const attachment of message.attachments) {
    expect(attachment.contentType).toBe('image/png');
    expect(attachment.filename).toMatch(/\.png$/);
    expect(attachment.description?.length).toBeGreaterThan(0); // alt text for screen readers
    const image = await loadImage(attachment.data);
    expect(image.width).toBeGreaterThan(50);
    expect(image.height).toBeGreaterThan(50);
  }
}

describe('/train dataset:spiral layers:8,8 epochs:2000 points:2000 batch-size:1 (seconds of training)', () => {
  let interaction: FakeInteraction;
  let result: StoredMessage;

  beforeAll(async () => {
    interaction = h.fake.runSlashCommand('train', { dataset: 'spiral', layers: '8,8', epochs: 2000, points: 2000, 'batch-size': '1' });
    result = await finalMessage(interaction);
  }, 120_000);

  it('is deferred first (accepted inside the 3-second window), then shows progress in edits ≥ ~1.5 s apart', () => {
    const events = h.fake.eventsOf(interaction);
    expect(events[0]).toMatchObject({ kind: 'callback', callbackType: 5 });
    const progress = events.filter((e) => e.kind === 'edit-original' && e.content?.startsWith('⏳'));
    // the first edit announces the run; a later one reports training (or drawing) after ≥ 1.5 s
    const timeline = events.map((e) => `${e.kind} +${e.at - interaction.createdAt}ms ${e.content?.slice(0, 90)}`).join('\n');
    expect(timeline).toMatch(/edit-original .*⏳.*training spiral for 2000 epochs/);
    expect(timeline).toMatch(/edit-original .*⏳.*(epoch \d+\/2000|drawing)/);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(1400);
    expect(h.fake.violations).toEqual([]);
  });

  it('ends with the summary, PNG attachments that decode (boundary, loss curve) and the follow-up buttons', async () => {
    expect(result.content + JSON.stringify(result.embeds)).toMatch(/Spiral/i);
    expect(isPublic(result)).toBe(true);
    await expectDecodablePngs(result);
    const ids = (result.components as { components: { custom_id?: string; label: string }[] }[]).flatMap((r) => r.components);
    expect(ids.map((c) => c.label)).toContain('Train again with a new seed');
  });

  it('"Train again with a new seed" routes back to /train and answers with a new result', async () => {
    const again = (result.components as { components: { custom_id?: string; label: string }[] }[])
      .flatMap((r) => r.components)
      .find((c) => c.label === 'Train again with a new seed')!;
    const click = h.fake.clickButton(result.id, again.custom_id!);
    const second = await finalMessage(click);
    await expectDecodablePngs(second);
    expect(second.id).not.toBe(result.id);
    expect(h.fake.violations).toEqual([]);
  }, 120_000);
});

describe('/train with a malformed option', () => {
  it('answers privately with what to type instead, and trains nothing', async () => {
    const interaction = h.fake.runSlashCommand('train', { layers: 'eight,eight' });
    const answer = await h.fake.waitFor(
      () => h.fake.followUps(interaction)[0] ?? (h.fake.original(interaction)?.content ? h.fake.original(interaction) : undefined),
      'the error',
    );
    expect(answer.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(answer.content).toMatch(/layers/);
    expect(answer.attachments).toHaveLength(0);
  });
});

function isPublic(message: StoredMessage): boolean {
  return (message.flags & MESSAGE_FLAGS.ephemeral) === 0;
}
