/**
 * Issue 13 item 12 and issue 14 "Suggestions", through the router with the real commands: every
 * bad option is refused before anything runs (no defer, no job), privately, in one wording —
 * "`name` must be ALLOWED, not `VALUE`." — with "Did you mean …?" where a near spelling exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { CommandDef, Reply } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { FakeResponder, testCaller } from './fake-responder.ts';

let commands: CommandDef[];
let nextUser = 0;
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

/** Runs a command as a fresh user and returns the one private error it must answer with. */
async function refusal(command: string, options: unknown): Promise<string> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options: options as Record<string, unknown>, caller: testCaller({ userId: `strict-${nextUser++}` }), responder, commands });
  expect(responder.violations).toEqual([]);
  // Refused before anything runs: the first and only call is the error reply (no "thinking…" defer).
  expect(responder.calls.map((c) => c.kind)).toEqual(['reply']);
  const reply = (responder.calls[0] as { reply: Reply }).reply;
  expect(reply.error?.kind).toBe('user');
  expect(reply.ephemeral).toBe(true);
  return reply.text ?? '';
}

async function answer(command: string, options: Record<string, unknown>): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options, caller: testCaller({ userId: `strict-${nextUser++}` }), responder, commands });
  return responder.final!;
}

describe('bad options are refused, not run with something else (issue 13 item 12)', () => {
  it('options as an array or a string → refused, naming what /train takes (not trained with defaults)', async () => {
    for (const options of [['dataset', 'spiral'], 'dataset:spiral']) {
      const text = await refusal('train', options);
      expect(text).toMatch(/^`options` must be an object of option names and values, e\.g\. \{"dataset": "circle"\}, not `/);
      expect(text).toContain('/train takes dataset, data, points, noise');
    }
  });

  it('layers of nothing but commas → refused (it used to mean "no hidden layer")', async () => {
    expect(await refusal('train', { layers: ',,,,' })).toBe(
      '`layers` must be up to 10 sizes from 1 to 64 separated by commas (e.g. 8,8), or none, not `,,,,`. It has an empty item.',
    );
  });

  it('layers 8,,8 → refused (it used to become 8,8)', async () => {
    expect(await refusal('train', { layers: '8,,8' })).toMatch(/^`layers` must be .*, not `8,,8`\. It has an empty item\.$/);
  });

  it('features x1,x1,x1 → refused (it used to become x1)', async () => {
    expect(await refusal('train', { features: 'x1,x1,x1' })).toBe(
      '`features` must be names of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 separated by commas, each once, not `x1,x1,x1`. `x1` appears more than once.',
    );
  });

  it('an unknown feature → refused with the feature meant', async () => {
    expect(await refusal('train', { features: 'x1,x1sqr' })).toMatch(/`x1sqr` is not a feature\. Did you mean `x1sq`\?$/);
  });

  it('lr 1e400 (as JSON, i.e. Infinity, or as text) → a range, not "not null"', async () => {
    expect(await refusal('train', { lr: Number('1e400') })).toBe('`lr` must be a number greater than 0 and at most 10, not `Infinity`.');
    expect(await refusal('train', { lr: '1e400' })).toBe('`lr` must be a number greater than 0 and at most 10, not `1e400`.');
  });

  it('lr 0 → refused before training starts, in the same wording', async () => {
    expect(await refusal('train', { lr: 0 })).toBe('`lr` must be a number greater than 0 and at most 10, not `0`.');
  });

  it('batch-size, split and every other number or list option get the same sentence', async () => {
    expect(await refusal('train', { 'batch-size': '1e400' })).toBe('`batch-size` must be a whole number from 1 to 5000, or full, not `1e400`.');
    expect(await refusal('train', { 'batch-size': 'ful' })).toMatch(/not `ful`\. Did you mean `full`\?$/);
    expect(await refusal('dataset', { split: '70,,30' })).toMatch(/^`split` must be train,validation,test in percent .*, not `70,,30`\. It has an empty item\.$/);
    expect(await refusal('train', { epochs: Number('1e400') })).toBe('`epochs` must be a whole number from 1 to 10000, not `Infinity`.');
    expect(await refusal('train', { noise: '0x10' })).toBe('`noise` must be a whole number from 0 to 50, not `0x10`.');
    expect(await refusal('playground', { layers: ',' })).toMatch(/^`layers` must be .* It has an empty item\.$/);
    expect(await refusal('compare', { seeds: 1e6 })).toBe('`seeds` must be a whole number from 1 to 10, not `1000000`.');
  });

  it('/cost with 10,000 layer sizes → a short refusal naming the limit, as text or as a JSON list', async () => {
    const sizes = Array.from({ length: 10_000 }, () => 5);
    for (const layers of [sizes.join(','), sizes]) {
      const text = await refusal('cost', { layers });
      expect(text).toMatch(/^`layers` must be at most 1000 characters \(it has 19999\), not `5,5,5/);
      expect(text.length).toBeLessThan(200);
    }
  });

  it('/cost with more layers than it tabulates, an empty item or a size of 0 → refused, naming the rule', async () => {
    const forty = Array.from({ length: 40 }, () => 8).join(',');
    expect(await refusal('cost', { layers: forty })).toMatch(/^`layers` must be 2 to 32 whole numbers from 1 to 100000 separated by commas \(e\.g\. 5,64,64,2\), not `8,8,.*`\. It has 40 items\.$/);
    expect(await refusal('cost', { layers: '5,,64,2' })).toMatch(/not `5,,64,2`\. It has an empty item\.$/);
    expect(await refusal('cost', { layers: '5,0,2' })).toMatch(/`0` is not a whole number from 1 to 100000\.$/);
    expect(await refusal('cost', { layers: '5' })).toMatch(/It has only one\.$/);
  });

  it('/cost at its largest still answers with a short table (huge counts in scientific notation)', async () => {
    const reply = await answer('cost', { layers: Array.from({ length: 32 }, () => 100_000).join(','), points: 100_000_000, 'batch-size': 100_000 });
    expect(reply.error).toBeUndefined();
    expect(reply.text!.length).toBeLessThan(4000);
    expect(reply.text).toMatch(/\d\.\de\+\d+/);
    expect(reply.text).not.toMatch(/\d{7,}\.\d (billion|trillion)/);
  });

  it('/activation compare with an empty item, a repeat or a misspelling → refused with the name meant', async () => {
    expect(await refusal('activation', { compare: 'sigmoid,,tanh' })).toMatch(/^`compare` must be up to 10 names of identity, .* each once \(e\.g\. sigmoid,tanh,relu\), not `sigmoid,,tanh`\. It has an empty item\.$/);
    expect(await refusal('activation', { compare: 'relu,relu' })).toMatch(/`relu` appears more than once\.$/);
    expect(await refusal('activation', { compare: 'tanh,sigmoud' })).toMatch(/`sigmoud` is not one of them\. Did you mean `sigmoid`\?$/);
  });

  it('/compare values with an empty item, a repeat, one value or a misspelling → refused before any run', async () => {
    expect(await refusal('compare', { values: 'tanh,,relu' })).toMatch(/^`values` must be 2 to 10 names of identity, .*, not `tanh,,relu`\. It has an empty item\.$/);
    expect(await refusal('compare', { values: 'tanh,tanh' })).toMatch(/`tanh` appears more than once\.$/);
    expect(await refusal('compare', { values: 'tanh' })).toMatch(/It has only one\.$/);
    expect(await refusal('compare', { setting: 'optimizer', values: 'sgd,adma' })).toMatch(/`adma` is not one of them\. Did you mean `adam`\?$/);
    expect(await refusal('compare', { setting: 'depth', values: '1,99' })).toMatch(/`99` is not a whole number from 0 to 10\.$/);
  });
});

describe('rules across options are checked before anything is acknowledged or queued', () => {
  it('reg-rate with regularization none, or early stopping without a validation split → a private refusal, no "thinking…"', async () => {
    expect(await refusal('train', { regularization: 'none', 'reg-rate': 0.1 })).toBe('`reg-rate` needs regularization l1 or l2 (regularization is none).');
    expect(await refusal('train', { 'early-stopping': 20 })).toMatch(/^`early-stopping` watches the validation loss, so it needs a validation split/);
    expect(await refusal('dataset', { split: '100,0,0' })).toMatch(/^`split` must be /);
    expect(await refusal('compare', { values: 'tanh,relu,sigmoid', seeds: 10 })).toBe('That is 30 runs (values × seeds); this bot allows 24. Use fewer values or seeds.');
    expect(await refusal('compare', { setting: 'lr', values: '0.1,99' })).toBe('`lr` must be a number greater than 0 and at most 10, not `99`.');
  });

  it('a Playground link with a misspelt value → refused before training, with the value meant', async () => {
    const url = 'https://playground.tensorflow.org/#activation=sigmoud&dataset=circle&networkShape=4,2';
    expect(await refusal('playground', { url })).toBe("`url` could not be read as a Playground link: The link's `activation` must be one of relu, tanh, sigmoid, linear, not `sigmoud`. Did you mean `sigmoid`?");
  });
});

describe('"Did you mean …?" for commands, options and values (issue 14)', () => {
  it('a misspelt option name → the option meant, without the list of all 21', async () => {
    expect(await refusal('train', { layer: '8,8' })).toBe('There is no option `layer`. Did you mean `layers`?');
    expect(await refusal('train', { datset: 'spiral' })).toBe('There is no option `datset`. Did you mean `dataset`?');
  });

  it('a misspelt value → the value meant: activations, datasets, optimisers, lessons', async () => {
    expect(await refusal('train', { activation: 'sigmoud' })).toMatch(/^`activation` must be one of identity, .*, not `sigmoud`\. Did you mean `sigmoid`\?$/);
    expect(await refusal('train', { dataset: 'spirall' })).toMatch(/not `spirall`\. Did you mean `spiral` or `spiral3`\?$/);
    expect(await refusal('train', { optimizer: 'rmsprob' })).toMatch(/not `rmsprob`\. Did you mean `rmsprop`\?$/);
    expect(await refusal('optimizers', { surface: 'ravin' })).toMatch(/not `ravin`\. Did you mean `ravine`\?$/);
  });

  it('a misspelt command, also inside /help → the command meant', async () => {
    expect(await refusal('trian', {})).toBe('There is no command `/trian`. Did you mean `/train`? Type `/help` to see them all.');
    expect(await refusal('help', { command: 'trian' })).toMatch(/^`command` must be one of .*, not `trian`\. Did you mean `train`\?$/);
  });
});
