/**
 * The shape of course content (lessons/*.md and lessons/quiz/*.yaml), validated with zod so that
 * a lecturer's typo is reported with the file and the field instead of failing at run time.
 */
import { z } from 'zod';
import { claimSchema, runsOfClaim } from '../claims/schema.ts';
import {
  ACTIVATION_NAMES, DATASET_NAMES, FEATURE_NAMES, INIT_NAMES, OPTIMIZER_NAMES, REGULARIZATION_NAMES,
} from '../../engine/types.ts';
import { PATH_OPTIMIZER_NAMES, SURFACE_NAMES } from '../../engine/surfaces.ts';

/** The lecture's sections, in lecture order; every lesson and quiz question belongs to one. */
export const SECTION_IDS = [
  'gradient-descent', 'optimisers', 'activations', 'overfitting', 'regularisation',
  'training-stages', 'how-to-train', 'deep-architectures', 'exercises',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case letters, digits and single dashes (e.g. "gradient-descent")');
const text = z.string().trim().min(1, 'must not be empty');

/**
 * A training setup in the engine's own option names (a partial TrainSpec; the engine fills in
 * TensorFlow Playground defaults). Unknown keys are rejected so a misspelt option is caught here.
 */
export const experimentSpecSchema = z.strictObject({
  dataset: z.enum(DATASET_NAMES).optional(),
  points: z.number().int().min(10).max(5000).optional(),
  noise: z.number().min(0).max(50).optional(),
  split: z.strictObject({ train: z.number(), val: z.number(), test: z.number() }).optional(),
  features: z.array(z.enum(FEATURE_NAMES)).min(1).optional(),
  scale: z.boolean().optional(),
  layers: z.array(z.number().int().min(1).max(64)).max(8).optional(),
  activation: z.enum(ACTIVATION_NAMES).optional(),
  playgroundMode: z.boolean().optional(),
  init: z.enum(INIT_NAMES).optional(),
  optimizer: z.enum(OPTIMIZER_NAMES).optional(),
  learningRate: z.number().positive().max(10).optional(),
  momentum: z.number().min(0).max(1).optional(),
  batchSize: z.union([z.number().int().min(1), z.literal('full')]).optional(),
  epochs: z.number().int().min(1).max(2000).optional(),
  regularization: z.enum(REGULARIZATION_NAMES).optional(),
  regRate: z.number().min(0).optional(),
  dropout: z.number().min(0).max(0.9).optional(),
  earlyStopping: z.number().int().min(1).nullable().optional(),
  seed: z.number().int().optional(),
});
export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;

/** Pictures an experiment step can show; each maps to one src/render function. */
export const CHART_KINDS = [
  'decision-boundary', 'loss-curve', 'gradient-flow', 'dataset', 'network', 'training-gif', 'summary-card', 'comparison',
] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** One or more training runs (several = a comparison) and the charts to show for them. */
export const experimentSchema = z.strictObject({
  runs: z.array(z.strictObject({ label: text, spec: experimentSpecSchema })).min(1).max(4),
  show: z.array(z.enum(CHART_KINDS)).min(1),
  /** Offer a "vary it with /train" hint built from the step's own run (the last one). */
  trainLink: z.boolean().optional(),
  /** The run the "vary it yourself" hint starts from (a run label); default: the last run, the one the step introduces. */
  varyRun: z.string().trim().min(1).optional(),
  /** What the runs are expected to show, checked by `npm run lessons:check -- --claims` (see src/tutor/claims). */
  claims: z.array(claimSchema).optional(),
}).superRefine((e, ctx) => {
  const labels = new Set(e.runs.map((r) => r.label));
  if (e.varyRun !== undefined && !labels.has(e.varyRun)) ctx.addIssue({ code: 'custom', path: ['varyRun'], message: `"${e.varyRun}" is not a run of this experiment; runs: ${[...labels].join(', ')}` });
  e.claims?.forEach((claim, i) => {
    for (const label of runsOfClaim(claim)) {
      if (!labels.has(label)) ctx.addIssue({ code: 'custom', path: ['claims', i, 'run'], message: `"${label}" is not a run of this experiment; runs: ${[...labels].join(', ')}` });
    }
  });
});
export type Experiment = z.infer<typeof experimentSchema>;

/** The run a step's "vary it yourself" hint starts from: `varyRun`, else the last run (the one the step introduces). */
export function varyRunOf(experiment: Experiment): Experiment['runs'][number] {
  return experiment.runs.find((r) => r.label === experiment.varyRun) ?? experiment.runs[experiment.runs.length - 1];
}

/** A question asked inside a lesson step (buttons); `answer` is the index of the right choice. */
export const stepQuestionSchema = z.strictObject({
  prompt: text,
  choices: z.array(text).min(2).max(5),
  answer: z.number().int().min(0),
}).refine((q) => q.answer < q.choices.length, { message: 'answer must be the index (from 0) of one of the choices', path: ['answer'] });

/** The YAML block of a step (```step fence). */
export const stepBlockSchema = z.strictObject({
  experiment: experimentSchema.optional(),
  plot: z.strictObject({ activations: z.array(z.enum(ACTIVATION_NAMES)).min(1).max(4) }).optional(),
  question: stepQuestionSchema.optional(),
  explanation: text.optional(),
}).refine((b) => !b.question || b.explanation, { message: 'a step with a question needs an explanation', path: ['explanation'] });

/** Front matter of a lesson file. */
export const lessonFrontMatterSchema = z.strictObject({
  id: slug,
  title: text,
  section: z.enum(SECTION_IDS),
  order: z.number().int().min(1),
  summary: text,
  /** 'exercise' = one of the lecture's three "Practice time" slide sets. */
  kind: z.enum(['lesson', 'exercise']),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

/** One step of a lesson as used at run time. */
export interface LessonStep {
  title: string;
  text: string;
  experiment?: Experiment;
  plot?: { activations: (typeof ACTIVATION_NAMES)[number][] };
  question?: { prompt: string; choices: string[]; answer: number };
  explanation?: string;
}

/** A parsed, validated lesson. */
export interface Lesson extends LessonFrontMatter {
  file: string;
  steps: LessonStep[];
}

/**
 * How a numeric answer can be recomputed (see recompute.ts). The validator recomputes every
 * `check` and refuses a file whose stated answer disagrees.
 */
export const numericCheckSchema = z.discriminatedUnion('kind', [
  /** Weights + biases of a fully connected network with these layer sizes (input first). */
  z.strictObject({ kind: z.literal('param-count'), layers: z.array(z.number().int().min(1)).min(2) }),
  /** Multiply-adds per full-batch update ≈ points × parameters (the lecture's O(n·p)). */
  z.strictObject({ kind: z.literal('full-batch-cost'), layers: z.array(z.number().int().min(1)).min(2), points: z.number().int().min(1) }),
  /** g(x) of a named activation. */
  z.strictObject({ kind: z.literal('activation'), name: z.enum(ACTIVATION_NAMES), x: z.number() }),
  /** g'(x) of a named activation. */
  z.strictObject({ kind: z.literal('derivative'), name: z.enum(ACTIVATION_NAMES), x: z.number() }),
  /** Product of the factors (chain-rule products). */
  z.strictObject({ kind: z.literal('product'), factors: z.array(z.number()).min(1) }),
  /** base^exponent (e.g. 0.25 per sigmoid layer). */
  z.strictObject({ kind: z.literal('power'), base: z.number(), exponent: z.number() }),
  /** Weight updates in one epoch: ceil(points / batchSize). */
  z.strictObject({ kind: z.literal('updates-per-epoch'), points: z.number().int().min(1), batchSize: z.number().int().min(1) }),
  /** round(points × fraction): size of a split. */
  z.strictObject({ kind: z.literal('split-size'), points: z.number().int().min(1), fraction: z.number().min(0).max(1) }),
  /** Kahoot-style points for an answer after `elapsedMs` of a `limitMs` question. */
  z.strictObject({ kind: z.literal('live-points'), elapsedMs: z.number().min(0), limitMs: z.number().positive() }),
]);
export type NumericCheck = z.infer<typeof numericCheckSchema>;

/** A picture for a "read the chart" question, rendered by src/render from engine output. */
export const quizChartSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('activation-plot'), activations: z.array(z.enum(ACTIVATION_NAMES)).min(1).max(4) }),
  /** `discretize`: colour each cell by its predicted class, so a faint (unsure) boundary still shows its shape. */
  z.strictObject({ kind: z.literal('decision-boundary'), spec: experimentSpecSchema, discretize: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('loss-curve'), spec: experimentSpecSchema }),
  z.strictObject({ kind: z.literal('gradient-flow'), spec: experimentSpecSchema }),
  z.strictObject({ kind: z.literal('dataset'), spec: experimentSpecSchema }),
  /** One optimiser's path over a 2-D loss surface, drawn without its name, colour or learning rate. */
  z.strictObject({
    kind: z.literal('optimizer-path'), surface: z.enum(SURFACE_NAMES), optimizer: z.enum(PATH_OPTIMIZER_NAMES),
    learningRate: z.number().positive().max(10), steps: z.number().int().min(1).max(1000),
  }),
]);
export type QuizChart = z.infer<typeof quizChartSchema>;

const base = {
  id: slug,
  lesson: slug,
  difficulty: z.enum(['easy', 'medium', 'hard']),
  prompt: text,
  explanation: text,
};

/** One quiz question; `type` decides which fields are needed. */
export const quizQuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('single'), choices: z.array(text).min(2).max(5), answer: z.number().int().min(0) }),
  z.strictObject({ ...base, type: z.literal('truefalse'), answer: z.boolean() }),
  z.strictObject({
    ...base,
    type: z.literal('numeric'),
    answer: z.number(),
    /** Absolute tolerance; a typed answer within it counts as right. */
    tolerance: z.number().min(0),
    /** Wrong values offered as buttons next to the right one (chat has no free-text answer in a live quiz). */
    distractors: z.array(z.number()).min(1).max(4),
    unit: z.string().optional(),
    check: numericCheckSchema.optional(),
  }),
  z.strictObject({ ...base, type: z.literal('chart'), chart: quizChartSchema, choices: z.array(text).min(2).max(5), answer: z.number().int().min(0) }),
]).superRefine((q, ctx) => {
  if ((q.type === 'single' || q.type === 'chart') && q.answer >= q.choices.length) {
    ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer must be the index (from 0) of one of the ${q.choices.length} choices` });
  }
  if (q.type === 'numeric') {
    q.distractors.forEach((d, i) => {
      if (Math.abs(d - q.answer) <= q.tolerance) ctx.addIssue({ code: 'custom', path: ['distractors', i], message: `distractor ${d} is within the tolerance of the answer ${q.answer}` });
    });
  }
});
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

/** A quiz file: `questions:` list. */
export const quizFileSchema = z.strictObject({ questions: z.array(z.unknown()).min(1) });

/** A question together with the file it came from. */
export type BankQuestion = QuizQuestion & { file: string };

/** Everything under lessons/, validated. */
export interface Content {
  lessons: Lesson[];
  questions: BankQuestion[];
}
