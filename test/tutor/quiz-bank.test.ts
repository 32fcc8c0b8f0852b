import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { COURSE_RULES, DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { countParameters, recompute } from '../../src/tutor/content/recompute.ts';
import { choicesOf, correctAnswerText, correctChoiceIndex, isCorrectChoice, isCorrectValue } from '../../src/tutor/answers.ts';
import { activations } from '../../src/engine/activations.ts';
import type { BankQuestion } from '../../src/tutor/content/schema.ts';
import { LATENT_UNITS } from '../../src/engine/tfjs/architectures/autoencoder.ts';

const content = loadContent(DEFAULT_LESSONS_DIR, COURSE_RULES);
const numeric = content.questions.filter((q): q is Extract<BankQuestion, { type: 'numeric' }> => q.type === 'numeric');

/** Numeric answers that are lecture facts (dates, quoted sizes, counts) rather than something computable. */
const LECTURE_FACTS = new Set(['deep-lenet-params', 'ex1-classes']);
/** Numeric answers that are a fact of one of the bot's own demos: the value the engine really uses. */
const DEMO_FACTS = new Map<string, number>([['deep-ae-demo-code-size', LATENT_UNITS]]);

describe('quiz bank', () => {
  it('has at least 150 fixed questions and every lesson has some', () => {
    expect(content.questions.length).toBeGreaterThanOrEqual(150);
    for (const lesson of content.lessons) {
      expect(content.questions.filter((q) => q.lesson === lesson.id).length, lesson.id).toBeGreaterThan(0);
    }
  });

  it('uses every question type: single, true/false, numeric and chart', () => {
    expect(new Set(content.questions.map((q) => q.type))).toEqual(new Set(['single', 'truefalse', 'numeric', 'chart']));
  });

  it('the lecture network 5-64-64-2 has 4674 parameters and ~9.3 million computations per full-batch update on 2000 points', () => {
    // Σ (n_in·n_out + n_out) = 384 + 4160 + 130
    expect(countParameters([5, 64, 64, 2])).toBe(4674);
    expect(recompute({ kind: 'full-batch-cost', layers: [5, 64, 64, 2], points: 2000 })).toBe(9_348_000);
    const q = numeric.find((x) => x.id === 'gd-params-5-64-64-2')!;
    expect(q.answer).toBe(4674);
  });

  it('every numeric answer is recomputed from its check, except the listed lecture facts', () => {
    for (const q of numeric) {
      if (LECTURE_FACTS.has(q.id)) continue;
      if (DEMO_FACTS.has(q.id)) {
        expect(q.answer, q.id).toBe(DEMO_FACTS.get(q.id));
        for (const d of q.distractors) expect(isCorrectValue(q, d), `${q.id} distractor ${d}`).toBe(false);
        continue;
      }
      expect(q.check, `${q.id} needs a check`).toBeDefined();
      const value = recompute(q.check!);
      expect(Math.abs(value - q.answer), q.id).toBeLessThanOrEqual(q.tolerance + 1e-9);
      expect(isCorrectValue(q, value), q.id).toBe(true);
      for (const d of q.distractors) expect(isCorrectValue(q, d), `${q.id} distractor ${d}`).toBe(false);
    }
  });

  it('parameter-count checks agree with an independent count (weights matrix sizes plus bias vectors)', () => {
    for (const q of numeric) {
      if (q.check?.kind !== 'param-count') continue;
      const layers = q.check.layers;
      const weights = layers.slice(1).reduce((sum, n, i) => sum + n * layers[i], 0);
      const biases = layers.slice(1).reduce((sum, n) => sum + n, 0);
      expect(weights + biases, q.id).toBe(q.answer);
    }
  });

  it('the lecture facts used as numeric answers match the lecture text', () => {
    const byId = new Map(numeric.map((q) => [q.id, q]));
    expect(byId.get('deep-lenet-params')!.answer).toBe(61000); // "61k parameters"
    expect(byId.get('ex1-classes')!.answer).toBe(2); // circle: blue disc, orange ring
  });

  it('activation facts in the bank agree with the closed forms (σ′(0) = ¼, tanh′(0) = 1, SELU λ = 1.0507)', () => {
    // σ′(x) = σ(x)(1 − σ(x)) = 0.25 at 0; tanh′ = 1 − tanh² = 1 at 0
    expect(recompute({ kind: 'derivative', name: 'sigmoid', x: 0 })).toBeCloseTo(0.25, 12);
    expect(recompute({ kind: 'derivative', name: 'tanh', x: 0 })).toBeCloseTo(1, 12);
    expect(recompute({ kind: 'activation', name: 'selu', x: 1 })).toBeCloseTo(1.0507, 12);
    expect(recompute({ kind: 'activation', name: 'elu', x: -1 })).toBeCloseTo(Math.exp(-1) - 1, 12);
    expect(recompute({ kind: 'product', factors: [0.2, 0.15, 0.22, 0.09] })).toBeCloseTo(0.000594, 12);
  });

  it('every question has exactly one right button, and it is the stated answer', () => {
    for (const q of content.questions) {
      const choices = choicesOf(q);
      const right = choices.map((_, i) => i).filter((i) => isCorrectChoice(q, i));
      expect(right, q.id).toEqual([correctChoiceIndex(q)]);
      expect(new Set(choices).size, `${q.id} has duplicate choices`).toBe(choices.length);
      if (q.type === 'truefalse') expect(correctAnswerText(q)).toBe(q.answer ? 'True' : 'False');
      if (q.type === 'numeric') expect(correctAnswerText(q).replace(/,/g, '')).toContain(String(q.answer));
    }
  });

  it('"which activation is plotted" questions have the plotted activation as the right answer', () => {
    const charts = content.questions.filter((q) => q.type === 'chart' && q.chart.kind === 'activation-plot');
    expect(charts.length).toBeGreaterThan(0);
    for (const q of charts) {
      if (q.type !== 'chart' || q.chart.kind !== 'activation-plot') continue;
      const plotted = activations[q.chart.activations[0]];
      const firstWord = plotted.label.split(' ')[0].toLowerCase();
      expect(correctAnswerText(q).toLowerCase(), q.id).toContain(firstWord);
    }
  });

  it('"which dataset / which activation made this" chart answers name the dataset or activation of the chart spec', () => {
    for (const q of content.questions) {
      if (q.type !== 'chart') continue;
      if (q.chart.kind === 'dataset') expect(correctAnswerText(q).toLowerCase(), q.id).toContain(q.chart.spec.dataset!);
      if (q.chart.kind === 'decision-boundary' && /activation/i.test(q.prompt)) {
        const label = activations[q.chart.spec.activation!].label.split(' ')[0].toLowerCase();
        expect(correctAnswerText(q).toLowerCase(), q.id).toContain(label);
      }
    }
  });

  const hasTrain = existsSync(new URL('../../src/engine/train.ts', import.meta.url));
  it.skipIf(!hasTrain)('the "is this model overfitting?" chart really overfits when the engine trains it', async () => {
    const { train } = await import('../../src/engine/train.ts' as string) as { train: (spec: unknown) => Promise<{ history: { trainLoss: number; valLoss?: number }[] }> };
    const q = content.questions.find((x) => x.id === 'ovf-chart-loss-curve')!;
    if (q.type !== 'chart' || q.chart.kind !== 'loss-curve') throw new Error('question changed type');
    const result = await train(q.chart.spec);
    const val = result.history.map((h) => h.valLoss!);
    const minVal = Math.min(...val);
    const last = result.history[result.history.length - 1];
    // overfitting: validation loss ends clearly above its minimum while training loss is below its start
    expect(last.valLoss!).toBeGreaterThan(minVal * 1.1);
    expect(last.trainLoss).toBeLessThan(result.history[0].trainLoss);
  });
});
