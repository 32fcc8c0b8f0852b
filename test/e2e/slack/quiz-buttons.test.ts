/**
 * /quiz on Slack, end to end through the real Bolt app: the choices are shown in a shuffled order,
 * and pressing the button whose letter stands next to the right answer is judged right (and the
 * letter next to a wrong one, wrong) — the button's value carries the shown position all the way back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { correctAnswerText, choicesOf } from '../../../src/tutor/answers.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { blocksText, buttonClickPayload, buttonsOf, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;
let commands: CommandDef[];

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  commands = await loadCommands();
  harness = await startHttpHarness(commands);
});

afterAll(async () => {
  await harness?.stop();
  closeStore();
  cleanupTempDirs();
});

const STUDENT = { id: 'U0QUIZZER', name: 'quinn' };
const LETTERS = ['A', 'B', 'C', 'D'];
const plain = (text: string) => text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();

/** The bank question on screen and the letter printed before each of its choices. */
function readQuestion(text: string) {
  const shown = plain(text);
  const question = getContent().questions.find((q) => shown.includes(plain(q.prompt)) && choicesOf(q).every((c) => shown.includes(plain(c))));
  if (!question) throw new Error(`no bank question on screen:\n${shown}`);
  const letterOf = (choice: string) => LETTERS.find((l) => shown.includes(`${l}. ${plain(choice)}`));
  return { question, rightLetter: letterOf(correctAnswerText(question))!, wrongLetter: LETTERS.find((l) => l !== letterOf(correctAnswerText(question)) && shown.includes(`${l}. `))! };
}

async function ask(): Promise<{ text: string; blocks: unknown }> {
  const fields = slashCommandFields(harness.fake, '/quiz', 'topic:how-to-train', STUDENT);
  await postSigned(harness.eventsUrl, fields);
  const reply = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url).find((p) => buttonsOf(p.body.blocks).length > 0), 'the question');
  return { text: blocksText(reply.body.blocks), blocks: reply.body.blocks };
}

async function press(blocks: unknown, letter: string): Promise<string> {
  const button = buttonsOf(blocks).find((b) => b.text.text === letter)!;
  const payload = buttonClickPayload(harness.fake, { action_id: button.action_id, value: button.value, text: letter }, undefined, STUDENT);
  await postAction(harness.eventsUrl, payload);
  const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(String(payload.response_url)).at(-1), 'the verdict');
  return blocksText(answer.body.blocks);
}

describe('Slack: /quiz buttons follow the shown order', () => {
  it('the letter next to the right answer is right, a letter next to a wrong one is wrong', async () => {
    // answer right until a question is shown in an order other than the bank's, so the test can tell the two apart
    let movedRight = 0;
    for (let i = 0; i < 8 && movedRight === 0; i++) {
      const asked = await ask();
      const { question, rightLetter } = readQuestion(asked.text);
      if (LETTERS.indexOf(rightLetter) !== choicesOf(question).indexOf(correctAnswerText(question))) movedRight++;
      expect(await press(asked.blocks, rightLetter)).toContain('Right!');
    }
    expect(movedRight, 'a question was shown shuffled').toBeGreaterThan(0);

    const asked = await ask();
    const read = readQuestion(asked.text);
    const verdict = await press(asked.blocks, read.wrongLetter);
    expect(verdict).toContain('Not quite');
    expect(plain(verdict)).toContain(plain(correctAnswerText(read.question)));
  }, 60_000);
});
