/**
 * The question an /architecture run asks about itself, on Slack through the real Bolt app in HTTP
 * mode against the fake Slack: lettered buttons under the result; the runner's press on the right
 * letter is judged right from the stored question, a second press is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import type { ResponseUrlPost } from '../../fakes/slack/fake-slack.ts';
import { blocksText, buttonClickPayload, buttonsOf, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  harness = await startHttpHarness(await loadCommands());
});
afterAll(async () => {
  await harness?.stop();
  closeStore();
  cleanupTempDirs();
});

const STUDENT = { id: 'U0RUNQ', name: 'hedy' };

/** The first accepted post to `responseUrl` whose text satisfies `check`; fails at once on an apology. */
function waitForPost(responseUrl: string, check: (text: string) => boolean, what: string): Promise<ResponseUrlPost> {
  return harness.fake.waitFor(() => {
    const posts = harness.fake.responsesTo(responseUrl).filter((p) => p.accepted);
    const apology = posts.find((p) => (blocksText(p.body.blocks) + String(p.body.text ?? '')).includes('Sorry, something went wrong'));
    if (apology) throw new Error(`the tutor failed instead of answering: ${blocksText(apology.body.blocks)}`);
    return posts.find((p) => check(blocksText(p.body.blocks) + String(p.body.text ?? '')));
  }, what, 200_000);
}

describe('Slack: the question about your /architecture run', () => {
  it('rnn run → A–E buttons; the runner\'s press on the right letter → Right!; pressing again → already answered', async () => {
    const fields = slashCommandFields(harness.fake, '/architecture', 'model:rnn epochs:1 size:60 seed:4', STUDENT);
    expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
    const result = await waitForPost(fields.response_url, (t) => t.includes('A question about your run'), 'the result with its question');
    const buttons = buttonsOf(result.body.blocks);
    expect(buttons.map((b) => b.text.text)).toEqual(['A', 'B', 'C', 'D', 'E']);
    const id = /^architecture:q:([A-Za-z0-9_-]+):0$/.exec(buttons[0].value ?? buttons[0].action_id)![1];
    const stored = (await getStore().runQuestions.get(id))!.question as { answer: number };
    const right = buttons[stored.answer];
    const press = async () => {
      const click = buttonClickPayload(harness.fake, { action_id: right.action_id, value: right.value!, text: right.text.text }, { ts: result.messageTs ?? '1700000000.000001' }, STUDENT);
      expect((await postAction(harness.eventsUrl, click)).status).toBe(200);
      return click.response_url as string;
    };
    await waitForPost(await press(), (t) => t.includes('✅') && t.includes('Right!'), 'the verdict');
    await waitForPost(await press(), (t) => t.includes('already answered'), 'the refusal of a second answer');
  }, 240_000);
});
