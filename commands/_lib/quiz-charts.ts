/** The pictures of "read the chart" quiz questions: which job draws them, and the images without giveaways. */
import { UserError } from '../../src/chat/errors.ts';
import type { CommandContext, ComponentContext, ReplyImage } from '../../src/chat/types.ts';
import { runJob, type JobTask, type TrainImageKind } from '../../src/jobs/index.ts';
import type { BankQuestion, QuizChart } from '../../src/tutor/content/schema.ts';
import { toReplyImage } from './format.ts';
import { prepareSpec } from './training.ts';

/** The training-based chart kinds and the picture each one draws. */
const TRAINED_CHART_IMAGE = { 'decision-boundary': 'boundary', 'loss-curve': 'loss', 'gradient-flow': 'gradients' } as const satisfies Record<string, TrainImageKind>;

/**
 * The job that draws a "read the chart" picture. Every kind hides the dataset's and activation's
 * names (titles, legend formula, annotated facts): the answer to "which activation / dataset is
 * this?" must be read off the curve or the points, not off the caption.
 */
export function quizChartTask(chart: QuizChart): JobTask {
  switch (chart.kind) {
    case 'activation-plot': return { type: 'render', what: 'activation', names: chart.activations, hideNames: true };
    case 'dataset': return { type: 'render', what: 'dataset', spec: chart.spec, hideNames: true };
    case 'optimizer-path': return {
      type: 'render', what: 'optimizer-paths', surface: chart.surface, animate: false, optimizers: [chart.optimizer],
      learningRates: { [chart.optimizer]: chart.learningRate }, steps: chart.steps, hideNames: true,
    };
    default: return {
      type: 'train', spec: prepareSpec(chart.spec), images: [TRAINED_CHART_IMAGE[chart.kind]], hideNames: true,
      ...(chart.kind === 'decision-boundary' && chart.discretize ? { discretize: true } : {}),
    };
  }
}

/** The picture of a "read the chart" question (none for other types), drawn after deferring, named and captioned so nothing gives the answer away. */
export async function chartImages(ctx: CommandContext | ComponentContext, question: BankQuestion): Promise<ReplyImage[]> {
  if (question.type !== 'chart') return [];
  await ctx.defer({ ephemeral: true });
  const task = quizChartTask(question.chart);
  const output = await runJob(task, {
    signal: ctx.signal,
    onProgress: (fraction, text) => { void ctx.progress(fraction, text).catch(() => undefined); },
  });
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new UserError('Drawing the chart was cancelled.');
  const images = output.images.map(toReplyImage);
  // the renderer's alt text and file name describe the chart — here they would give the answer away
  return images.map((image, i) => ({
    ...image,
    name: `quiz-chart-${i + 1}.${image.contentType === 'image/gif' ? 'gif' : 'png'}`,
    alt: `The chart for the quiz question: ${question.prompt}`,
  }));
}
