import { describe, expect, it } from 'vitest';
import { resolveSpec, SpecError, SPEC_DEFAULTS } from '../../src/engine/spec.ts';
import { specFromPlaygroundUrl, specToPlaygroundUrl } from '../../src/engine/playground-url.ts';
import { computeUpdateCost } from '../../src/engine/cost.ts';

describe('resolving a training spec', () => {
  it("fills in the Playground's defaults", () => {
    const spec = resolveSpec({});
    expect(spec).toMatchObject({ dataset: 'circle', points: 500, noise: 0, layers: [4, 2], activation: 'tanh', learningRate: 0.03, batchSize: 10, features: ['x1', 'x2'] });
    expect(spec.split).toEqual({ train: 0.5, val: 0, test: 0.5 });
    expect(resolveSpec({ dataset: 'plane' }).points).toBe(1200);
  });

  it('reads text the way the CLI and chat send it', () => {
    const spec = resolveSpec({ layers: '8, 8', split: '70,15,15', features: 'x1,x2,x1x2', batchSize: 'full', learningRate: '0.1', playgroundMode: 'true', earlyStopping: '10' });
    expect(spec.layers).toEqual([8, 8]);
    expect(spec.split.train).toBeCloseTo(0.7, 12);
    expect(spec.features).toEqual(['x1', 'x2', 'x1x2']);
    expect(spec.batchSize).toBe('full');
    expect(spec.learningRate).toBe(0.1);
    expect(spec.playgroundMode).toBe(true);
    expect(spec.earlyStopping).toBe(10);
    expect(resolveSpec({ layers: 'none' }).layers).toEqual([]);
  });

  it('resolving a resolved spec changes nothing', () => {
    const spec = resolveSpec({ dataset: 'spiral', split: '70,15,15', earlyStopping: 5, layers: '3' });
    expect(resolveSpec(spec)).toEqual(spec);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown dataset', { dataset: 'donut' }, /`dataset` must be one of circle, xor, gauss, spiral.*, not `donut`\./],
    ['an unknown activation', { activation: 'swish' }, /`activation` must be one of identity, binary-step, sigmoid.*, not `swish`\./],
    ['an unknown optimiser', { optimizer: 'lbfgs' }, /`optimizer` must be one of sgd, momentum.*, not `lbfgs`\./],
    ['an unknown feature', { features: 'x1,x3' }, /`features` must be names of x1, x2, x1sq.*, not `x1,x3`\. `x3` is not a feature\./],
    ['a malformed layer list', { layers: '8,,x' }, /`layers` must be up to 10 sizes from 1 to 64 separated by commas \(e\.g\. 8,8\), or none, not `8,,x`\. It has an empty item\./],
    ['a layer list of nothing but commas', { layers: ',,,,' }, /`layers` must be .*, not `,,,,`\. It has an empty item\./],
    ['a layer list with an empty item', { layers: '8,,8' }, /not `8,,8`\. It has an empty item\./],
    ['a layer size in hex', { layers: '0x8' }, /`layers` must be .*, not `0x8`\./],
    ['too many neurons', { layers: '8,500' }, /sizes from 1 to 64/],
    ['too many layers', { layers: '2,2,2,2,2,2,2,2,2,2,2' }, /up to 10 sizes/],
    ['a repeated feature', { features: 'x1,x1,x1' }, /`features` must be .*each once, not `x1,x1,x1`\. `x1` appears more than once\./],
    ['a negative learning rate', { learningRate: -1 }, /`lr` must be a number greater than 0 and at most 10, not `-1`\./],
    ['a learning rate too large to represent', { learningRate: '1e400' }, /`lr` must be a number greater than 0 and at most 10, not `1e400`\./],
    ['an infinite learning rate', { learningRate: Infinity }, /`lr` must be a number greater than 0 and at most 10, not `Infinity`\./],
    ['a learning rate in hex', { learningRate: '0x1' }, /`lr` must be a number .*, not `0x1`\./],
    ['an absurd epoch count', { epochs: 1e9 }, /`epochs` must be a whole number from 1 to 10000, not `1000000000`\./],
    ['a fractional epoch count', { epochs: 2.5 }, /whole number/],
    ['noise above 50', { noise: 80 }, /`noise` must be a number from 0 to 50, not `80`\./],
    ['a split that does not add up', { split: '70,20,20' }, /`split` must be train,validation,test in percent summing to 100.*, not `70,20,20`\./],
    ['a split with an empty item', { split: '70,,30' }, /`split` must be .*, not `70,,30`\. It has an empty item\./],
    ['early stopping without validation data', { earlyStopping: 5 }, /needs a validation split/],
    ['an unknown option', { colour: 'red' }, /There is no option `colour`\. The options are: dataset, .*lr/],
    ['a batch size of zero', { batchSize: 0 }, /`batch-size` must be a whole number from 1 to 5000, or full, not `0`\./],
    ['a scale that is not yes or no', { scale: 'maybe' }, /`scale` must be true or false, not `maybe`\./],
  ];
  for (const [what, input, message] of bad) {
    it(`rejects ${what} with a message naming the option and what is allowed`, () => {
      expect(() => resolveSpec(input)).toThrow(SpecError);
      expect(() => resolveSpec(input)).toThrow(message);
    });
  }

  it('a refused name carries what was given and the allowed names, for "Did you mean"', () => {
    const error = (() => { try { resolveSpec({ activation: 'sigmoud' }); } catch (e) { return e as SpecError; } })();
    expect(error?.given).toBe('sigmoud');
    expect(error?.choices).toContain('sigmoid');
  });

  it('a reg-rate alone turns on L2; an explicit none with a rate is an error', () => {
    expect(resolveSpec({ regRate: 0.01 }).regularization).toBe('l2');
    expect(() => resolveSpec({ regularization: 'none', regRate: 0.01 })).toThrow(/needs regularization l1 or l2/);
  });

  it('defaults are not mutated by resolving', () => {
    const spec = resolveSpec({});
    spec.layers.push(99);
    expect(SPEC_DEFAULTS.layers).toEqual([4, 2]);
  });
});

describe('TensorFlow Playground links', () => {
  it('a Playground-compatible spec becomes a link that reads back to the same spec', () => {
    const spec = resolveSpec({ dataset: 'spiral', layers: '8,8', activation: 'relu', learningRate: 0.03, playgroundMode: true, features: 'x1,x2,sinx1', noise: 10, batchSize: 10, seed: 7 });
    const link = specToPlaygroundUrl(spec);
    expect(link.fits).toBe(true);
    expect(link.url).toContain('https://playground.tensorflow.org/#');
    expect(link.url).toContain('networkShape=8,8');
    expect(link.url).toContain('sinX=true');
    const back = resolveSpec(specFromPlaygroundUrl(link.url));
    expect(back).toMatchObject({ dataset: 'spiral', layers: [8, 8], activation: 'relu', learningRate: 0.03, features: ['x1', 'x2', 'sinx1'], noise: 10, batchSize: 10, seed: 7, playgroundMode: true });
  });

  it('regression links use regDataset and problem=regression', () => {
    const link = specToPlaygroundUrl(resolveSpec({ dataset: 'multigauss', layers: '4' }));
    expect(link.url).toContain('regDataset=reg-gauss');
    expect(link.url).toContain('problem=regression');
    expect(resolveSpec(specFromPlaygroundUrl(link.url)).dataset).toBe('multigauss');
  });

  it('says why a spec does not fit the Playground', () => {
    const link = specToPlaygroundUrl(resolveSpec({ activation: 'gelu', optimizer: 'adam', layers: '16' }));
    expect(link.fits).toBe(false);
    expect(link.differences.join(' ')).toMatch(/gelu.*adam|adam.*gelu/s);
  });

  it('parses a link copied from the Playground, with its string seed', () => {
    const url = 'https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59265&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false';
    const spec = resolveSpec(specFromPlaygroundUrl(url));
    expect(spec).toMatchObject({ dataset: 'circle', layers: [4, 2], activation: 'tanh', batchSize: 10, features: ['x1', 'x2'] });
    expect(Number.isInteger(spec.seed)).toBe(true);
  });

  it('rejects text that is not a Playground link, and unknown values in one', () => {
    expect(() => specFromPlaygroundUrl('https://example.com/hello')).toThrow(/does not look like a TensorFlow Playground link/);
    expect(() => specFromPlaygroundUrl('#activation=swish&dataset=circle')).toThrow(/The link's `activation` must be one of .*, not `swish`\./);
  });
});

describe('cost of one update', () => {
  it("the lecture's example: 5-64-64-2 on 2000 points is 4674 parameters and ~9.3 million computations per full-batch update", () => {
    const { params, costs } = computeUpdateCost([5, 64, 64, 2], 2000);
    expect(params).toBe(4674);
    expect(costs[0].computationsPerUpdate).toBe(9_348_000);
    expect(costs[2].computationsPerUpdate).toBe(4674);
    expect(costs[0].updatesPerEpoch).toBe(1);
    expect(costs[2].updatesPerEpoch).toBe(2000);
  });
});
