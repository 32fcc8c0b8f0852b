import { describe, expect, it } from 'vitest';
import { resolveSpec } from '../../src/engine/index.ts';
import { decodeSpecState, encodeSpecState } from '../../commands/_lib/spec-state.ts';
import { componentId, specFromComponentState } from '../../commands/_lib/training.ts';
import { UserError } from '../../src/chat/errors.ts';

describe('training specs carried in button ids', () => {
  it('round-trips a spec with non-default settings through the compact state', () => {
    const spec = resolveSpec({ dataset: 'spiral', layers: '8,8', activation: 'relu', learningRate: 0.003, batchSize: 'full', split: '70,15,15', features: 'x1,x2,sinx1', earlyStopping: 20, seed: 42, noise: 10 });
    const state = encodeSpecState(spec);
    expect(state).not.toContain(':');
    expect(resolveSpec(decodeSpecState(state))).toEqual(spec);
  });

  it('keeps the defaults out of the state so typical ids stay short', () => {
    const state = encodeSpecState(resolveSpec({ dataset: 'spiral' }));
    expect(state).toBe('d=spiral');
    expect(componentId('train', 'again', state)).toBe('train:again:d=spiral');
  });

  it('keeps a long state in memory behind a short id of at most 100 characters', async () => {
    const long = 'x'.repeat(150);
    const id = componentId('train', 'again', long);
    expect(id.length).toBeLessThanOrEqual(100);
    const state = id.split(':').slice(2);
    await expect(specFromComponentState(state)).rejects.toThrow(); // 'x…' is not a valid encoded spec
    await expect(specFromComponentState(['mzzzzzz'])).rejects.toThrow(UserError);
    await expect(specFromComponentState(['mzzzzzz'])).rejects.toThrow(/expired/);
  });
});
