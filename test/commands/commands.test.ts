import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { CommandDef, Reply, ReplyButton } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { DEFAULT_LIMITS, setLimits } from '../../src/chat/limits.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

let commands: CommandDef[];
let nextUser = 0;
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

async function run(command: string, options: Record<string, unknown> = {}): Promise<{ final: Reply; responder: FakeResponder }> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options, caller: testCaller({ userId: `user-${nextUser++}` }), responder, commands });
  expect(responder.violations).toEqual([]);
  return { final: responder.final!, responder };
}

async function click(id: string): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchComponent({ id, caller: testCaller({ userId: `user-${nextUser++}`, displayName: 'Grace' }), responder, commands });
  expect(responder.violations).toEqual([]);
  return responder.final!;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
function expectImages(reply: Reply, count: number, type: 'image/png' | 'image/gif' = 'image/png'): void {
  expect(reply.error).toBeUndefined();
  expect(reply.images?.length ?? 0).toBeGreaterThanOrEqual(count);
  // Attachments are saved and shown by name (Discord, --out): two with one name would overwrite each other.
  const names = reply.images!.map((i) => i.name);
  expect(new Set(names).size).toBe(names.length);
  for (const image of reply.images!.filter((i) => i.contentType === type)) {
    expect(image.data.subarray(0, 4).equals(type === 'image/png' ? PNG : Buffer.from('GIF8'))).toBe(true);
    expect(image.alt.length).toBeGreaterThan(10);
    expect(image.name).toMatch(type === 'image/png' ? /\.png$/ : /\.gif$/);
  }
}
function buttons(reply: Reply): ReplyButton[] {
  return (reply.buttons ?? []).flat();
}

describe('/train', () => {
  it('replies with the summary numbers, boundary and loss curve, after showing progress', async () => {
    const { final, responder } = await run('train', { dataset: 'spiral', layers: '8,8', epochs: 150, seed: 7 });
    expectImages(final, 2);
    expect(final.text).toMatch(/Spiral/);
    expect(final.text).toMatch(/Test accuracy \*\*\d+\.\d%\*\*/);
    expect(final.text).toMatch(/150 epochs/);
    const data = final.data as { final: { testAccuracy: number; testLoss: number }; params: number; epochs: number; spec: { seed: number } };
    expect(data.final.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(data.final.testAccuracy).toBeLessThanOrEqual(1);
    // 2 → 8 → 8 → 1: (2·8 + 8) + (8·8 + 8) + (8·1 + 1) = 105 parameters
    expect(data.params).toBe(105);
    expect(data.spec.seed).toBe(7);
    expect(responder.calls[0]!.kind).toBe('defer');
    expect(responder.progressCalls.length).toBeGreaterThan(0);
  });

  it('offers train-again, animate and network buttons whose ids fit in 100 characters and route back', async () => {
    const { final } = await run('train', { dataset: 'xor', features: 'x1x2', layers: 'none', epochs: 60, seed: 3 });
    const labels = buttons(final).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Train again with a new seed', 'Animate', 'Show the network']));
    for (const b of buttons(final)) if (!b.url) expect(b.id.length).toBeLessThanOrEqual(100);
    const again = await click(buttons(final).find((b) => b.label.startsWith('Train again'))!.id);
    expectImages(again, 2);
    expect(again.text).toMatch(/Grace trained again with seed \d+/);
    expect((again.data as { spec: { features: string[]; seed: number } }).spec.features).toEqual(['x1x2']);
    expect((again.data as { spec: { seed: number } }).spec.seed).not.toBe(3);
  });

  it('animates the training as a GIF and shows the network from the buttons', async () => {
    const { final } = await run('train', { dataset: 'circle', epochs: 40 });
    const animation = await click(buttons(final).find((b) => b.label === 'Animate')!.id);
    expectImages(animation, 1, 'image/gif');
    expect(animation.images![0]!.contentType).toBe('image/gif');
    const network = await click(buttons(final).find((b) => b.label === 'Show the network')!.id);
    expectImages(network, 1);
  });

  it('links to TensorFlow Playground when the setup fits there', async () => {
    const { final } = await run('train', { dataset: 'gauss', epochs: 20 });
    const link = buttons(final).find((b) => b.url);
    expect(link?.url).toMatch(/^https:\/\/playground\.tensorflow\.org\/#/);
    const { final: adam } = await run('train', { dataset: 'gauss', epochs: 20, optimizer: 'adam' });
    expect(buttons(adam).some((b) => b.url)).toBe(false);
  });

  it('stops a run at the bot\'s time budget and says so in the reply', async () => {
    setLimits({ runBudgetMs: 150 });
    try {
      const { final } = await run('train', { dataset: 'spiral', layers: '8,8,8', epochs: 2000, points: 2000, 'batch-size': 1 });
      expect(final.error).toBeUndefined();
      expect(final.text).toMatch(/hit the time limit/);
      expect((final.data as { stopReason: string }).stopReason).toBe('time-limit');
      expect((final.data as { epochs: number }).epochs).toBeLessThan(2000);
    } finally {
      setLimits(DEFAULT_LIMITS);
    }
  });

  it('rejects a malformed layer list and a network beyond the bot\'s limits, naming layers', async () => {
    const bad = (await run('train', { layers: '8,x' })).final;
    expect(bad.error?.kind).toBe('user');
    expect(bad.text).toMatch(/layers/);
    const big = (await run('train', { layers: '16,16,16,16,16,16,16' })).final;
    expect(big.error?.kind).toBe('user');
    expect(big.text).toMatch(/`layers` allows at most 6 hidden layers/);
  });
});

describe('/dataset', () => {
  it('draws the points and says what kind of problem it is', async () => {
    const { final } = await run('dataset', { dataset: 'spiral', noise: 10 });
    expectImages(final, 1);
    expect(final.text).toMatch(/binary classification/);
    const regression = (await run('dataset', { dataset: 'plane' })).final;
    expect(regression.text).toMatch(/regression/);
  });
});

describe('/activation', () => {
  it('plots one activation with its formula, derivative, range and vanishing-gradient note', async () => {
    const { final } = await run('activation', { name: 'sigmoid' });
    expectImages(final, 1);
    expect(final.text).toMatch(/1 \/ \(1 \+ e\^−x\)/);
    expect(final.text).toMatch(/Range: \(0, 1\)/);
    expect(final.text).toMatch(/Vanishing gradients/);
  });

  it('overlays several, and names the allowed values for an unknown one', async () => {
    const { final } = await run('activation', { compare: 'relu,gelu,elu' });
    expectImages(final, 1);
    expect((final.data as { activations: unknown[] }).activations).toHaveLength(3);
    const bad = (await run('activation', { compare: 'relu,swish' })).final;
    expect(bad.error?.kind).toBe('user');
    expect(bad.text).toMatch(/leaky-relu/);
  });
});

describe('/compare', () => {
  it('runs each value over several seeds and reports mean ± sd, epochs to threshold and a Welch test', async () => {
    const { final } = await run('compare', { setting: 'activation', values: 'tanh,identity', seeds: 3, dataset: 'circle', epochs: 60, threshold: 0.4 });
    expectImages(final, 1);
    expect(final.text).toMatch(/test loss mean ± sd/);
    expect(final.text).toMatch(/Welch's t-test/);
    expect(final.text).toMatch(/p = /);
    const groups = (final.data as { groups: { value: string; testLosses: number[] }[] }).groups;
    expect(groups.map((g) => g.value)).toEqual(['tanh', 'identity']);
    expect(groups.every((g) => g.testLosses.length === 3)).toBe(true);
  });

  it('refuses more runs than the bot allows and a single value', async () => {
    expect((await run('compare', { values: 'tanh,relu,sigmoid,elu,selu', seeds: 10 })).final.text).toMatch(/50 runs .* allows 24/);
    expect((await run('compare', { values: 'tanh' })).final.text).toMatch(/It has only one\./);
  });
});

describe('/optimizers', () => {
  it('draws the optimiser paths over the chosen surface and explains each optimiser', async () => {
    const { final } = await run('optimizers', { surface: 'saddle' });
    expectImages(final, 1);
    expect(final.text).toMatch(/Saddle/);
    expect(final.text).toMatch(/Adam/);
  });
});

describe('/overfit', () => {
  it('trains four variants and shows train vs validation loss with the remedies', async () => {
    const { final } = await run('overfit', { epochs: 120 });
    expectImages(final, 3);
    const variants = (final.data as { variants: { key: string; final: { trainLoss: number; valLoss: number } }[] }).variants;
    expect(variants.map((v) => v.key)).toEqual(['plain', 'early', 'l2', 'dropout']);
    expect(variants.every((v) => Number.isFinite(v.final.valLoss))).toBe(true);
  });
});

describe('/cost', () => {
  it('reproduces the lecture: 5-64-64-2 on 2000 points has 4674 parameters and ~9.3 million computations per full-batch update', async () => {
    const { final } = await run('cost');
    expect(final.text).toContain('4,674');
    expect(final.text).toContain('9.3 million');
    expect((final.data as { params: number }).params).toBe(4674);
  });
});

describe('/playground', () => {
  it('trains a pasted Playground link and returns the link for a setup', async () => {
    const url = 'https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=xor&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.5&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false';
    const { final } = await run('playground', { url });
    expectImages(final, 2);
    expect(final.text).toMatch(/Exclusive or/);
    const link = (await run('playground', { dataset: 'circle', layers: '4' })).final;
    expect((link.data as { url: string }).url).toMatch(/dataset=circle/);
    const bad = (await run('playground', { url: 'https://example.com/' })).final;
    expect(bad.error?.kind).toBe('user');
  });
});

describe('/help', () => {
  it('lists every command, and one command\'s options with allowed values', async () => {
    const all = (await run('help')).final;
    for (const name of ['train', 'dataset', 'activation', 'compare', 'optimizers', 'overfit', 'cost', 'playground', 'help'])
      expect(all.text).toContain(`/${name}`);
    const train = (await run('help', { command: 'train' })).final;
    expect(train.text).toMatch(/`dataset`: Which data to learn — one of circle, xor, gauss, spiral/);
    expect(train.text).toMatch(/`epochs`.*whole number from 1 to/);
    const bad = (await run('help', { command: 'fly' })).final;
    expect(bad.error?.kind).toBe('user');
  });
});

describe('autocomplete', () => {
  it('suggests command names for /help and list values for /train features', async () => {
    const help = commands.find((c) => c.name === 'help')!;
    expect(help.options[0]!.autocomplete!('tr')).toEqual(['train']);
    const train = commands.find((c) => c.name === 'train')!;
    const features = train.options.find((o) => o.name === 'features')!;
    expect(features.autocomplete!('x1,s')).toEqual(['x1,sinx1', 'x1,sinx2']);
  });
});
