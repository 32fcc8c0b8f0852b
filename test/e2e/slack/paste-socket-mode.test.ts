/**
 * `data:paste` over Socket Mode: the modal opens from a slash_commands envelope, and the
 * view_submission arrives as an interactive envelope whose ack carries the modal's answer
 * (errors under the box, or nothing to close it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { startSlackApp, type SlackAppHandle } from '../../../src/platforms/slack/index.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { blocksText, slashCommandFields, viewSubmissionPayload } from './harness.ts';

const readFile = defineCommand({
  name: 'readfile',
  description: 'Reads a data file (test command)',
  options: [{ name: 'data', type: 'attachment', description: 'A CSV or JSON file', required: true }],
  async run(ctx) {
    const file = ctx.attachments.find((a) => a.name === ctx.options.data);
    const bytes = await file!.read(10_000, ctx.signal);
    await ctx.reply(`Read ${bytes.length} bytes from ${file!.name}`);
  },
});

let fake: FakeSlack;
let app: SlackAppHandle;

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await startSlackApp({ botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, progressIntervalMs: 0 }, { commands: [readFile] });
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('the paste modal over Socket Mode', () => {
  it('opens from the slash command; an empty box is answered in the ack with an error; pasted text runs the command', async () => {
    const fields = slashCommandFields(fake, '/readfile', 'data:paste');
    expect((await fake.sendEnvelope('slash_commands', fields)).payload).toEqual({});
    const opened = await fake.waitFor(() => fake.openedViews[0], 'views.open');

    const empty = await fake.sendEnvelope('interactive', viewSubmissionPayload(opened, { pasted_data: { csv: '' } }));
    expect(empty.payload).toEqual({ response_action: 'errors', errors: { pasted_data: expect.stringContaining('header row') } });

    const filled = await fake.sendEnvelope('interactive', viewSubmissionPayload(opened, { pasted_data: { csv: 'x1,x2,label\n1,2,1\n' } }));
    expect(filled.payload).toEqual({});
    const answer = await fake.waitFor(() => fake.responsesTo(fields.response_url).find((p) => blocksText(p.body.blocks).includes('Read')), 'the answer');
    expect(blocksText(answer.body.blocks)).toContain('Read 18 bytes from pasted.csv');
  });
});
