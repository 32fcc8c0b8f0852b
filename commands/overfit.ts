import { defineCommand } from '../src/chat/define-command.ts';
import type { TrainSpecInput } from '../src/engine/spec.ts';
import type { TrainResult, TrainSpec } from '../src/engine/types.ts';
import type { ClaimSet } from '../src/tutor/claims/evaluate.ts';
import { observationsOf } from '../src/tutor/claims/lesson-claims.ts';
import { runJob } from '../src/jobs/index.ts';
import { lossText, percent, toReplyImage } from './_lib/format.ts';
import { pickTrainOptions } from './_lib/train-options.ts';
import { prepareSpec, setupLine, trainInPool } from './_lib/training.ts';

/** The four runs of the demonstration: the same big network on small noisy data, then three remedies. */
export const OVERFIT_VARIANTS = [
  { key: 'plain', label: 'no regularisation', change: {} },
  { key: 'early', label: 'early stopping (patience 30)', change: { earlyStopping: 30 } },
  { key: 'l2', label: 'L2 (rate 0.03)', change: { regularization: 'l2', regRate: 0.03 } },
  { key: 'dropout', label: 'dropout 0.5', change: { dropout: 0.5 } },
] as const;

/** The demo's defaults; seed 2 is what a student sees first, the claims check seeds 2, 3, 4, … */
export const OVERFIT_DEFAULTS = { dataset: 'gauss', noise: 50, points: 160, epochs: 400, seed: 2 } as const;

/** The four specs for the user's dataset, noise, points, epochs and seed. */
export function overfitSpecs(options: Record<string, unknown>): TrainSpec[] {
  const base = {
    dataset: options.dataset, noise: options.noise, points: options.points, epochs: options.epochs, seed: options.seed,
    split: '40,30,30', layers: '16,16,16', activation: 'relu', optimizer: 'adam', learningRate: 0.01, batchSize: 10,
    features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2', scale: true,
  } as TrainSpecInput;
  return OVERFIT_VARIANTS.map((v) => prepareSpec({ ...base, ...v.change } as TrainSpecInput));
}

/** What the reply's fixed sentences say about the default demo, checked by `lessons:check -- --claims`. */
export function overfitClaimSet(): ClaimSet {
  const [plain, early, l2, dropout] = OVERFIT_VARIANTS.map((v) => v.label);
  return {
    file: 'commands/overfit.ts',
    step: '/overfit (defaults)',
    claims: [
      { that: 'without regularisation the training loss falls close to zero', run: plain, metric: 'trainLoss', below: 0.05 },
      { that: 'without regularisation the validation loss turns upwards (ends ≥ 0.3 above its lowest)', run: plain, metric: 'valLossRise', above: 0.3, seeds: '4/5' },
      { that: 'without regularisation the validation−training gap is large (> 0.5)', run: plain, metric: 'gap', above: 0.5, seeds: '4/5' },
      { that: 'early stopping stops before the last epoch', run: early, metric: 'stoppedEarly', above: 0.5 },
      { that: 'early stopping ends with a lower test loss than no regularisation', run: early, metric: 'testLoss', below: { run: plain }, seeds: '4/5' },
      { that: 'L2 ends with a lower test loss than no regularisation', run: l2, metric: 'testLoss', below: { run: plain }, seeds: '4/5' },
      { that: 'dropout usually ends with a lower test loss than no regularisation', run: dropout, metric: 'testLoss', below: { run: plain }, seeds: '3/5' },
    ],
    observe: async (seedOffset, trainRun) => {
      const specs = overfitSpecs({ ...OVERFIT_DEFAULTS, seed: OVERFIT_DEFAULTS.seed + seedOffset });
      const results = await Promise.all(specs.map((spec) => trainRun(spec)));
      return observationsOf(Object.fromEntries(OVERFIT_VARIANTS.map((v, i) => [v.label, results[i]])));
    },
  };
}

/** Gap between validation and training loss at the end: how much the network memorised. */
export function generalisationGap(result: TrainResult): number {
  return (result.final.valLoss ?? result.final.testLoss) - result.final.trainLoss;
}

/** What the unregularised run's loss curve shows, from its numbers: validation loss turning upwards while training loss falls, or not. */
export function overfitCurveSentence(plain: TrainResult): string {
  const vals = plain.history.map((h) => h.valLoss ?? h.testLoss);
  const lowest = Math.min(...vals);
  const lowestAt = vals.indexOf(lowest);
  const rise = vals[vals.length - 1] - lowest;
  const trainAtLowest = plain.history[lowestAt]?.trainLoss ?? plain.final.trainLoss;
  if (rise > 0.05 && plain.final.trainLoss < trainAtLowest) {
    return `Watch the loss curve: after epoch ${plain.history[lowestAt].epoch} training loss keeps falling (${lossText(trainAtLowest)} → ${lossText(plain.final.trainLoss)}) while validation loss turns upwards (${lossText(lowest)} → ${lossText(vals[vals.length - 1])}) — the network is memorising the noise. The gap between them is the overfitting.`;
  }
  return `This time the validation loss did not clearly turn upwards (it ended ${lossText(rise)} above its lowest), so this setup barely overfits: try fewer \`points\`, more \`noise\` or more \`epochs\`.`;
}

/** Sentences written from the runs' numbers: which remedies beat no regularisation on test loss, and why validation and test can disagree. */
export function overfitVerdict(results: TrainResult[]): string[] {
  const [plain, ...remedies] = results;
  const labelled = remedies.map((r, i) => ({ label: OVERFIT_VARIANTS[i + 1].label, r }));
  const better = labelled.filter((x) => x.r.final.testLoss < plain.final.testLoss);
  const best = [...labelled].sort((a, b) => a.r.final.testLoss - b.r.final.testLoss)[0];
  const lines = [better.length === 0
    ? `This time no remedy beat no regularisation on test loss (${lossText(plain.final.testLoss)}) — small noisy data varies a lot: try another seed.`
    : `On test loss, ${better.length === labelled.length ? 'every remedy' : better.map((x) => x.label).join(' and ')} beat no regularisation (${lossText(plain.final.testLoss)}); lowest: **${best.label}** (${lossText(best.r.final.testLoss)}).`];
  const split = Math.round(plain.spec.points * plain.spec.split.val);
  const disagree = results.some((r) => r.final.valLoss !== undefined && Math.max(r.final.valLoss, r.final.testLoss) > 2 * Math.min(r.final.valLoss, r.final.testLoss) + 0.1);
  if (disagree) {
    lines.push(`Why validation and test loss can disagree so much: each holds only about ${split} points, and cross-entropy charges a point the network is confidently wrong about several units of loss (−log of a tiny probability). With 50 % noise a few points sit deep in the other class's cloud, so one or two of them landing in one split and not the other moves its loss a lot — the accuracies move far less.`);
  }
  return lines;
}

/** /overfit: a big network on little noisy data, train vs validation loss diverging, then the remedies side by side. */
export default defineCommand({
  name: 'overfit',
  description: 'See overfitting happen, then fix it with early stopping, L2 and dropout',
  heavy: true,
  options: pickTrainOptions('dataset', 'noise', 'points', 'epochs', 'seed').map((d) => {
    // The claims (overfitClaimSet) hold on most seeds of this setup; small noisy data still varies from seed to seed.
    const defaults: Record<string, string | number> = OVERFIT_DEFAULTS;
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
      { type: 'render', what: 'comparison', groups: OVERFIT_VARIANTS.map((v, i) => ({ label: v.label, runs: [outputs[i]!.result] })), title: 'Overfitting and three remedies: training and test loss' },
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
        overfitCurveSentence(plain),
        ...rows,
        ...overfitVerdict(outputs.map((o) => o.result)),
        'Pictures: the loss curves without regularisation, the training (solid) and test (dashed) loss of all four runs — ◆ marks where early stopping stopped — then the decision boundary without regularisation and with L2.',
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
