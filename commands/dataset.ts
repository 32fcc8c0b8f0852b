import { defineCommand } from '../src/chat/define-command.ts';
import type { OptionValues } from '../src/chat/types.ts';
import { datasets, type TrainSpec } from '../src/engine/index.ts';
import { runJob } from '../src/jobs/index.ts';
import { drawDatasetReply } from './_lib/dataset-draw.ts';
import { toReplyImage } from './_lib/format.ts';
import { prepareSpec } from './_lib/training.ts';
import { pickTrainOptions } from './_lib/train-options.ts';

const KIND_TEXT = {
  binary: 'binary classification: every point is blue (+1) or orange (−1), and the network learns a boundary between them',
  multiclass: 'multi-class classification: each point belongs to one of several classes, so the output is a softmax',
  regression: 'regression: every point carries a number (its colour), and the network learns a surface that predicts it',
} as const;

/** What /dataset does: show a built-in set (the default) or open the drawing canvas. */
const DATASET_ACTIONS = ['show', 'draw'] as const;

/** The spec whose data /dataset draws. */
function datasetSpec(options: OptionValues): TrainSpec {
  return prepareSpec({ dataset: options.dataset, noise: options.noise, points: options.points, split: options.split, seed: options.seed });
}

/** /dataset: draws a dataset and says what kind of problem it is. */
export default defineCommand({
  name: 'dataset',
  description: 'Show a dataset and what kind of problem it is',
  heavy: true,
  options: [
    ...pickTrainOptions('dataset', 'noise', 'points', 'split', 'seed'),
    { name: 'action', type: 'string', description: 'show a built-in dataset, or draw your own points (web chat)', choices: DATASET_ACTIONS, default: 'show' },
  ],
  examples: ['/dataset dataset:spiral', '/dataset dataset:circle noise:30', '/dataset dataset:moons', '/dataset draw'],
  checkOptions: (options) => void datasetSpec(options),
  async run(ctx) {
    if (ctx.options.action === 'draw') {
      await ctx.reply(drawDatasetReply(ctx.caller.platform));
      return;
    }
    const spec = datasetSpec(ctx.options);
    const def = datasets[spec.dataset];
    await ctx.progress(0.1, 'drawing the points…');
    const { images } = await runJob({ type: 'render', what: 'dataset', spec }, { signal: ctx.signal });
    const counts = `${spec.points} points: ${Math.round(spec.split.train * 100)}% train, ${Math.round(spec.split.val * 100)}% validation, ${Math.round(spec.split.test * 100)}% test`;
    await ctx.reply({
      text: [
        `**${def.label}** (\`${def.name}\`) — ${KIND_TEXT[def.kind]}${def.kind === 'multiclass' ? ` (${def.classes} classes)` : ''}.`,
        def.description,
        `${counts} · noise ${spec.noise}% · seed ${spec.seed}. Dots are training points, outlined diamonds test points (triangles: validation).`,
        `Try it: \`/train dataset:${def.name}\``,
      ].join('\n'),
      images: images.map(toReplyImage),
      data: { dataset: def.name, kind: def.kind, classes: def.classes, points: spec.points, noise: spec.noise, split: spec.split, description: def.description },
    });
  },
});
