import { describe, expect, it } from 'vitest';
import { listAutocomplete } from '../../commands/_lib/train-options.ts';
import { loadCommands } from '../../src/chat/registry.ts';

describe('autocomplete of free-text lists (Discord, the web chat)', () => {
  const activations = listAutocomplete(['sigmoid', 'tanh', 'relu', 'gelu', 'leaky-relu']);

  it('completes the item being typed and skips names already in the list', () => {
    expect(activations('relu,t')).toEqual(['relu,tanh']);
    expect(activations('relu,')).toEqual(['relu,sigmoid', 'relu,tanh', 'relu,gelu', 'relu,leaky-relu']);
  });

  it('a misspelt last item → the name meant, as with "Did you mean"', () => {
    expect(activations('relu,sigmoud')).toEqual(['relu,sigmoid']);
    expect(activations('sigmiod')).toEqual(['sigmoid']);
    expect(activations('relu,zzzzzz')).toEqual([]);
  });

  it('the real /train features option completes x1,x2sqr to x1,x2sq', async () => {
    const train = (await loadCommands()).find((c) => c.name === 'train')!;
    expect(train.options.find((o) => o.name === 'features')!.autocomplete!('x1,x2sqr')).toEqual(['x1,x2sq']);
  });
});
