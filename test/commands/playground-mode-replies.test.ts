/** Issue 10 in the chat: Playground-mode replies say what they do and report the Playground's own loss; /help train says what stays standard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { CommandDef, Reply } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { generateDataset, networkFromData, buildFeatureMatrix, trainSync, type Metrics, type TrainSpec } from '../../src/engine/index.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

const NOTE = 'Playground mode: tanh output, squared error, same update rules as the Playground';
const LINK = 'https://playground.tensorflow.org/#activation=tanh&batchSize=7&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0.003&regularization=L1&noise=10&networkShape=4,2&seed=3&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false';

let commands: CommandDef[];
let nextUser = 0;
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

async function run(command: string, options: Record<string, unknown>): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options, caller: testCaller({ userId: `pg-user-${nextUser++}` }), responder, commands });
  expect(responder.violations).toEqual([]);
  return responder.final!;
}

/** Mean of ½·(output − label)² over the test points, computed from the trained network by hand. */
function playgroundTestLoss(spec: TrainSpec): number {
  const result = trainSync(spec);
  const mlp = networkFromData(result.network);
  const { test } = generateDataset(spec);
  const X = buildFeatureMatrix(spec.features, test);
  mlp.forwardBatch(X, Int32Array.from(test.keys()), 0, test.length);
  const outputs = mlp.layerOutputs(mlp.depth);
  return test.reduce((sum, p, e) => sum + 0.5 * (outputs[e] - p.label) ** 2, 0) / test.length;
}

describe('Playground mode in chat replies', () => {
  it('/playground with a pasted link says it follows the Playground and reports its loss (mean of ½·(output − label)²)', async () => {
    const reply = await run('playground', { url: LINK });
    expect(reply.error).toBeUndefined();
    expect(reply.text).toContain(NOTE);
    const data = reply.data as { spec: TrainSpec; final: Metrics };
    expect(data.spec.playgroundMode).toBe(true);
    expect(data.spec.batchSize).toBe(7);
    expect(data.final.testLoss).toBeCloseTo(playgroundTestLoss(data.spec), 12);
    expect(reply.text).toContain(`test loss **${data.final.testLoss.toPrecision(3)}**`);
  });

  it('/train playground-mode:true says so; without it the reply does not claim the Playground’s rules', async () => {
    const on = await run('train', { dataset: 'xor', epochs: 20, 'playground-mode': true });
    expect(on.text).toContain(NOTE);
    const data = on.data as { spec: TrainSpec; final: Metrics };
    expect(data.final.testLoss).toBeCloseTo(playgroundTestLoss(data.spec), 12);
    const off = await run('train', { dataset: 'xor', epochs: 20 });
    expect(off.text).not.toContain('Playground mode');
  });

  it('/help command:train explains Playground mode and that nothing changes without it', async () => {
    const reply = await run('help', { command: 'train' });
    expect(reply.text).toMatch(/playground-mode:true` follows TensorFlow Playground step for step/);
    expect(reply.text).toMatch(/Without it nothing changes: points are reshuffled every epoch, a short last batch ends each epoch, and L1 adds rate·sign\(w\)/);
  });
});
