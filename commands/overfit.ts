import { defineCommand } from '../src/chat/define-command.ts';
import type { OptionValues } from '../src/chat/types.ts';
import type { TrainResult, TrainSpec } from '../src/engine/types.ts';
import { runJob } from '../src/jobs/index.ts';
import { lossText, percent, toReplyImage } from './_lib/format.ts';
import { pickTrainOptions } from './_lib/train-options.ts';
import { prepareSpec, setupLine, trainInPool } from './_lib/training.ts';

/** The four runs of the demonstration: the same big network on small noisy data, then three remedies. */
export const OVERFIT_VARIANTS = [
  { key: 'plain', label: 'no regularisation', change: {} },
  { key: 'early', label: 'early stopping (patience 30)', change: { earlyStopping: 30 } },
  { key: 'l2', label: 'L2 (rate 0.01)', change: { regularization: 'l2', regRate: 0.01 } },
  { key: 'dropout', label: 'dropout 0.3', change: { dropout: 0.3 } },
] as const;

/** Gap between validation and training loss at the end: how much the network memorised. */
export function generalisationGap(result: TrainResult): number {
  return (result.final.valLoss ?? result.final.testLoss) - result.final.trainLoss;
}

/** The four runs /overfit compares: the same big network plain and with each remedy. */
function overfitSpecs(options: OptionValues): TrainSpec[] {
  const base = {
    dataset: options.dataset, noise: options.noise, points: options.points, epochs: options.epochs, seed: options.seed,
    split: '40,30,30', layers: '16,16,16', activation: 'relu', optimizer: 'adam', learningRate: 0.01, batchSize: 10,
    features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2', scale: true,
  };
  return OVERFIT_VARIANTS.map((v) => prepareSpec({ ...base, ...v.change }));
}

/** /overfit: a big network on little noisy data, train vs validation loss diverging, then the remedies side by side. */
export default defineCommand({
  name: 'overfit',
  description: 'See overfitting happen, then fix it with early stopping, L2 and dropout',
  heavy: true,
  options: pickTrainOptions('dataset', 'noise', 'points', 'epochs', 'seed').map((d) => {
    // Seed 2 of this setup shows the textbook picture clearly; other seeds vary, as small noisy data does.
    const defaults: Record<string, string | number> = { dataset: 'gauss', noise: 50, points: 160, epochs: 400, seed: 2 };
    return d.name in defaults ? { ...d, default: defaults[d.name] } : d;
  }),
  examples: ['/overfit', '/overfit dataset:circle noise:50', '/overfit points:100 epochs:600'],
  checkOptions: (options) => void overfitSpecs(options),
  async run(ctx) {
    const specs = overfitSpecs(ctx.options);
    let done = 0;
    await ctx.progress(0, 'training the same big network four ways…');
    const outputs = await Promise.all(
      specs.map(async (spec, i) => {
        const images = i === 0 ? (['loss', 'boundary'] as const) : i === 2 ? (['boundary'] as const) : ([] as const);
        const output = await trainInPool({ signal: ctx.signal, progress: async () => undefined }, spec, [...images]);
        done += 1;
        void ctx.progress(0.85 * (done / specs.length), `${done}/${specs.length} runs done`).catch(() => undefined);
        return output;
      }),
    );
    await ctx.progress(0.9, 'drawing the comparison…');
    const { images: comparison } = await runJob(
      { type: 'render', what: 'comparison', groups: OVERFIT_VARIANTS.map((v, i) => ({ label: v.label, runs: [outputs[i]!.result] })), title: 'Validation loss: overfitting and three remedies' },
      { signal: ctx.signal },
    );
    const plain = outputs[0]!.result;
    const rows = OVERFIT_VARIANTS.map((v, i) => {
      const r = outputs[i]!.result;
      const accuracy = r.kind === 'regression' ? '' : `, test accuracy ${percent(r.final.testAccuracy)}`;
      const stopped = r.stopReason === 'early-stopping' ? ` (stopped, best epoch ${r.bestEpoch})` : '';
      return `- **${v.label}**: train loss ${lossText(r.final.trainLoss)}, validation ${lossText(r.final.valLoss)}, test ${lossText(r.final.testLoss)}${accuracy}, gap ${lossText(generalisationGap(r))}${stopped}`;
    });
    const [plainLoss, plainBoundary] = outputs[0]!.images;
    const l2Boundary = outputs[2]!.images[0];
    await ctx.reply({
      text: [
        `**Overfitting, live.** ${setupLine(specs[0]!, plain).replace(/ · seed \d+$/, '')}: a big network (${plain.params} parameters) on only ${Math.round(specs[0]!.points * specs[0]!.split.train)} noisy training points.`,
        'Watch the loss curve: training loss keeps falling while validation loss turns upwards — the network is memorising the noise. The gap between them is the overfitting.',
        ...rows,
        'Pictures: the loss curves without regularisation, the validation loss of all four runs, then the decision boundary without regularisation and with L2.',
        'Early stopping keeps the weights from the best validation epoch; L2 keeps weights small so the boundary stays smooth; dropout stops neurons relying on each other. Judge them on the **test** loss, which none of them saw.',
      ].join('\n'),
      images: [
        plainLoss,
        ...comparison,
        plainBoundary && { ...plainBoundary, name: 'boundary-no-regularisation.png' },
        l2Boundary && { ...l2Boundary, name: 'boundary-l2.png' },
      ].filter((i) => i !== undefined).map(toReplyImage),
      data: {
        variants: OVERFIT_VARIANTS.map((v, i) => ({ key: v.key, label: v.label, final: outputs[i]!.result.final, gap: generalisationGap(outputs[i]!.result), stopReason: outputs[i]!.result.stopReason, bestEpoch: outputs[i]!.result.bestEpoch })),
      },
    });
  },
});
