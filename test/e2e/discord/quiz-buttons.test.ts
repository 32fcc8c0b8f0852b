/**
 * /quiz on Discord, end to end through the real discord.js client and the fake Discord: the
 * choices are shown shuffled, and the button whose letter stands next to the right answer is judged
 * right (one next to a wrong answer, wrong) — the custom_id carries the shown position all the way back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { choicesOf, correctAnswerText } from '../../../src/tutor/answers.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import type { StoredMessage } from '../../fakes/discord/payloads.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  const commands = await loadCommands();
  h = await startRegisteredHarness(commands);
}, 120_000);
afterAll(async () => {
  await h?.close();
  closeStore();
  cleanupTempDirs();
});

const LETTERS = ['A', 'B', 'C', 'D'];
const plain = (text: string) => text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();

function answered(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const message = h.fake.original(interaction);
    return message && !message.isLoading && message.content.length > 0 ? message : undefined;
  }, 'the answer', 30_000);
}

/** The custom_id of the answer button labelled `letter`. */
function buttonId(message: StoredMessage, letter: string): string {
  const buttons = message.components.flatMap((row) => (row as { components: { label?: string; custom_id?: string }[] }).components);
  return buttons.find((b) => b.label === letter)!.custom_id!;
}

function readQuestion(text: string) {
  const shown = plain(text);
  const question = getContent().questions.find((q) => shown.includes(plain(q.prompt)) && choicesOf(q).every((c) => shown.includes(plain(c))));
  if (!question) throw new Error(`no bank question on screen:\n${shown}`);
  const rightLetter = LETTERS.find((l) => shown.includes(`${l}. ${plain(correctAnswerText(question))}`))!;
  return { question, rightLetter, wrongLetter: LETTERS.find((l) => l !== rightLetter && shown.includes(`${l}. `))! };
}

describe('Discord: /quiz buttons follow the shown order', () => {
  it('the letter next to the right answer is right, a letter next to a wrong one is wrong', async () => {
    let movedRight = 0;
    for (let i = 0; i < 8 && movedRight === 0; i++) {
      const asked = await answered(h.fake.runSlashCommand('quiz', { topic: 'how-to-train' }));
      const { question, rightLetter } = readQuestion(asked.content);
      if (LETTERS.indexOf(rightLetter) !== choicesOf(question).indexOf(correctAnswerText(question))) movedRight++;
      expect((await answered(h.fake.clickButton(asked.id, buttonId(asked, rightLetter)))).content).toContain('Right!');
    }
    expect(movedRight, 'a question was shown shuffled').toBeGreaterThan(0);

    const asked = await answered(h.fake.runSlashCommand('quiz', { topic: 'how-to-train' }));
    const read = readQuestion(asked.content);
    const verdict = (await answered(h.fake.clickButton(asked.id, buttonId(asked, read.wrongLetter)))).content;
    expect(verdict).toContain('Not quite');
    expect(plain(verdict)).toContain(plain(correctAnswerText(read.question)));
  }, 90_000);
});
