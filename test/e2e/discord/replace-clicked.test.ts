/**
 * A reply with `replacesClickedMessage` after a slow start, through discord.js and the fake: the
 * safety acknowledgement on a click on the bot's private message is DEFERRED_UPDATE_MESSAGE (6),
 * then PATCH @original updates the clicked message; work that shows progress gets a "working…"
 * message of its own, so the clicked message is never overwritten by a progress bar; a public
 * message is never replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { CALLBACK, type FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { startHarness, type Harness } from './harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const buttons = [[
  { id: 'pages:slow', label: 'Slow next' },
  { id: 'pages:work', label: 'Work with progress' },
  { id: 'pages:deferred', label: 'Defer then replace' },
]];

/** A test command whose buttons answer late, with the in-place flag. */
const pages = defineCommand({
  name: 'pages',
  description: 'Pages that replace the clicked one',
  options: [{ name: 'public', type: 'boolean', description: 'Post the first page publicly', default: false }],
  async run(ctx) {
    await ctx.reply({ text: 'page 1', buttons, ephemeral: ctx.options.public !== true });
  },
  async onComponent(ctx) {
    if (ctx.action === 'slow') {
      await sleep(400); // past the 50 ms safety deadline
      await ctx.reply({ text: 'page 2 (slow)', buttons, ephemeral: true, replacesClickedMessage: true });
    } else if (ctx.action === 'work') {
      await sleep(200);
      await ctx.progress(0.5, 'half way');
      await sleep(200);
      await ctx.reply({ text: 'result of the work', ephemeral: true });
    } else {
      await ctx.defer({ ephemeral: true });
      await ctx.reply({ text: 'page 2 (after defer)', buttons, ephemeral: true, replacesClickedMessage: true });
    }
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness([pages], { ackDeadlineMs: 50, progressIntervalMs: 50 });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const callbackTypes = (interaction: FakeInteraction) =>
  h.fake.eventsOf(interaction).filter((e) => e.kind === 'callback').map((e) => e.callbackType);
const isEphemeral = (message: StoredMessage) => (message.flags & MESSAGE_FLAGS.ephemeral) !== 0;

async function firstPage(options: Record<string, boolean> = {}): Promise<StoredMessage> {
  const command = h.fake.runSlashCommand('pages', options);
  return h.fake.waitFor(() => {
    const message = h.fake.original(command);
    return message?.content === 'page 1' ? message : undefined;
  }, 'page 1');
}

describe('Discord: replies that replace the clicked private message', () => {
  it('a slow in-place reply → deferred update (6), then PATCH @original edits the clicked message; nothing new is posted', async () => {
    const page = await firstPage();
    const before = h.fake.messages.size;
    const click = h.fake.clickButton(page.id, 'pages:slow');
    await h.fake.waitFor(() => h.fake.messages.get(page.id)!.content === 'page 2 (slow)', 'page 2');
    expect(callbackTypes(click)).toEqual([CALLBACK.deferredUpdate]);
    expect(h.fake.eventsOf(click).map((e) => e.kind)).toEqual(['callback', 'edit-original']);
    expect(h.fake.messages.size).toBe(before);
    expect(isEphemeral(h.fake.messages.get(page.id)!)).toBe(true);
  });

  it('progress after a deferred update goes to a "working…" message of its own; the clicked message stays', async () => {
    const page = await firstPage();
    const click = h.fake.clickButton(page.id, 'pages:work');
    const result = await h.fake.waitFor(() => {
      const message = h.fake.followUps(click)[0];
      return message?.content === 'result of the work' ? message : undefined;
    }, 'the result');
    expect(callbackTypes(click)).toEqual([CALLBACK.deferredUpdate]);
    expect(h.fake.eventsOf(click).some((e) => e.kind === 'edit-message' && e.content?.includes('half way'))).toBe(true);
    expect(result.id).not.toBe(page.id);
    expect(h.fake.messages.get(page.id)!.content).toBe('page 1');
  });

  it('after the command itself deferred ("thinking…"), the in-place reply lands in that new message', async () => {
    const page = await firstPage();
    const click = h.fake.clickButton(page.id, 'pages:deferred');
    const answer = await h.fake.waitFor(() => {
      const message = h.fake.original(click);
      return message?.content === 'page 2 (after defer)' ? message : undefined;
    }, 'the answer');
    expect(callbackTypes(click)).toEqual([CALLBACK.deferredMessage]);
    expect(answer.id).not.toBe(page.id);
    expect(h.fake.messages.get(page.id)!.content).toBe('page 1');
  });

  it('a click on a public message is never replaced: the in-place reply comes as a new private message', async () => {
    const page = await firstPage({ public: true });
    expect(isEphemeral(page)).toBe(false);
    const click = h.fake.clickButton(page.id, 'pages:slow');
    const answer = await h.fake.waitFor(() => {
      const message = h.fake.followUps(click)[0] ?? h.fake.original(click);
      return message?.content === 'page 2 (slow)' ? message : undefined;
    }, 'the answer');
    expect(answer.id).not.toBe(page.id);
    expect(isEphemeral(answer)).toBe(true);
    expect(h.fake.messages.get(page.id)!.content).toBe('page 1');
  });
});
