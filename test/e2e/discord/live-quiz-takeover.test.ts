/**
 * Discord: a live-quiz question whose reveal timer was lost (the shard or instance that posted it
 * stopped) is revealed by another process's sweeper at the deadline and posted into the quiz's
 * channel over REST (POST /channels/{id}/messages), once, with the lecturer's buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { cancelReveal, pendingRevealCount } from '../../../src/tutor/live-timers.ts';
import { startLiveQuizSweeper, type LiveQuizSweeper } from '../../../commands/_lib/live-quiz-sweeper.ts';
import { channelMessagesOf } from '../../fakes/discord/channel-messages.ts';
import type { StoredMessage } from '../../fakes/discord/payloads.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let sweeper: LiveQuizSweeper | undefined;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  const commands = await loadCommands();
  h = await startHarness(commands);
  await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, guildId: h.fake.guild.id, apiUrl: h.fake.apiUrl }, commands);
}, 120_000);
afterAll(async () => {
  await sweeper?.stop();
  await h?.close();
  closeStore();
  cleanupTempDirs();
});

const plain = (text: string) => text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
const customIds = (message: { components: Record<string, unknown>[] }) =>
  message.components.flatMap((row) => (row as { components: { custom_id?: string; label?: string }[] }).components);

describe('Discord: live-quiz reveal taken over by another process', () => {
  it('the timer of the process that posted the question is lost → the sweeper reveals at the deadline and posts once in the channel', async () => {
    h.fake.runSlashCommand('quiz', { mode: 'live', questions: 1, seconds: 5, topic: 'how-to-train' }, { as: 'lecturer' });
    const question = await h.fake.waitFor(
      () => [...h.fake.messages.values()].find((m: StoredMessage) => plain(m.content).includes('Live quiz · question 1/1') && m.components.length > 0),
      'the live question',
    );
    const sessionId = customIds(question).find((b) => b.custom_id?.startsWith('quiz:la:'))!.custom_id!.split(':')[2]!;
    await expect.poll(() => pendingRevealCount(), { timeout: 10_000 }).toBe(1); // the posting process armed its timer…
    cancelReveal(sessionId); // …and lost it, as if it had stopped
    sweeper = startLiveQuizSweeper({ intervalMs: 200 });
    const reveal = await h.fake.waitFor(() => channelMessagesOf(h.fake).find((m) => plain(m.content).includes("Time's up! Question 1/1")), 'the reveal in the channel', 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; requests: ${h.fake.requests.slice(-8).map((r) => `${r.method} ${r.path}`).join(', ')}; refused: ${JSON.stringify(h.fake.violations.slice(-3))}; session ${sessionId}`);
    });
    expect(reveal.channelId).toBe(h.fake.guild.channelId);
    expect(plain(reveal.content)).toContain('Question 1/1: 0 answers');
    expect(customIds(reveal).map((b) => b.label)).toContain('🏆 Podium');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several more sweeps
    const reveals = [...channelMessagesOf(h.fake), ...h.fake.messages.values()].filter((m) => plain(m.content).includes("Time's up!"));
    expect(reveals).toHaveLength(1);
  }, 60_000);
});
