import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLimits } from '../../src/chat/limits.ts';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { CommandDef, PlatformName, Reply } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

let commands: CommandDef[];
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

async function runOn(platform: PlatformName, options: Record<string, unknown>): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchCommand({ command: 'dataset', options, caller: { ...testCaller({ userId: `draw-${platform}` }), platform }, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder.final!;
}

describe('/dataset draw', () => {
  it('in the web chat: a private reply carrying the drawing canvas with the bot\'s point limit', async () => {
    const reply = await runOn('local', { action: 'draw' });
    expect(reply.error).toBeUndefined();
    expect(reply.ephemeral).toBe(true);
    expect(reply.widget).toEqual({ kind: 'draw-dataset', maxPoints: getLimits().maxPoints });
    expect(reply.text).toContain('Train on this');
    expect(reply.images ?? []).toEqual([]);
  });

  it.each(['discord', 'slack', 'cli'] as const)('on %s: a private note that drawing is a web-chat feature and how to upload a CSV there instead, no canvas', async (platform) => {
    const reply = await runOn(platform, { action: 'draw' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.widget).toBeUndefined();
    expect(reply.text).toMatch(/feature of the local web chat/);
    expect(reply.text).toContain('`x1,x2,label`');
    expect(reply.text).toMatch(platform === 'cli' ? /--data points\.csv/ : platform === 'slack' ? /share your CSV file in this channel/ : /`data` option/);
  });

  it('an unknown action is refused naming the allowed ones', async () => {
    const reply = await runOn('local', { action: 'paint' });
    expect(reply.error?.kind).toBe('user');
    expect(reply.text).toMatch(/`action` must be one of show, draw, save, list, delete, share/);
  });

  it('without an action /dataset still shows a built-in set (moons) with its picture', async () => {
    const reply = await runOn('local', { dataset: 'moons' });
    expect(reply.widget).toBeUndefined();
    expect(reply.text).toContain('**Two moons** (`moons`)');
    expect(reply.images).toHaveLength(1);
  });
});

describe('/dataset draw typed as words', () => {
  it('nn-tutor dataset draw (CLI): the lone word `draw` sets action, and the answer says how to give a file instead', async () => {
    const { runChatVerb } = await import('../../src/platforms/cli/chat-verbs.ts');
    const output = await runChatVerb('dataset', { positional: ['draw'], flags: new Map() }, () => undefined);
    expect(JSON.stringify(output)).toContain('feature of the local web chat');
    expect(JSON.stringify(output)).toContain('--data points.csv');
  });
});

describe('/playground with a dataset the Playground lacks', () => {
  it('moons: offered as the closest setup, not as this setup, with the reason first', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'playground', options: { dataset: 'moons' }, caller: testCaller({ userId: 'pg-moons' }), responder, commands });
    const text = responder.final!.text ?? '';
    expect(text).toMatch(/^The closest setup TensorFlow Playground has to this one:/);
    expect(text).toContain('dataset moons cannot be opened in the TensorFlow Playground');
    expect((responder.final!.data as { fits: boolean }).fits).toBe(false);
  });
});
