/**
 * The demos' sentences about their results are written from the runs' numbers: /optimizers ranks
 * by the final losses it got, /compare explains a value stuck at (or below) chance, /overfit names
 * what its chart shows and which remedies beat no regularisation, /playground describes the
 * Playground's own setup, and /train carries the coach's diagnosis when a run goes wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { CommandDef, Reply } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

let commands: CommandDef[];
let nextUser = 0;
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

async function run(command: string, options: Record<string, unknown> = {}): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options, caller: testCaller({ userId: `demo-${nextUser++}` }), responder, commands });
  const reply = responder.final!;
  expect(reply.error, reply.text).toBeUndefined();
  return reply;
}

describe('/optimizers', () => {
  it('default ravine: one shared rate, said so, and "where they ended" lists them by their actual final loss', async () => {
    const reply = await run('optimizers');
    const data = reply.data as { learningRates: Record<string, number>; ranking: { optimizer: string; finalValue: number }[] };
    expect(new Set(Object.values(data.learningRates)).size).toBe(1);
    expect(reply.text).toContain('All five use the same learning rate, 0.2');
    const values = data.ranking.map((r) => r.finalValue);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const ended = reply.text!.split('\n').find((l) => l.startsWith('**Where they ended**'))!;
    const order = ['GD', 'Momentum', 'AdaGrad', 'RMSProp', 'Adam'].map((name) => [name, ended.indexOf(`. ${name} `)] as const)
      .sort((a, b) => a[1] - b[1]).map(([name]) => name);
    const expected = data.ranking.map((r) => ({ sgd: 'GD', momentum: 'Momentum', adagrad: 'AdaGrad', rmsprop: 'RMSProp', adam: 'Adam' } as Record<string, string>)[r.optimizer]);
    expect(order).toEqual(expected);
  });
});

describe('/compare', () => {
  it('default activations: sigmoid at chance gets a sentence saying what chance means and why it learnt nothing', async () => {
    const reply = await run('compare', { seeds: 2 });
    const sigmoidLine = reply.text!.split('\n').find((l) => l.startsWith('**activation sigmoid learnt nothing here:**'));
    expect(sigmoidLine).toBeDefined();
    expect(sigmoidLine).toMatch(/what guessing gets \(50\.0%\)/);
    expect(sigmoidLine).toMatch(/Why: every sigmoid layer passes back at most a quarter/);
    expect(reply.text).not.toMatch(/activation (tanh|relu) learnt nothing/);
  });
});

describe('/overfit', () => {
  it('names what its chart shows (training and test loss), marks the early stop and says which remedies beat no regularisation', async () => {
    const reply = await run('overfit');
    const comparison = reply.images!.find((i) => i.name === 'comparison.png')!;
    expect(comparison.alt).toMatch(/^Overfitting and three remedies: training and test loss/);
    expect(reply.text).toContain('◆ marks where early stopping stopped');
    const data = reply.data as { variants: { label: string; final: { testLoss: number; valLoss: number } }[] };
    const plain = data.variants[0].final.testLoss;
    const better = data.variants.slice(1).filter((v) => v.final.testLoss < plain);
    expect(better.length).toBeGreaterThan(0);
    expect(reply.text).toMatch(better.length === 3 ? /every remedy beat no regularisation/ : new RegExp(better[0].label.replace(/[()]/g, '\\$&')));
    const disagree = data.variants.some((v) => Math.max(v.final.valLoss, v.final.testLoss) > 2 * Math.min(v.final.valLoss, v.final.testLoss) + 0.1);
    expect(reply.text!.includes('Why validation and test loss can disagree')).toBe(disagree);
  });
});

describe('/playground without a link', () => {
  it('describes the Playground\'s own default setup: no "cannot show this exactly", and "2 → 4 → 2 → 1" like everywhere else', async () => {
    const reply = await run('playground');
    expect(reply.text).not.toMatch(/cannot show this exactly/);
    expect(reply.text).toContain('2 → 4 → 2 → 1');
    expect((reply.data as { fits: boolean }).fits).toBe(true);
  });
});

describe('/train and the coach', () => {
  it('a flat spiral run → the reply says why and offers `Try /train …`; data.diagnosis carries the same', async () => {
    const reply = await run('train', { dataset: 'spiral', layers: '8,8' });
    const diagnosis = (reply.data as { diagnosis?: { kind: string; sentence: string; command: string } }).diagnosis;
    expect(diagnosis?.kind).toMatch(/^(flat|chance)$/);
    expect(reply.text).toContain(`**Coach:** ${diagnosis!.sentence} Try \`${diagnosis!.command}\``);
    expect(diagnosis!.command).toContain('features:x1,x2,sinx1,sinx2');
  });

  it('a good run → no coach line and no diagnosis', async () => {
    const reply = await run('train', { dataset: 'circle' });
    expect(reply.text).not.toContain('Coach');
    expect((reply.data as { diagnosis?: unknown }).diagnosis).toBeUndefined();
  });
});

describe('lesson steps: "Vary it yourself" starts from the step\'s own run', () => {
  it('exercise 1\'s ReLU step offers activation:relu (not the tanh run listed first), in Playground mode', async () => {
    const { stepText } = await import('../../commands/lesson.ts');
    const { getContent } = await import('../../src/tutor/content/load.ts');
    const lesson = getContent().lessons.find((l) => l.id === 'exercise-1')!;
    const index = lesson.steps.findIndex((s) => s.title === 'Then ReLU');
    const text = stepText({ lesson, stepIndex: index, step: lesson.steps[index], stepCount: lesson.steps.length, isFirst: false, isLast: true, completed: false });
    const vary = /Vary it yourself: `([^`]+)`/.exec(text)![1];
    expect(vary).toContain('activation:relu');
    expect(vary).toContain('playground-mode:true');
  });
});

describe('/overfit curve sentence', () => {
  it('a run that does not overfit is not described as overfitting', async () => {
    const { overfitCurveSentence } = await import('../../commands/overfit.ts');
    const { train } = await import('../../src/engine/train.ts');
    const calm = await train({ dataset: 'gauss', split: { train: 0.5, val: 0.25, test: 0.25 }, epochs: 60, seed: 1 });
    expect(overfitCurveSentence(calm)).toMatch(/^This time the validation loss did not clearly turn upwards/);
  });
});
