/**
 * Issue 13 item 12 / issue 14 on Slack, where every value is typed text: misspelt option names and
 * values get "Did you mean …?", free-text lists are read strictly, all in the one wording and only
 * to the caller. Real commands through the real Bolt app in HTTP mode against the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { blocksText, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;

beforeAll(async () => {
  harness = await startHttpHarness(await loadCommands());
});
afterAll(async () => {
  await harness?.stop();
});

const STUDENT = { id: 'U0SPELLER', name: 'cy' };

/** Sends a slash command and returns what the caller alone is told (the ack's text, or the first ephemeral response). */
async function privateAnswer(command: string, text: string): Promise<string> {
  const fields = slashCommandFields(harness.fake, command, text, STUDENT);
  const ack = await postSigned(harness.eventsUrl, fields);
  expect(ack.status).toBe(200);
  if (ack.text) {
    const body = JSON.parse(ack.text) as { response_type?: string; text?: string; blocks?: unknown };
    expect(body.response_type ?? 'ephemeral').toBe('ephemeral');
    return `${body.text ?? ''}\n${blocksText(body.blocks)}`;
  }
  const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url)[0], 'the error');
  expect(answer.body.response_type).toBe('ephemeral');
  return blocksText(answer.body.blocks);
}

describe('Slack: typed option names and values', () => {
  it('layer:8,8 → "Did you mean `layers`?"', async () => {
    expect(await privateAnswer('/train', 'layer:8,8')).toContain('There is no option `layer`. Did you mean `layers`?');
  });

  it('activation:sigmoud → "Did you mean `sigmoid`?"', async () => {
    expect(await privateAnswer('/train', 'activation:sigmoud')).toMatch(/`activation` must be one of .*, not `sigmoud`\. Did you mean `sigmoid`\?/);
  });

  it('/nn train layers:",,,," → refused (it used to mean no hidden layer)', async () => {
    expect(await privateAnswer('/nn', 'train layers:",,,,"')).toContain('not `,,,,`. It has an empty item.');
  });

  it('features:x1,x1,x1 → refused; datset:xor → "Did you mean `dataset`?"', async () => {
    expect(await privateAnswer('/train', 'features:x1,x1,x1')).toContain('`x1` appears more than once.');
    expect(await privateAnswer('/train', 'datset:xor')).toContain('There is no option `datset`. Did you mean `dataset`?');
  });

  it('lr:1e400 → the range, in the same sentence as everywhere', async () => {
    expect(await privateAnswer('/train', 'lr:1e400')).toContain('`lr` must be a number greater than 0 and at most 10, not `1e400`.');
  });

  it('/nn with words instead of a command → the command they ask for; a misspelt command → the one meant', async () => {
    expect(await privateAnswer('/nn', 'show me relu')).toContain('There is no command `/nn show`. Did you mean `/nn activation name:relu`?');
    expect(await privateAnswer('/nn', 'trian dataset:xor')).toContain('There is no command `/nn trian`. Did you mean `/nn train dataset:xor`?');
    expect(await privateAnswer('/nn', 'qiuz')).toContain('There is no command `/nn qiuz`. Did you mean `/nn quiz`?');
  });

  it('/train a spiral (words where options belong) → the options meant, before the usage', async () => {
    expect(await privateAnswer('/train', 'a spiral')).toMatch(/^Did you mean `\/train dataset:spiral`\? I couldn't read that:/);
    expect(await privateAnswer('/nn', 'train xor with relu')).toMatch(/^Did you mean `\/nn train dataset:xor activation:relu`\? I couldn't read that:/);
  });
});
