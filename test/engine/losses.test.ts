import { describe, expect, it } from 'vitest';
import { applyOutput, chooseOutput, exampleLoss, isCorrect, writeOutputDelta } from '../../src/engine/losses.ts';
import type { LossName, OutputActivationName } from '../../src/engine/types.ts';

describe('output layer and loss by problem kind', () => {
  it('regression is linear + squared error, multi-class softmax + cross-entropy, binary sigmoid + BCE or tanh + squared in Playground mode', () => {
    expect(chooseOutput('regression', 1, false)).toEqual({ output: 'linear', loss: 'squared', units: 1 });
    expect(chooseOutput('multiclass', 3, false)).toEqual({ output: 'softmax', loss: 'softmax-cross-entropy', units: 3 });
    expect(chooseOutput('binary', 2, false)).toEqual({ output: 'sigmoid', loss: 'binary-cross-entropy', units: 1 });
    expect(chooseOutput('binary', 2, true)).toEqual({ output: 'tanh', loss: 'squared', units: 1 });
  });
});

describe('loss values at hand-checked points', () => {
  it('squared error is ½(ŷ − t)², BCE is −ln p for the true class, softmax CE is −ln p_label', () => {
    expect(exampleLoss('squared', Float64Array.of(0.5), 0, -1)).toBeCloseTo(0.5 * 1.5 * 1.5, 12);
    expect(exampleLoss('binary-cross-entropy', Float64Array.of(0.8), 0, 1)).toBeCloseTo(-Math.log(0.8), 12);
    expect(exampleLoss('binary-cross-entropy', Float64Array.of(0.8), 0, -1)).toBeCloseTo(-Math.log(0.2), 12);
    expect(exampleLoss('softmax-cross-entropy', Float64Array.of(0.2, 0.7, 0.1), 0, 1)).toBeCloseTo(-Math.log(0.7), 12);
  });

  it('softmax outputs sum to one even for large logits', () => {
    const z = Float64Array.of(1000, 1001, 999);
    const y = new Float64Array(3);
    applyOutput('softmax', z, y, 0, 3);
    expect(y[0] + y[1] + y[2]).toBeCloseTo(1, 12);
    expect(y[1]).toBeGreaterThan(y[0]);
  });

  it('accuracy uses the sign for ±1 labels and arg-max for classes', () => {
    expect(isCorrect('tanh', Float64Array.of(0.3), 0, 1, 1)).toBe(true);
    expect(isCorrect('sigmoid', Float64Array.of(0.3), 0, 1, 1)).toBe(false);
    expect(isCorrect('softmax', Float64Array.of(0.1, 0.2, 0.7), 0, 3, 2)).toBe(true);
  });
});

describe('∂L/∂z matches finite differences of loss(output(z))', () => {
  // dL/dz ≈ (L(out(z + h)) − L(out(z − h))) / 2h for each output unit.
  const cases: [OutputActivationName, LossName, number[], number][] = [
    ['linear', 'squared', [0.7], -0.3],
    ['tanh', 'squared', [0.4], -1],
    ['sigmoid', 'binary-cross-entropy', [-0.8], 1],
    ['softmax', 'softmax-cross-entropy', [0.2, -1.1, 0.6], 2],
  ];
  for (const [output, loss, zValues, label] of cases) {
    it(`${output} + ${loss}`, () => {
      const units = zValues.length;
      const z = Float64Array.from(zValues);
      const y = new Float64Array(units);
      applyOutput(output, z, y, 0, units);
      const delta = new Float64Array(units);
      writeOutputDelta(loss, output, y, 0, units, label, delta, 1);
      const h = 1e-6;
      for (let j = 0; j < units; j++) {
        const lossAt = (shift: number): number => {
          const zz = Float64Array.from(zValues);
          zz[j] += shift;
          const yy = new Float64Array(units);
          applyOutput(output, zz, yy, 0, units);
          return exampleLoss(loss, yy, 0, label);
        };
        expect(delta[j]).toBeCloseTo((lossAt(h) - lossAt(-h)) / (2 * h), 6);
      }
    });
  }
});
