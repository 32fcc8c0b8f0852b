import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { mustBeMessage } from '../src/chat/input-messages.ts';
import { getLimits } from '../src/chat/limits.ts';
import { parseNameList, parseNumberList, parseTextList, type ListShape } from '../src/chat/list-values.ts';
import type { OptionValues } from '../src/chat/types.ts';
import { ENGINE_LIMITS, type TrainSpecInput } from '../src/engine/spec.ts';
import { ACTIVATION_NAMES, OPTIMIZER_NAMES, REGULARIZATION_NAMES } from '../src/engine/types.ts';
import type { TrainResult, TrainSpec } from '../src/engine/types.ts';
import { runJob } from '../src/jobs/index.ts';
import { lossText, percent, toReplyImage } from './_lib/format.ts';
import { mean, sampleSd, welchTTest } from './_lib/stats.ts';
import { chanceAccuracy, stuckCause } from '../src/tutor/coach/diagnose.ts';
import type { ClaimSet } from '../src/tutor/claims/evaluate.ts';
import { observationsOf } from '../src/tutor/claims/lesson-claims.ts';
import { pickTrainOptions, optionsToSpecInput } from './_lib/train-options.ts';
import { prepareSpec, setupLine, trainInPool } from './_lib/training.ts';

/** The settings /compare can vary, with the values it tries when none are given. */
const SETTINGS = {
  activation: { field: 'activation', defaults: 'tanh,sigmoid,relu' },
  optimizer: { field: 'optimizer', defaults: 'sgd,momentum,adam' },
  'batch-size': { field: 'batchSize', defaults: '1,10,full' },
  lr: { field: 'learningRate', defaults: '0.003,0.03,0.3' },
  regularization: { field: 'regularization', defaults: 'none,l1,l2' },
  depth: { field: 'layers', defaults: '1,2,4' },
} as const;
type SettingName = keyof typeof SETTINGS;

/** Settings whose values are names from an engine table (checked here, with "Did you mean"). */
const NAMED_VALUES: Partial<Record<SettingName, readonly string[]>> = {
  activation: ACTIVATION_NAMES, optimizer: OPTIMIZER_NAMES, regularization: REGULARIZATION_NAMES,
};

/**
 * The values to compare, read strictly: 2 to 10, none empty or repeated; names and depths are
 * checked here, learning rates and batch sizes by the engine when the specs are prepared.
 */
export function readCompareValues(setting: SettingName, text: string): string[] {
  const shape: ListShape = { minItems: 2, maxItems: 10, isUnique: true, example: SETTINGS[setting].defaults };
  const names = NAMED_VALUES[setting];
  if (names) return parseNameList('values', text, { ...shape, choices: names });
  if (setting === 'depth') return parseNumberList('values', text, { ...shape, min: 0, max: ENGINE_LIMITS.maxHiddenLayers }).map(String);
  return parseTextList('values', text, { ...shape, itemsAre: setting === 'lr' ? 'learning rates' : 'batch sizes (whole numbers or full)' });
}

/** Every run of a comparison, each spec validated, so that a bad value fails at once with its name (before anything is queued). */
function planComparison(options: OptionValues) {
  const setting = options.setting as SettingName;
  const values = readCompareValues(setting, String(options.values ?? SETTINGS[setting].defaults));
  const seeds = Number(options.seeds);
  const totalRuns = values.length * seeds;
  if (totalRuns > getLimits().maxCompareRuns)
    throw new UserError(`That is ${totalRuns} runs (values × seeds); this bot allows ${getLimits().maxCompareRuns}. Use fewer values or seeds.`);
  const threshold = Number(options.threshold);
  const rest: OptionValues = { ...options };
  for (const own of ['setting', 'values', 'seeds', 'threshold']) delete rest[own];
  const base = optionsToSpecInput(rest);
  const width = Number(String(options.layers ?? '6').split(',')[0]) || 6;
  const firstSeed = Number(options.seed ?? 1);
  const plan: { value: string; spec: TrainSpec }[] = [];
  for (const value of values)
    for (let s = 0; s < seeds; s++) plan.push({ value, spec: prepareSpec({ ...specFor(setting, value, base, width), seed: firstSeed + s }) });
  return { setting, values, seeds, totalRuns, threshold, plan };
}

/** One compared value: its runs (one per seed) and their summary numbers. */
export interface CompareGroup {
  value: string;
  runs: TrainResult[];
  testLosses: number[];
  meanLoss: number;
  sdLoss: number;
  epochsToThreshold: (number | undefined)[];
}

/** First epoch whose test loss is at or below the threshold, or undefined when never reached. */
export function epochsToReach(result: TrainResult, threshold: number): number | undefined {
  return result.history.find((h) => h.testLoss <= threshold)?.epoch;
}

function specFor(setting: SettingName, value: string, base: TrainSpecInput, width: number): TrainSpecInput {
  if (setting === 'depth') {
    const depth = Number(value);
    if (!Number.isInteger(depth) || depth < 0) throw new UserError(mustBeMessage('values', 'whole numbers of hidden layers (e.g. 1,2,4)', value));
    return { ...base, layers: depth === 0 ? 'none' : Array(depth).fill(width).join(',') };
  }
  return { ...base, [SETTINGS[setting].field]: value };
}

/** The results table as a monospace block. */
export function comparisonTable(groups: CompareGroup[], threshold: number, kindIsClassification: boolean): string {
  const rows = groups.map((g) => {
    const reached = g.epochsToThreshold.filter((e): e is number => e !== undefined);
    const epochs = reached.length ? `${Math.round(mean(reached))} (${reached.length}/${g.runs.length})` : `never (0/${g.runs.length})`;
    const accuracy = kindIsClassification ? percent(mean(g.runs.map((r) => r.final.testAccuracy ?? NaN))) : '';
    return [g.value, `${lossText(g.meanLoss)} ± ${lossText(g.sdLoss)}`, epochs, accuracy];
  });
  const header = ['value', 'test loss mean ± sd', `epochs to loss ≤ ${threshold}`, kindIsClassification ? 'test accuracy' : ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['```', line(header), ...rows.map(line), '```'].join('\n');
}

/** Welch's t-test of the best group against each other group, in words. */
export function significanceLines(groups: CompareGroup[], setting: string): string[] {
  const best = [...groups].sort((a, b) => a.meanLoss - b.meanLoss)[0]!;
  if (best.runs.length < 2) return ['With one seed per value there is no spread to test: run with `seeds:3` or more to see whether a difference is significant.'];
  const lines = [`**Is it significant?** Welch's t-test of the lowest mean test loss (${setting} ${best.value}) against each other value, 5% level:`];
  for (const g of groups) {
    if (g === best) continue;
    const { t, df, p } = welchTTest(best.testLosses, g.testLosses);
    const verdict = Number.isNaN(p) ? 'cannot tell' : p < 0.05 ? '**significant**' : 'not significant — could be chance';
    lines.push(`- ${best.value} vs ${g.value}: t = ${Number.isFinite(t) ? t.toFixed(2) : t}, df = ${Number.isFinite(df) ? df.toFixed(1) : '–'}, ${Number.isNaN(p) ? 'p = –' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`} → ${verdict}`);
  }
  return lines;
}

/**
 * A sentence for every group at chance level, written from its numbers: what "at chance" means,
 * why an accuracy below 50 % is still chance, and why this setting learnt nothing.
 */
export function chanceLines(groups: CompareGroup[], setting: string): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    const first = g.runs[0];
    if (!first || first.kind === 'regression') continue;
    const accuracy = mean(g.runs.map((r) => r.final.testAccuracy ?? NaN));
    const chance = chanceAccuracy(first);
    if (!(accuracy <= chance + 0.1)) continue;
    const below = accuracy < chance - 0.02
      ? ` Below ${percent(chance)} does not mean it learnt the opposite: its output hardly moved off "don't know", so which side of ${percent(chance)} each test point lands on is decided by tiny differences, and a whole region can land on the wrong side.`
      : '';
    lines.push(`**${setting} ${g.value} learnt nothing here:** mean test accuracy ${percent(accuracy)} is what guessing gets (${percent(chance)}).${below} Why: ${stuckCause(first).why}.`);
  }
  return lines;
}

/** The default comparison's fixed expectations (tanh and ReLU learn the circle, sigmoid stays at chance in 150 epochs), checked by `lessons:check -- --claims`. */
export function compareClaimSet(): ClaimSet {
  const values = SETTINGS.activation.defaults.split(',');
  return {
    file: 'commands/compare.ts',
    step: '/compare (defaults: activation tanh,sigmoid,relu)',
    claims: [
      { that: 'tanh learns the circle (test accuracy > 90 %)', run: 'tanh', metric: 'testAccuracy', above: 0.9 },
      { that: 'ReLU learns the circle (test accuracy > 90 %)', run: 'relu', metric: 'testAccuracy', above: 0.9, seeds: '4/5' },
      { that: 'sigmoid stays at chance in 150 epochs (test accuracy < 65 %), as the chance line says', run: 'sigmoid', metric: 'testAccuracy', below: 0.65, seeds: '4/5' },
      { that: 'sigmoid ends with a higher test loss than tanh', run: 'sigmoid', metric: 'testLoss', above: { run: 'tanh' } },
    ],
    observe: async (seedOffset, trainRun) => {
      const base: TrainSpecInput = { layers: '6,6', epochs: 150 };
      const results = await Promise.all(values.map((value) => trainRun(prepareSpec({ ...specFor('activation', value, base, 6), seed: 1 + seedOffset }))));
      return observationsOf(Object.fromEntries(values.map((v, i) => [v, results[i]])));
    },
  };
}

/** /compare: the same task with several values of one setting and several seeds each, with a t-test. */
export default defineCommand({
  name: 'compare',
  description: 'Compare several values of one setting over several seeds, with a significance test',
  heavy: true,
  options: [
    { name: 'setting', type: 'string', description: 'What to vary', choices: Object.keys(SETTINGS), default: 'activation' },
    { name: 'values', type: 'string', description: 'Comma-separated values to try, e.g. tanh,sigmoid,relu' },
    { name: 'seeds', type: 'integer', description: 'Runs per value (different seeds)', min: 1, max: 10, default: 3 },
    { name: 'threshold', type: 'number', description: 'Loss threshold for "epochs to reach"', min: 0, max: 10, default: 0.2 },
    ...pickTrainOptions('dataset', 'layers', 'activation', 'optimizer', 'lr', 'batch-size', 'epochs', 'noise', 'reg-rate', 'features', 'seed').map((d) =>
      d.name === 'epochs' ? { ...d, default: 150 } : d.name === 'reg-rate' ? { ...d, default: 0.003 } : d.name === 'layers' ? { ...d, default: '6,6' } : d,
    ),
  ],
  examples: [
    '/compare setting:activation values:tanh,sigmoid,relu',
    '/compare setting:batch-size values:1,10,full dataset:xor',
    '/compare setting:optimizer values:sgd,adam seeds:5',
    '/compare setting:depth values:1,3,5 activation:sigmoid lr:0.3 epochs:300',
  ],
  checkOptions: (options) => void planComparison(options),
  async run(ctx) {
    const { setting, values, seeds, totalRuns, threshold, plan } = planComparison(ctx.options);
    let finished = 0;
    await ctx.progress(0, `training ${totalRuns} networks (${values.length} values × ${seeds} seeds)…`);
    const results = await Promise.all(
      plan.map(async ({ spec }) => {
        const { result } = await trainInPool({ signal: ctx.signal, progress: async () => undefined }, spec, []);
        finished += 1;
        void ctx.progress(0.9 * (finished / totalRuns), `${finished}/${totalRuns} runs done`).catch(() => undefined);
        return result;
      }),
    );
    const groups: CompareGroup[] = values.map((value) => {
      const runs = results.filter((_, i) => plan[i]!.value === value);
      const testLosses = runs.map((r) => r.final.testLoss);
      return { value, runs, testLosses, meanLoss: mean(testLosses), sdLoss: sampleSd(testLosses), epochsToThreshold: runs.map((r) => epochsToReach(r, threshold)) };
    });
    await ctx.progress(0.95, 'drawing the curves…');
    const title = `${setting}: ${values.join(' vs ')}`;
    const { images } = await runJob(
      { type: 'render', what: 'comparison', groups: groups.map((g) => ({ label: `${setting} ${g.value}`, runs: g.runs })), title },
      { signal: ctx.signal },
    );
    const kindIsClassification = results[0]!.kind !== 'regression';
    await ctx.reply({
      text: [
        `**Comparing ${setting}** (${seeds} seed${seeds > 1 ? 's' : ''} each) on ${setupLine(plan[0]!.spec).replace(/ · seed \d+$/, '')}`,
        comparisonTable(groups, threshold, kindIsClassification),
        ...chanceLines(groups, setting),
        ...significanceLines(groups, setting),
      ].join('\n'),
      images: images.map(toReplyImage),
      data: {
        setting,
        threshold,
        groups: groups.map((g) => ({ value: g.value, testLosses: g.testLosses, testAccuracies: g.runs.map((r) => r.final.testAccuracy ?? NaN), meanTestLoss: g.meanLoss, sdTestLoss: g.sdLoss, epochsToThreshold: g.epochsToThreshold })),
      },
    });
  },
});
