import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { computeUpdateCost } from '../src/engine/index.ts';

/** "9.3 million", "4,674" — numbers as a lecture slide writes them. */
export function humanCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} million`;
  return n.toLocaleString('en-US');
}

/** Parses "5,64,64,2" into layer sizes (input, hidden…, output), naming the option on error. */
export function parseArchitecture(text: string): number[] {
  const sizes = text.split(/[\s,x×-]+/).filter(Boolean).map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000))
    throw new UserError('`layers` must list every layer size from input to output, at least two whole numbers, e.g. 5,64,64,2.');
  return sizes;
}

/** /cost: parameters and computations per update, full batch vs mini-batch vs SGD, as on the lecture's slide. */
export default defineCommand({
  name: 'cost',
  description: 'Parameters and computations per update: full batch vs mini-batch vs SGD',
  options: [
    { name: 'layers', type: 'string', description: 'All layer sizes, input to output, e.g. 5,64,64,2', default: '5,64,64,2',
      autocomplete: (p) => ['5,64,64,2', '2,4,2,1', '2,8,8,1', '7,8,8,8,8,8,8,1', '784,128,10'].filter((s) => s.startsWith(p)) },
    { name: 'points', type: 'integer', description: 'Training examples', min: 1, max: 100_000_000, default: 2000 },
    { name: 'batch-size', type: 'integer', description: 'Mini-batch size to compare', min: 1, max: 100_000, default: 32 },
  ],
  examples: ['/cost', '/cost layers:2,8,8,1 points:500 batch-size:10', '/cost layers:784,128,10 points:60000'],
  async run(ctx) {
    const sizes = parseArchitecture(String(ctx.options.layers));
    const points = Number(ctx.options.points);
    const { params, costs } = computeUpdateCost(sizes, points, Number(ctx.options['batch-size']));
    const perLayer = sizes.slice(1).map((n, i) => `${sizes[i]}×${n} + ${n}`).join(' + ');
    const rows = costs.map((c) => [c.batch, humanCount(c.examplesPerUpdate), humanCount(c.computationsPerUpdate), humanCount(c.updatesPerEpoch)]);
    const header = ['batch', 'examples / update', 'computations / update', 'updates / epoch'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    await ctx.reply({
      text: [
        `**${sizes.join('-')} network, ${humanCount(points)} training points**`,
        `Parameters: ${perLayer} = **${humanCount(params)}** (weights plus one bias per neuron).`,
        'One update touches every parameter once per example in the batch, so it costs about examples × parameters computations:',
        ['```', line(header), ...rows.map(line), '```'].join('\n'),
        'Full-batch gradient descent pays for every example before a single step; SGD takes a step per example but each step is noisy; mini-batches sit in between and suit vector hardware.',
      ].join('\n'),
      data: { layerSizes: sizes, points, params, costs },
    });
  },
});
