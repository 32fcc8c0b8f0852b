import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { UserError } from '../../../src/chat/errors.ts';
import { parseCommandText, tokenize } from '../../../src/platforms/local/parse-command.ts';

const commands = [
  defineCommand({
    name: 'train', description: 'Train', async run() {},
    options: [
      { name: 'dataset', type: 'string', description: 'd' },
      { name: 'layers', type: 'string', description: 'l' },
      { name: 'animate', type: 'boolean', description: 'a' },
    ],
  }),
  defineCommand({ name: 'help', description: 'Help', async run() {}, options: [{ name: 'command', type: 'string', description: 'c' }] }),
  defineCommand({
    name: 'dataset', description: 'D', async run() {},
    options: [
      { name: 'dataset', type: 'string', description: 'd', choices: ['circle', 'spiral'] },
      { name: 'action', type: 'string', description: 'a', choices: ['show', 'draw'] },
    ],
  }),
  defineCommand({ name: 'playground', description: 'P', async run() {}, options: [{ name: 'url', type: 'string', description: 'u' }] }),
];

describe('parseCommandText (what people type in the web chat)', () => {
  it('reads name:value pairs', () => {
    expect(parseCommandText('/train dataset:spiral layers:8,8', commands)).toEqual({ command: 'train', options: { dataset: 'spiral', layers: '8,8' } });
  });

  it('reads --flags with values, bare --flags as true, and key=value', () => {
    expect(parseCommandText('/train --dataset spiral --animate layers=4,2', commands)).toEqual({ command: 'train', options: { dataset: 'spiral', animate: 'true', layers: '4,2' } });
  });

  it('keeps a URL value whole although it contains colons', () => {
    const { options } = parseCommandText('/playground url:https://playground.tensorflow.org/#dataset=xor', commands);
    expect(options.url).toBe('https://playground.tensorflow.org/#dataset=xor');
  });

  it('gives one bare word to the command\'s first option (/help train)', () => {
    expect(parseCommandText('/help train', commands)).toEqual({ command: 'help', options: { command: 'train' } });
  });

  it('gives a bare word that is one of a later option\'s choices to that option (/dataset draw → action:draw)', () => {
    expect(parseCommandText('/dataset draw', commands)).toEqual({ command: 'dataset', options: { action: 'draw' } });
    expect(parseCommandText('/dataset spiral', commands)).toEqual({ command: 'dataset', options: { dataset: 'spiral' } });
    expect(parseCommandText('/dataset DRAW dataset:circle', commands)).toEqual({ command: 'dataset', options: { action: 'draw', dataset: 'circle' } });
  });

  it('a bare word that is no choice still goes to the first free option, where its check refuses it (/dataset donut → dataset:donut)', () => {
    expect(parseCommandText('/dataset donut', commands)).toEqual({ command: 'dataset', options: { dataset: 'donut' } });
  });

  it('reads "name: value" with a space after the colon as name:value', () => {
    expect(parseCommandText('/train dataset: spiral layers:8', commands)).toEqual({ command: 'train', options: { dataset: 'spiral', layers: '8' } });
  });

  it('keeps quoted values together', () => {
    expect(tokenize('/train dataset:"spiral" layers:\'8, 8\'')).toEqual(['/train', 'dataset:spiral', 'layers:8, 8']);
  });

  it('explains how to write options when it cannot read the text', () => {
    expect(() => parseCommandText('/train spiral 8,8', commands)).toThrow(UserError);
    expect(() => parseCommandText('/train spiral 8,8', commands)).toThrow(/write options as `name:value`/);
    expect(() => parseCommandText('train', commands)).toThrow(/Commands start with `\/`/);
  });
});
