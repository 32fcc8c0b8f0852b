import { defineCommand } from '../src/chat/define-command.ts';
import { describeList, parseNumberList, type NumberListRule } from '../src/chat/list-values.ts';
import { computeUpdateCost } from '../src/engine/index.ts';

/** "9.3 million", "4,674" — numbers as a lecture slide writes them (beyond trillions: 3.1e+19). */
export function humanCount(n: number): string {
  if (n >= 1e15) return n.toExponential(1);
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} trillion`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} million`;
  return n.toLocaleString('en-US');
}

/** Every layer from input to output: 2 to 32 sizes (ResNet-34 territory), each up to 100,000 — a reply that stays short. */
const ARCHITECTURE_RULE: NumberListRule = { min: 1, max: 100_000, minItems: 2, maxItems: 32, isUnique: false, example: '5,64,64,2', separators: /[x×\s-]/ };

/** Parses "5,64,64,2" (or 784x128x10) into layer sizes, input to output; a UserError names `layers` and what it allows. */
export function parseArchitecture(text: string): number[] {
  return parseNumberList('layers', text, ARCHITECTURE_RULE);
}

/** /cost: parameters and computations per update, full batch vs mini-batch vs SGD, as on the lecture's slide. */
export default defineCommand({
  name: 'cost',
  description: 'Parameters and computations per update: full batch vs mini-batch vs SGD',
  options: [
    { name: 'layers', type: 'string', description: 'All layer sizes, input to output, e.g. 5,64,64,2', default: '5,64,64,2',
      allowed: describeList(ARCHITECTURE_RULE), check: (text) => void parseArchitecture(text),
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
