/** `/dataset draw` typed in Slack (real Bolt app, fake Slack): a private note pointing to the web chat and to uploading a CSV. */
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

describe('Slack: /dataset draw', () => {
  it('answers privately that drawing is a web-chat feature and how to share a CSV file here instead', async () => {
    const fields = slashCommandFields(harness.fake, '/dataset', 'draw', { id: 'U0DRAWER', name: 'ada' });
    const ack = await postSigned(harness.eventsUrl, fields);
    expect(ack.status).toBe(200);
    const answer = await harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url).find((p) => blocksText(p.body.blocks).includes('web chat')), 'the draw note');
    expect(answer.body.response_type).toBe('ephemeral');
    const text = blocksText(answer.body.blocks);
    expect(text).toContain('feature of the local web chat');
    expect(text).toContain('share your CSV file in this channel');
    expect(text).toContain('`/train data:paste`');
    expect(text).toContain('`x1,x2,label`');
  });
});
