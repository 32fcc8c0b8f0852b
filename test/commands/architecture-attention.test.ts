/** /architecture attention's reply text and pictures, from real runs: the sentences follow the numbers, and the heatmap is dark where the weights are. */
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionText } from '../../commands/_lib/architecture-attention-text.ts';
import { trainAttentionDemo, ATTENTION_DEFAULTS, mirroredPosition, type AttentionDemoResult } from '../../src/engine/tfjs/architectures/attention.ts';
import { EXAMPLE_HEATMAP, renderAttentionExamples, renderAttentionWeights } from '../../src/render/architecture/attention-pictures.ts';
import { decode, pixel } from '../render/helpers.ts';

const NO_LIMIT = { timeLimitMs: 10 * 60_000 };
let trained: AttentionDemoResult;
let barelyTrained: AttentionDemoResult;

beforeAll(async () => {
  trained = await trainAttentionDemo(ATTENTION_DEFAULTS, NO_LIMIT);
  barelyTrained = await trainAttentionDemo({ ...ATTENTION_DEFAULTS, epochs: 1, trainSequences: 100 }, NO_LIMIT);
}, 120_000);

describe('/architecture attention text', () => {
  it('a trained run (defaults) → accuracy, chance and mirrored-attention numbers of that run, and the anti-diagonal sentence', () => {
    const text = attentionText(trained);
    expect(text).toContain(`put **${(trained.testTokenAccuracy * 100).toFixed(1)}%** of the letters`);
    expect(text).toContain(`reversed **${(trained.testSequenceAccuracy * 100).toFixed(1)}%** of whole sequences`);
    expect(text).toContain('Guessing would get 10.0% of the letters and 1 whole sequence in 100,000,000');
    expect(text).toContain(`puts **${trained.mirroredAttention.toFixed(2)}** of its weight on the mirrored input position`);
    expect(text).toContain('dark anti-diagonal');
    expect(text).not.toContain('not clean yet');
  });

  it('one epoch on 100 sequences → the text says the pattern is not clean yet instead of pointing at an anti-diagonal', () => {
    expect(barelyTrained.mirroredArgmaxShare).toBeLessThan(0.9);
    const text = attentionText(barelyTrained, 'It was cancelled.');
    expect(text).toContain('not clean yet');
    expect(text).not.toContain('dark anti-diagonal');
    expect(text).toContain('1 epoch ·');
    expect(text.endsWith('It was cancelled.')).toBe(true);
  });

  it('the example sentence names exactly the heatmap rows whose largest weight is off the mirrored cell', () => {
    for (const run of [trained, barelyTrained]) {
      const off = run.example.weights.map((row, q) => (row.indexOf(Math.max(...row)) === mirroredPosition(q) ? 0 : q + 1)).filter((row) => row > 0);
      const text = attentionText(run);
      if (off.length === 0) expect(text).toContain('Every row of its heatmap has its largest weight on the mirrored cell.');
      else if (off.length === 1) expect(text).toContain(`row ${off[0]} looks hardest at input`);
      else expect(text).toContain(`rows ${off.slice(0, -1).join(', ')} and ${off.at(-1)} look hardest at inputs`);
    }
  });
});

describe('/architecture attention pictures', () => {
  it('the heatmap of a trained run is darker on the mirrored cell than on the main diagonal, row by row', async () => {
    const image = await renderAttentionWeights(trained);
    expect(image.name).toBe('attention-weights.png');
    expect(image.alt).toContain(trained.example.input.map((t) => String.fromCharCode(65 + t)).join(''));
    const decoded = await decode(image);
    const brightness = (q: number, k: number) => {
      const [r, g, b] = pixel(decoded, EXAMPLE_HEATMAP.left + k * EXAMPLE_HEATMAP.cellPx + 6, EXAMPLE_HEATMAP.top + q * EXAMPLE_HEATMAP.cellPx + 6);
      return r + g + b;
    };
    let rowsChecked = 0;
    for (let q = 0; q < trained.sequenceLength; q++) {
      const mirror = mirroredPosition(q);
      if (trained.example.weights[q][mirror] < trained.example.weights[q][q] + 0.2) continue;
      expect(brightness(q, mirror)).toBeLessThan(brightness(q, q) - 60);
      rowsChecked++;
    }
    expect(rowsChecked).toBeGreaterThanOrEqual(6);
  });

  it('the examples picture names the wrong letters and the accuracy in its alt text', async () => {
    const image = await renderAttentionExamples(barelyTrained);
    expect(image.name).toBe('attention-examples.png');
    const wrong = barelyTrained.examples.reduce((n, e) => n + e.predicted.filter((t, i) => t !== e.target[i]).length, 0);
    expect(image.alt).toContain(`(${wrong} wrong letters among them)`);
    expect(image.alt).toContain(`rising to ${(barelyTrained.testTokenAccuracy * 100).toFixed(1)}%`);
    expect((await decode(image)).width).toBe(1440);
  });
});
