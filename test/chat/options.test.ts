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
    const message = messageOf(() => parseOptions('train', defs, { dataset: 'moons' }));
    expect(message).toContain('`dataset`');
    expect(message).toContain('circle, spiral');
    expect(message).toContain('"moons"');
  });

  it('names the range for an out-of-range or fractional integer', () => {
    expect(messageOf(() => parseOptions('train', defs, { epochs: '500' }))).toMatch(/`epochs` must be a whole number from 1 to 100/);
    expect(messageOf(() => parseOptions('train', defs, { epochs: '2.5' }))).toMatch(/`epochs` must be a whole number/);
  });

  it('rejects text that is not a number or a boolean, naming what is accepted', () => {
    expect(messageOf(() => parseOptions('train', defs, { lr: 'fast' }))).toMatch(/`lr` must be a number from 0 to 10, not "fast"/);
    expect(messageOf(() => parseOptions('train', defs, { animate: 'maybe' }))).toMatch(/`animate` must be true or false/);
  });

  it('rejects an unknown option and lists the command\'s options', () => {
    const message = messageOf(() => parseOptions('train', defs, { colour: 'red' }));
    expect(message).toContain('/train has no option `colour`');
    expect(message).toContain('dataset, epochs, lr, animate, layers');
  });

  it('says a required option is missing', () => {
    const required: OptionDef[] = [{ name: 'url', type: 'string', description: 'A link', required: true }];
    expect(messageOf(() => parseOptions('playground', required, {}))).toMatch(/`url` is required/);
  });
});
