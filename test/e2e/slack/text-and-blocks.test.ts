/** The pieces of the Slack adapter that need no network: option text, mrkdwn and Block Kit. */
import { describe, expect, it } from 'vitest';
import type { OptionDef } from '../../../src/chat/types.ts';
import { countdownText, replyToMessage, routingIdOf, splitForSections, progressMessage } from '../../../src/platforms/slack/blocks.ts';
import { markdownToMrkdwn } from '../../../src/platforms/slack/mrkdwn.ts';
import { parseCommandText, splitWords } from '../../../src/platforms/slack/text-args.ts';
import { findBlockProblem } from '../../fakes/slack/block-kit.ts';

const trainLike: OptionDef[] = [
  { name: 'dataset', type: 'string', description: 'Data', choices: ['circle', 'xor', 'gauss', 'spiral'] },
  { name: 'layers', type: 'string', description: 'Hidden layers' },
  { name: 'activation', type: 'string', description: 'Activation', choices: ['relu', 'tanh', 'sigmoid'] },
  { name: 'lr', type: 'number', description: 'Learning rate' },
  { name: 'batch-size', type: 'string', description: 'Batch size' },
  { name: 'animate', type: 'boolean', description: 'Animate' },
];

describe('Slack option text', () => {
  it('reads name:value pairs', () => {
    expect(parseCommandText('dataset:spiral layers:8,8', trainLike)).toEqual({
      options: { dataset: 'spiral', layers: '8,8' },
      problems: [],
    });
  });

  it('reads --name value, --name=value and bare --flags the same way', () => {
    expect(parseCommandText('--dataset spiral --layers=8,8 --animate --lr 0.03', trainLike)).toEqual({
      options: { dataset: 'spiral', layers: '8,8', animate: true, lr: '0.03' },
      problems: [],
    });
  });

  it('accepts other spellings of option names and "name: value" with a space', () => {
    const parsed = parseCommandText('batch_size:10 --batchSize 10 dataset: xor', trainLike);
    expect(parsed).toEqual({ options: { 'batch-size': '10', dataset: 'xor' }, problems: [] });
  });

  it('turns --no-flag into false and reads "--animate false"', () => {
    expect(parseCommandText('--no-animate', trainLike).options).toEqual({ animate: false });
    expect(parseCommandText('--animate false --dataset xor', trainLike).options).toEqual({ animate: 'false', dataset: 'xor' });
  });

  it('gives bare words that are choices to their option, in any order', () => {
    expect(parseCommandText('tanh spiral', trainLike).options).toEqual({ activation: 'tanh', dataset: 'spiral' });
  });

  it('keeps quoted values (straight or typographic quotes) together', () => {
    expect(splitWords('a:"two words" b:“three more words”')).toEqual({ words: ['a:two words', 'b:three more words'] });
    expect(splitWords('a:"open').problem).toContain('never closed');
  });

  it('leaves a URL whole as a bare value instead of reading "https" as an option name', () => {
    const defs: OptionDef[] = [{ name: 'url', type: 'string', description: 'A Playground link' }];
    const url = 'https://playground.tensorflow.org/#activation=tanh&dataset=xor';
    expect(parseCommandText(url, defs)).toEqual({ options: { url }, problems: [] });
  });

  it('undoes Slack\'s escaping of &, < and > and its <url|label> link wrapping', () => {
    const defs: OptionDef[] = [{ name: 'url', type: 'string', description: 'A Playground link' }];
    expect(parseCommandText('url:https://p.org/#a=1&amp;b=2', defs).options).toEqual({ url: 'https://p.org/#a=1&b=2' });
    expect(parseCommandText('<https://p.org/#a=1&amp;b=2|p.org>', defs).options).toEqual({ url: 'https://p.org/#a=1&b=2' });
  });

  it('names an unknown option and suggests the closest one', () => {
    expect(parseCommandText('datset:xor', trainLike).problems).toEqual(['there is no option `datset`. Did you mean `dataset`?']);
  });

  it('reports a missing value, an empty value and a repeated option', () => {
    expect(parseCommandText('--layers --animate', trainLike).problems).toEqual(['`--layers` needs a value.']);
    expect(parseCommandText('layers:', trainLike).problems[0]).toContain('`layers` needs a value after the colon');
    expect(parseCommandText('dataset:xor dataset:spiral', trainLike).problems[0]).toContain('`dataset` was given twice');
  });

  it('reports a bare word it cannot place', () => {
    const defs: OptionDef[] = [{ name: 'animate', type: 'boolean', description: 'Animate' }];
    expect(parseCommandText('quickly', defs).problems[0]).toContain("I don't know which option `quickly` is for");
  });
});

describe('Slack mrkdwn', () => {
  it('converts the chat Markdown subset to mrkdwn', () => {
    expect(markdownToMrkdwn('**Test loss** 0.12, *nice*\n- one\n- two\n[Playground](https://x.org/a?b=1&c=2)')).toBe(
      '*Test loss* 0.12, _nice_\n• one\n• two\n<https://x.org/a?b=1&amp;c=2|Playground>',
    );
  });

  it('escapes &, < and > and leaves code untouched otherwise', () => {
    expect(markdownToMrkdwn('a < b & **c** `x**y**<z>`\n```\n**raw**\n```')).toBe('a &lt; b &amp; *c* `x**y**&lt;z&gt;`\n```\n**raw**\n```');
  });
});

describe('Slack Block Kit', () => {
  it('turns text, button rows and selects into blocks Slack accepts, with routing ids in value/action_id', () => {
    const message = replyToMessage({
      text: '**Done.**',
      buttons: [
        [
          { id: 'train:again:1', label: 'Train again', style: 'success' },
          { id: 'train:again:1', label: 'Same id again' },
          { id: 'train:link', label: 'Playground', url: 'https://playground.tensorflow.org' },
          { id: 'train:off', label: 'Off', disabled: true },
        ],
      ],
      selects: [{ id: 'quiz:answer:3', placeholder: 'Pick one', options: [{ label: 'A', value: 'a' }] }],
    });
    expect(findBlockProblem(message.blocks)).toBeUndefined();
    expect(message.text).toBe('Done.');
    const [, row, select] = message.blocks as any[];
    expect(row.elements.map((e: any) => e.action_id)).toEqual(['train:again:1', 'train:again:1~2', 'link~1']);
    expect(row.elements[0]).toMatchObject({ style: 'primary', value: 'train:again:1' });
    expect(routingIdOf({ type: 'button', ...row.elements[1] })).toBe('train:again:1');
    expect(routingIdOf({ type: 'button', ...row.elements[2] })).toBeUndefined();
    expect(routingIdOf({ type: 'static_select', action_id: select.elements[0].action_id })).toBe('quiz:answer:3');
  });

  it('splits long text into sections of at most 3000 characters without breaking a code block', () => {
    const long = `intro\n\n\`\`\`\n${'x'.repeat(100)}\n`.padEnd(5000, 'y') + '\n```';
    const chunks = splitForSections(long);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(3000 + 8);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(findBlockProblem(replyToMessage({ text: 'z'.repeat(7000) }).blocks)).toBeUndefined();
  });

  it('a running countdown is a section with Slack\'s date formatting <!date^UNIX_SECONDS^…|fallback> and a plain fallback', () => {
    const endsAtMs = Date.UTC(2026, 10, 25, 10, 0, 20, 400); // 10:00:20.4 UTC → Unix second 1795600820
    const message = replyToMessage({ text: '**Question 1/3**', countdown: { endsAtMs, totalMs: 20_000, label: 'Answers close' } });
    expect(findBlockProblem(message.blocks)).toBeUndefined();
    const sections = (message.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text);
    expect(sections).toEqual(['*Question 1/3*', '⏱ *Answers close* <!date^1795600820^at {time_secs}|at 10:00:20 UTC>']);
    expect(message.text).toBe('Question 1/3\n⏱ Answers close at 10:00:20 UTC');
  });

  it('a paused countdown states the time left, a closed one adds no block, and a label is escaped', () => {
    expect(countdownText({ endsAtMs: 0, status: 'paused', pausedRemainingMs: 14_200 })).toEqual({
      mrkdwn: '⏸ *Paused* · 15 s left when it resumes', plain: '⏸ Paused · 15 s left when it resumes',
    });
    expect(replyToMessage({ text: 'Revealed', countdown: { endsAtMs: 0, status: 'closed' } }).blocks).toHaveLength(1);
    expect(countdownText({ endsAtMs: 1_000, label: 'A < B' })!.mrkdwn).toContain('*A &lt; B*');
  });

  it('a long text with a countdown stays within Slack\'s limits and keeps the countdown in the fallback text', () => {
    const message = replyToMessage({ text: 'w'.repeat(7000), countdown: { endsAtMs: Date.UTC(2026, 0, 1, 9, 30, 5) } });
    expect(findBlockProblem(message.blocks)).toBeUndefined();
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(message.text.endsWith('⏱ Ends at 09:30:05 UTC')).toBe(true);
  });

  it('draws progress as a bar with the percentage', () => {
    expect(progressMessage('/train', 0.5, 'epoch 5/10').text).toBe('⏳ /train — 50% ▓▓▓▓▓▓░░░░░░ epoch 5/10');
  });
});
