import { describe, expect, it } from 'vitest';
import { normalizeOptionName, parseOptions } from '../../src/chat/options.ts';
import { UserError } from '../../src/chat/errors.ts';
import type { OptionDef } from '../../src/chat/types.ts';

const defs: OptionDef[] = [
  { name: 'dataset', type: 'string', description: 'Which data', choices: ['circle', 'spiral'], default: 'circle' },
  { name: 'epochs', type: 'integer', description: 'Passes', min: 1, max: 100, default: 10 },
  { name: 'lr', type: 'number', description: 'Learning rate', min: 0, max: 10 },
  { name: 'animate', type: 'boolean', description: 'Animate', default: false },
  { name: 'layers', type: 'string', description: 'Sizes' },
];

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('parseOptions: a user option', () => {
  const who: OptionDef[] = [{ name: 'user', type: 'user', description: 'Who' }];
  it('a mention, a display name or an id arrives as trimmed text; an empty one is left out', () => {
    expect(parseOptions('report', who, { user: ' <@U123|ana> ' })).toEqual({ user: '<@U123|ana>' });
    expect(parseOptions('report', who, { user: '@Ana' })).toEqual({ user: '@Ana' });
    expect(parseOptions('report', who, { user: '' })).toEqual({ user: undefined });
  });
  it('a number or a list is refused, saying a person is wanted', () => {
    expect(messageOf(() => parseOptions('report', who, { user: 42 }))).toMatch(/`user` must be a person: an @mention, their display name or their user id/);
  });
});

describe('parseOptions', () => {
  it('coerces text from Slack, the CLI and the web chat into typed values', () => {
    const values = parseOptions('train', defs, { dataset: 'Spiral', epochs: '50', lr: '0.03', animate: 'yes', layers: '8,8' });
    expect(values).toEqual({ dataset: 'spiral', epochs: 50, lr: 0.03, animate: true, layers: '8,8' });
  });

  it('fills in declared defaults for omitted options and leaves others undefined', () => {
    expect(parseOptions('train', defs, {})).toEqual({ dataset: 'circle', epochs: 10, lr: undefined, animate: false, layers: undefined });
  });

  it('accepts a JSON array for a list option and camelCase or snake_case names', () => {
    const values = parseOptions('train', [...defs, { name: 'batch-size', type: 'string', description: 'b' }], { layers: [8, 8], batchSize: 10 });
    expect(values.layers).toBe('8,8');
    expect(values['batch-size']).toBe('10');
    expect(normalizeOptionName('batch_size')).toBe('batch-size');
    expect(normalizeOptionName('--batch-size')).toBe('batch-size');
  });

  it('names the option and lists the allowed values for a bad choice', () => {
    const message = messageOf(() => parseOptions('train', defs, { dataset: 'donut' }));
    expect(message).toContain('`dataset`');
    expect(message).toContain('circle, spiral');
    expect(message).toContain('not `donut`.');
  });

  it('names the range for an out-of-range or fractional integer', () => {
    expect(messageOf(() => parseOptions('train', defs, { epochs: '500' }))).toMatch(/`epochs` must be a whole number from 1 to 100/);
    expect(messageOf(() => parseOptions('train', defs, { epochs: '2.5' }))).toMatch(/`epochs` must be a whole number/);
  });

  it('rejects text that is not a number or a boolean, naming what is accepted', () => {
    expect(messageOf(() => parseOptions('train', defs, { lr: 'fast' }))).toMatch(/`lr` must be a number from 0 to 10, not `fast`\./);
    expect(messageOf(() => parseOptions('train', defs, { animate: 'maybe' }))).toMatch(/`animate` must be true or false/);
  });

  it('rejects an unknown option and lists the command\'s options', () => {
    const message = messageOf(() => parseOptions('train', defs, { colour: 'red' }));
    expect(message).toContain('There is no option `colour`.');
    expect(message).toContain('dataset, epochs, lr, animate, layers');
    expect(message).toContain('/help train');
  });

  it('says a required option is missing', () => {
    const required: OptionDef[] = [{ name: 'url', type: 'string', description: 'A link', required: true }];
    expect(messageOf(() => parseOptions('playground', required, {}))).toMatch(/`url` is required/);
  });
});

describe('parseOptions refuses what it used to accept silently (issue 13, item 12)', () => {
  it('options sent as an array or a string → a message naming what options are, not a run with defaults', () => {
    for (const raw of [['dataset', 'spiral'], 'dataset:spiral', 42]) {
      const message = messageOf(() => parseOptions('train', defs, raw));
      expect(message).toMatch(/^`options` must be an object of option names and values, e\.g\. \{"dataset": "circle"\}, not `/);
      expect(message).toContain('/train takes dataset, epochs, lr, animate, layers.');
    }
  });

  it('no options at all (undefined or null) still means "all defaults"', () => {
    expect(parseOptions('train', defs, undefined).dataset).toBe('circle');
    expect(parseOptions('train', defs, null).epochs).toBe(10);
  });

  it('a number too large to represent (JSON 1e400 = Infinity) is shown as such, not as "null"', () => {
    const message = messageOf(() => parseOptions('train', defs, { lr: Number('1e400') }));
    expect(message).toBe('`lr` must be a number from 0 to 10, not `Infinity`.');
    expect(messageOf(() => parseOptions('train', defs, { lr: '1e400' }))).toBe('`lr` must be a number from 0 to 10, not `1e400`.');
  });

  it('numbers in hex, binary or words are refused rather than read as something else', () => {
    expect(messageOf(() => parseOptions('train', defs, { epochs: '0x10' }))).toMatch(/`epochs` must be a whole number from 1 to 100, not `0x10`/);
    expect(messageOf(() => parseOptions('train', defs, { lr: 'Infinity' }))).toMatch(/not `Infinity`/);
    expect(parseOptions('train', defs, { lr: '1e-3' }).lr).toBe(0.001);
  });

  it('the same option given twice under two spellings → refused, naming both', () => {
    const withBatch = [...defs, { name: 'batch-size', type: 'string', description: 'b' } as OptionDef];
    expect(messageOf(() => parseOptions('train', withBatch, { batchSize: '10', batch_size: '20' }))).toBe(
      '`batch-size` was given twice (as `batchSize` and `batch_size`); give it once.',
    );
  });

  it('a huge text value → refused with the limit, and the value is not echoed in full', () => {
    const message = messageOf(() => parseOptions('train', defs, { layers: '8,'.repeat(5000) }));
    expect(message).toMatch(/^`layers` must be at most 1000 characters \(it has 10000\), not `8,8,8/);
    expect(message.length).toBeLessThan(200);
  });

  it('a list of objects (e.g. [{"toString": 1}]) is refused as a user mistake, not a crash', () => {
    const message = messageOf(() => parseOptions('train', defs, { layers: [{ toString: 1 }] }));
    expect(message).toMatch(/^`layers` must be text, not `\[\{"toString":1\}\]`\./);
  });

  it('a value with Markdown is repeated in a code span, so it cannot become a link or bold text', () => {
    const message = messageOf(() => parseOptions('train', defs, { dataset: '[x](https://evil.example) `**b**`' }));
    expect(message).toContain("not `[x](https://evil.example) '**b**'`.");
  });

  it('a free-text option\'s own check runs before anything else and its message is kept', () => {
    const checked: OptionDef[] = [{ name: 'layers', type: 'string', description: 'Sizes', allowed: 'sizes like 8,8', check: (t) => { if (t.includes(',,')) throw new UserError(`\`layers\` must be sizes like 8,8, not \`${t}\`.`); } }];
    expect(messageOf(() => parseOptions('train', checked, { layers: '8,,8' }))).toBe('`layers` must be sizes like 8,8, not `8,,8`.');
    expect(parseOptions('train', checked, { layers: '8,8' }).layers).toBe('8,8');
  });
});

describe('parseOptions suggests the option or value meant (issue 14)', () => {
  it('a misspelt option name → "Did you mean" that option, without the list of every option', () => {
    expect(messageOf(() => parseOptions('train', defs, { datset: 'spiral' }))).toBe('There is no option `datset`. Did you mean `dataset`?');
    expect(messageOf(() => parseOptions('train', defs, { layer: '8,8' }))).toBe('There is no option `layer`. Did you mean `layers`?');
  });

  it('a misspelt choice → "Did you mean" the nearest allowed value', () => {
    expect(messageOf(() => parseOptions('train', defs, { dataset: 'spirl' }))).toBe('`dataset` must be one of circle, spiral, not `spirl`. Did you mean `spiral`?');
  });

  it('a value nowhere near any choice gets no guess', () => {
    expect(messageOf(() => parseOptions('train', defs, { dataset: 'donut' }))).not.toContain('Did you mean');
  });
});

describe('parseOptions reports every mistake at once', () => {
  it('a misspelt name and a bad value in one call → both sentences, one per line', () => {
    expect(messageOf(() => parseOptions('train', defs, { datset: 'spiral', lr: 'fast' }))).toBe(
      'There is no option `datset`. Did you mean `dataset`?\n`lr` must be a number from 0 to 10, not `fast`.',
    );
  });
});
