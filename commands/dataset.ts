import { defineCommand } from '../src/chat/define-command.ts';
import type { CommandContext, OptionValues } from '../src/chat/types.ts';
import { datasets, type TrainSpec } from '../src/engine/index.ts';
import { runJob } from '../src/jobs/index.ts';
import { drawDatasetReply } from './_lib/dataset-draw.ts';
import { toReplyImage } from './_lib/format.ts';
import { prepareSpec } from './_lib/training.ts';
import { pickTrainOptions } from './_lib/train-options.ts';
import { checkOwnDataOptions, describeOwnData, resolveOwnData, withOwnDataOptions, withoutSavedReference, type OwnData } from './_lib/own-data.ts';
import { checkDatasetActionOptions, datasetActionOptionDefs, isSavedSetAction, runSavedSetAction } from './_lib/dataset-actions.ts';

const KIND_TEXT = {
  binary: 'binary classification: every point is blue (+1) or orange (−1), and the network learns a boundary between them',
  multiclass: 'multi-class classification: each point belongs to one of several classes, so the output is a softmax',
  regression: 'regression: every point carries a number (its colour), and the network learns a surface that predicts it',
} as const;

/** The spec whose data /dataset draws. */
function datasetSpec(options: OptionValues): TrainSpec {
  return prepareSpec({ dataset: options.dataset, noise: options.noise, points: options.points, split: options.split, seed: options.seed });
}

/** Describes the caller's own points (an upload or a saved set) with a scatter plot, and says how to use them. */
async function showOwnData(ctx: CommandContext, own: OwnData): Promise<void> {
  const spec = prepareSpec({ split: ctx.options.split, seed: ctx.options.seed, data: own.data });
  const next = own.origin === 'upload'
    ? 'Keep it with `/dataset save name:…` (then `/train dataset:my:NAME`), or train on the file now with `/train data:<file>`.'
    : `Train on it: \`/train dataset:${own.data.source}\`.`;
  await ctx.reply(await describeOwnData(ctx, spec, own, next));
}

/** /dataset: draws a dataset and says what kind of problem it is. */
export default defineCommand({
  name: 'dataset',
  description: 'Show a dataset and what kind of problem it is',
  heavy: true,
  // the dataset first: a bare word that is no action's name fills it (`/dataset spiral`); actions are choices (`/dataset draw`, `/dataset list`)
  options: [...withOwnDataOptions(pickTrainOptions('dataset', 'noise', 'points', 'split', 'seed')), ...datasetActionOptionDefs],
  examples: ['/dataset dataset:spiral', '/dataset dataset:circle noise:30', '/dataset dataset:moons', '/dataset draw', '/dataset data:points.csv', '/dataset save name:moons', '/dataset list', '/dataset share name:moons'],
  checkOptions: (options) => {
    checkDatasetActionOptions(options);
    checkOwnDataOptions(options);
    void datasetSpec(withoutSavedReference(options));
  },
  async run(ctx) {
    if (ctx.options.action === 'draw') {
      await ctx.reply(drawDatasetReply(ctx.caller.platform));
      return;
    }
    if (isSavedSetAction(ctx.options.action)) return runSavedSetAction(ctx, ctx.options.action);
    const own = await resolveOwnData(ctx);
    if (own) return showOwnData(ctx, own);
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
