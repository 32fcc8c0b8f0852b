import { describe, expect, it } from 'vitest';
import { closestMatches, didYouMean, editDistance, suggestionFor } from '../../src/chat/suggest.ts';
import { mustBeMessage, showValue, unknownCommandMessage, unknownOptionMessage } from '../../src/chat/input-messages.ts';
import { SpecError } from '../../src/engine/spec.ts';

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('relu', 'relu')).toBe(0);
    expect(editDistance('layer', 'layers')).toBe(1); // insertion
    expect(editDistance('datset', 'dataset')).toBe(1);
    expect(editDistance('sigmoud', 'sigmoid')).toBe(1); // substitution
    expect(editDistance('sigmiod', 'sigmoid')).toBe(1); // swap of neighbours
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['rmsprob', 'rmsprop'], ['tanh', 'than'], ['xor', 'spiral']]) expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
});

describe('closestMatches / didYouMean', () => {
  const activations = ['identity', 'binary-step', 'sigmoid', 'tanh', 'relu', 'gelu', 'softplus', 'elu', 'selu', 'leaky-relu'];

  it('suggests the near spelling, ignoring case, _ versus - and a leading / or --', () => {
    expect(closestMatches('sigmoud', activations)).toEqual(['sigmoid']);
    expect(closestMatches('TANH', activations)).toEqual([]); // the same word is not a suggestion
    expect(closestMatches('leaky_relu', activations)).toEqual([]);
    expect(closestMatches('binary_stp', activations)).toEqual(['binary-step']);
    expect(closestMatches('--datset', ['dataset', 'points'])).toEqual(['dataset']);
  });

  it('keeps ties (both are as likely) and stops at two', () => {
    expect(closestMatches('x3', ['x1', 'x2', 'x1sq'])).toEqual(['x1', 'x2']);
    expect(didYouMean('x3', ['x1', 'x2'])).toBe(' Did you mean `x1` or `x2`?');
  });

  it('offers the only name a short start fits ("leaky" → leaky-relu)', () => {
    expect(closestMatches('leaky', activations)).toEqual(['leaky-relu']);
    expect(closestMatches('spir', ['circle', 'spiral', 'spiral3'])).toEqual(['spiral', 'spiral3']);
    expect(closestMatches('sig', ['sigma1', 'sigma2', 'sigma3'])).toEqual([]); // too many to guess
  });

  it('gives nothing for a word far from every name, an empty word or a huge one', () => {
    expect(closestMatches('moons', ['circle', 'xor', 'gauss', 'spiral'])).toEqual([]);
    expect(closestMatches('', activations)).toEqual([]);
    expect(closestMatches('relu'.repeat(10_000), activations)).toEqual([]);
    expect(didYouMean('moons', ['circle'])).toBe('');
  });

  it('short names allow one edit, longer ones two', () => {
    expect(closestMatches('rl', ['relu'])).toEqual([]);
    expect(closestMatches('rel', ['relu'])).toEqual(['relu']);
    expect(closestMatches('sgmod', ['sigmoid'])).toEqual([]);
    expect(closestMatches('sigmud', ['sigmoid'])).toEqual(['sigmoid']);
  });

  it('suggestionFor reads the name and choices an engine SpecError carries', () => {
    expect(suggestionFor(new SpecError('x', { given: 'adma', choices: ['sgd', 'adam'] }))).toBe(' Did you mean `adam`?');
    expect(suggestionFor(new SpecError('no choices here'))).toBe('');
    expect(suggestionFor(new Error('x'))).toBe('');
    expect(suggestionFor('not an error')).toBe('');
  });
});

describe('the one wording', () => {
  it('bad value: "`name` must be ALLOWED, not `VALUE`." with the suggestion after it', () => {
    expect(mustBeMessage('lr', 'a number from 0 to 10', '1e400')).toBe('`lr` must be a number from 0 to 10, not `1e400`.');
    expect(mustBeMessage('activation', 'one of sigmoid, tanh', 'sigmoud', ['sigmoid', 'tanh'])).toBe('`activation` must be one of sigmoid, tanh, not `sigmoud`. Did you mean `sigmoid`?');
  });

  it('unknown option: the one meant, else the list; flags keep their dashes', () => {
    expect(unknownOptionMessage('datset', ['dataset', 'points'])).toBe('There is no option `datset`. Did you mean `dataset`?');
    expect(unknownOptionMessage('colour', ['dataset', 'points'])).toBe('There is no option `colour`. The options are: dataset, points.');
    expect(unknownOptionMessage('pionts', ['dataset', 'points'], '--')).toBe('There is no option `--pionts`. Did you mean `--points`?');
  });

  it('unknown command: with a slash in chat, without one on the command line', () => {
    expect(unknownCommandMessage('trian', ['train', 'quiz'])).toBe('There is no command `/trian`. Did you mean `/train`? Type `/help` to see them all.');
    expect(unknownCommandMessage('qiuz', ['train', 'quiz'], { prefix: '', hint: 'Try nn-tutor help.' })).toBe('There is no command `qiuz`. Did you mean `quiz`? Try nn-tutor help.');
  });

  it('values are repeated as short one-line code spans that no platform formats', () => {
    expect(showValue('a\nb')).toBe('`a b`');
    expect(showValue('`**x**`')).toBe("`'**x**'`");
    expect(showValue('x'.repeat(100))).toBe(`\`${'x'.repeat(39)}…\``);
    expect(showValue(Infinity)).toBe('`Infinity`');
    expect(showValue(['a', 1])).toBe('`["a",1]`');
    expect(showValue('')).toBe('`""`');
  });
});
