/**
 * The question an /architecture run asks about itself, on Discord through the real discord.js client
 * and the fake Discord: lettered buttons under the result; another member's press is refused, the
 * runner's press is judged from the stored question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import type { StoredMessage } from '../../fakes/discord/payloads.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  const commands = await loadCommands();
  h = await startHarness(commands);
  await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, guildId: h.fake.guild.id, apiUrl: h.fake.apiUrl }, commands);
}, 120_000);
afterAll(async () => {
  await h?.close();
  closeStore();
  cleanupTempDirs();
});

/** The interaction's answer once it shows something final (its @original, or its first follow-up). */
function answered(interaction: FakeInteraction, timeoutMs = 60_000): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const message = h.fake.followUps(interaction)[0] ?? h.fake.original(interaction);
    return message && !message.isLoading && message.content.length > 0 && !message.content.startsWith('⏳') ? message : undefined;
  }, 'the answer', timeoutMs);
}

describe('Discord: the question about your /architecture run', () => {
  it('rnn run → A–E buttons; another member is told it is someone else\'s run; the runner\'s right press → Right!', async () => {
    const run = h.fake.runSlashCommand('architecture', { model: 'rnn', epochs: 1, size: 60, seed: 3 });
    const result = await answered(run, 200_000);
    expect(result.content).toContain('A question about your run:');
    const buttons = result.components.flatMap((row) => (row as { components: { label?: string; custom_id?: string }[] }).components);
    expect(buttons.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D', 'E']);
    const id = /^architecture:q:([A-Za-z0-9_-]+):0$/.exec(buttons[0].custom_id!)![1];
    const stored = (await getStore().runQuestions.get(id))!.question as { answer: number };
    const right = buttons[stored.answer].custom_id!;
    const byOther = await answered(h.fake.clickButton(result.id, right, { as: 'lecturer' }));
    expect(byOther.content).toMatch(/someone else's run/);
    const mine = await answered(h.fake.clickButton(result.id, right));
    expect(mine.content).toMatch(/✅ \*\*Right!\*\*/);
    expect(h.fake.violations).toEqual([]);
  }, 240_000);
});
