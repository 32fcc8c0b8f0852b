import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { startHarness, type Harness } from './harness.ts';

const ping = defineCommand({
  name: 'ping',
  description: 'Answers pong',
  options: [],
  async run(ctx) {
    await ctx.reply(`pong, ${ctx.caller.displayName}`);
  },
});

describe('a plain command', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([ping]);
  });
  afterAll(async () => h?.close());

  it('is answered in the channel, addressing the member by their display name', async () => {
    const interaction = h.fake.runSlashCommand('ping');
    const message = await h.fake.waitFor(() => h.fake.original(interaction), 'reply');
    expect(message.content).toBe('pong, Ada Lovelace');
    expect(h.fake.violations).toEqual([]);
  });
});
