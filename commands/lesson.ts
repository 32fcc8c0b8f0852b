import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import type { CommandContext, ComponentContext, Reply, ReplyButton, ReplyImage } from '../src/chat/types.ts';
import { runJob, type TrainImageKind } from '../src/jobs/index.ts';
import type { TrainResult } from '../src/engine/types.ts';
import { getStore } from '../src/store/index.ts';
import { getContent } from '../src/tutor/content/load.ts';
import { varyRunOf, type ChartKind, type Experiment, type LessonStep } from '../src/tutor/content/schema.ts';
import { answerStep, findLesson, finishLesson, goToStep, listLessons, openLesson, type LessonView } from '../src/tutor/lessons.ts';
import { othersLessonReply, ownerNameOf, ownerTagOf, splitOwner } from './_lib/lesson-owner.ts';
import { TutorError } from '../src/tutor/errors.ts';
import { asUserErrors } from './_lib/tutor-errors.ts';
import { trainCommandFor } from '../src/tutor/train-command.ts';
import { ensureUser } from '../src/tutor/users.ts';
import { prepareSpec, trainInPool } from './_lib/training.ts';
import { metricsLine, toReplyImage } from './_lib/format.ts';

type AnyContext = CommandContext | ComponentContext;
const LETTERS = ['A', 'B', 'C', 'D', 'E'];

/** Chart kinds of a lesson step → the pictures a training job draws. */
const IMAGE_OF: Partial<Record<ChartKind, TrainImageKind>> = {
  'decision-boundary': 'boundary', 'loss-curve': 'loss', 'gradient-flow': 'gradients', dataset: 'dataset',
  network: 'network', 'training-gif': 'gif', 'summary-card': 'summary',
};


function userKeyOf(ctx: AnyContext): Promise<string> {
  return ensureUser(getStore(), ctx.caller, Date.now());
}

/** How many arguments each button action carries before its owner tag (`lesson:<action>:<args…>:<owner>`). */
const ARITY: Record<string, number> = { go: 2, run: 2, plot: 2, ans: 3, done: 1 };

/**
 * Buttons of a step: its question's choices, then Back / Run / Next, each ending in the owner's tag
 * (ids `lesson:<action>:<lesson>:<step>[:<choice>]:<owner>`) so that only the owner's presses count.
 */
export function stepButtons(view: LessonView, owner: string): ReplyButton[][] {
  const { lesson, step, stepIndex } = view;
  const rows: ReplyButton[][] = [];
  if (step.question) {
    rows.push(step.question.choices.map((_, i) => ({
      id: `lesson:ans:${lesson.id}:${stepIndex}:${i}:${owner}`, label: LETTERS[i],
      style: view.chosen === i ? 'primary' : 'secondary',
    })));
  }
  const nav: ReplyButton[] = [];
  if (!view.isFirst) nav.push({ id: `lesson:go:${lesson.id}:${stepIndex - 1}:${owner}`, label: '◀ Back', style: 'secondary' });
  if (step.experiment) nav.push({ id: `lesson:run:${lesson.id}:${stepIndex}:${owner}`, label: '▶ Run the experiment', style: 'success' });
  if (step.plot) nav.push({ id: `lesson:plot:${lesson.id}:${stepIndex}:${owner}`, label: '📈 Show the plot', style: 'success' });
  nav.push(view.isLast
    ? { id: `lesson:done:${lesson.id}:${owner}`, label: 'Finish ✓', style: 'primary' }
    : { id: `lesson:go:${lesson.id}:${stepIndex + 1}:${owner}`, label: 'Next ▶', style: 'primary' });
  rows.push(nav);
  return rows;
}

/** The text of a step: heading, body, the question, and — once answered — the verdict and explanation. */
export function stepText(view: LessonView, verdict?: { isCorrect: boolean }): string {
  const { lesson, step, stepIndex, stepCount } = view;
  const parts = [`**${lesson.title}** · step ${stepIndex + 1}/${stepCount}: **${step.title}**`, step.text];
  if (step.experiment?.trainLink) parts.push(`Vary it yourself: \`${trainCommandFor(varyRunOf(step.experiment).spec)}\``);
  if (step.question) {
    const choices = step.question.choices.map((c, i) => `**${LETTERS[i]}.** ${c}`).join('\n');
    parts.push(`**Question:** ${step.question.prompt}\n${choices}`);
  }
  if (verdict && step.question) {
    const right = step.question.choices[step.question.answer];
    parts.push(verdict.isCorrect ? `✅ **Right!** ${step.explanation ?? ''}` : `❌ **Not quite** — the answer is *${right}*. ${step.explanation ?? ''}`);
  } else if (!step.question && step.explanation && !step.experiment) {
    parts.push(step.explanation);
  }
  return parts.join('\n\n');
}

/** A step as its owner sees it: private, and in place of the step they pressed a button on. */
function stepReply(view: LessonView, owner: string, verdict?: { isCorrect: boolean }): Reply {
  return {
    text: stepText(view, verdict),
    buttons: stepButtons(view, owner),
    ephemeral: true,
    replacesClickedMessage: true,
    data: { lesson: view.lesson.id, step: view.stepIndex, steps: view.stepCount, completed: view.completed },
  };
}

/** Trains every run of a step's experiment in the job pool and draws the charts it asks for. */
export async function runExperiment(ctx: AnyContext, experiment: Experiment): Promise<{ images: ReplyImage[]; lines: string[]; results: TrainResult[] }> {
  const kinds = [...new Set(experiment.show.map((k) => IMAGE_OF[k]).filter((k): k is TrainImageKind => k !== undefined))];
  const results: TrainResult[] = [];
  const images: ReplyImage[] = [];
  const lines: string[] = [];
  const count = experiment.runs.length;
  for (const [i, run] of experiment.runs.entries()) {
    const spec = prepareSpec(run.spec);
    // every run gets its own pictures: a step that compares tanh with ReLU asks about the ReLU boundary
    const output = await trainInPool(ctx, spec, kinds, { progressFrom: i / count, progressTo: (i + 1) / count, label: run.label });
    results.push(output.result);
    images.push(...output.images.map(toReplyImage));
    lines.push(`- **${run.label}**: ${metricsLine(output.result.kind, output.result.final)}`);
  }
  if (experiment.show.includes('comparison')) {
    const { images: compared } = await runJob(
      { type: 'render', what: 'comparison', groups: experiment.runs.map((r, i) => ({ label: r.label, runs: [results[i]] })) },
      { signal: ctx.signal },
    );
    images.unshift(...compared.map(toReplyImage));
  }
  return { images, lines, results };
}

async function showExperiment(ctx: AnyContext, view: LessonView, step: LessonStep): Promise<void> {
  await ctx.defer({ ephemeral: true });
  const { images, lines } = await runExperiment(ctx, step.experiment!);
  const explanation = !step.question && step.explanation ? `\n\n${step.explanation}` : '';
  // a step that only shows the data has no training result worth reporting (it would give answers away)
  const isDataOnly = step.experiment!.show.every((k) => k === 'dataset');
  await ctx.reply({
    text: isDataOnly
      ? `**${view.lesson.title}** · ${step.title}: the data.${explanation}`
      : `**${view.lesson.title}** · ${step.title} — results:\n${lines.join('\n')}${explanation}`,
    images,
    buttons: stepButtons(view, ownerTagOf(ctx.caller)).slice(-1),
    ephemeral: true,
  });
}

async function listReply(ctx: CommandContext): Promise<void> {
  const entries = await listLessons(getStore(), getContent(), await userKeyOf(ctx));
  const lines = entries.map((e, i) => {
    const status = e.completed ? '✅ done' : e.reached > 0 ? `step ${e.reached}/${e.stepCount}` : `${e.stepCount} steps`;
    return `${i + 1}. **${e.lesson.title}** (\`${e.lesson.id}\`) — ${status}`;
  });
  await ctx.reply({
    text: `**Lessons** — one per section of the lecture, then the three practice sets:\n${lines.join('\n')}\n\nStart or resume one with \`/lesson name:<id>\`, e.g. \`/lesson name:exercise-1\`.`,
    selects: [{
      id: 'lesson:open', placeholder: 'Open a lesson…',
      options: entries.map((e) => ({ label: e.lesson.title.slice(0, 100), value: e.lesson.id, description: e.lesson.summary.slice(0, 100) })),
    }],
    data: { lessons: entries.map((e) => ({ id: e.lesson.id, reached: e.reached, steps: e.stepCount, completed: e.completed })) },
    ephemeral: true,
  });
}

/** /lesson: list lessons with your progress, or start / resume one; Next and Back buttons save your place. */
export default defineCommand({
  name: 'lesson',
  description: 'Lessons and the lecture\'s practice exercises, step by step (your progress is saved)',
  options: [
    { name: 'name', type: 'string', description: 'Which lesson (leave empty to list them)', choices: getContent().lessons.map((l) => l.id) },
    { name: 'restart', type: 'boolean', description: 'Start the lesson again from step 1', default: false },
  ],
  examples: ['/lesson', '/lesson name:exercise-1', '/lesson name:activations restart:true'],
  async run(ctx) {
    const name = ctx.options.name as string | undefined;
    if (!name) return listReply(ctx);
    const view = await asUserErrors(async () => openLesson(getStore(), getContent(), await userKeyOf(ctx), name, Date.now(), ctx.options.restart === true));
    const resumed = view.stepIndex > 0 ? `Welcome back — resuming at step ${view.stepIndex + 1}. (Use \`restart:true\` to begin again.)\n\n` : '';
    const reply = stepReply(view, ownerTagOf(ctx.caller));
    await ctx.reply({ ...reply, text: resumed + reply.text });
  },
  async onComponent(ctx) {
    const store = getStore();
    const content = getContent();
    const now = Date.now();
    const me = ownerTagOf(ctx.caller);
    const { args, owner } = splitOwner(ctx.state, ARITY[ctx.action] ?? ctx.state.length);
    const [lessonId = ctx.values[0] ?? '', stepArg = '0', choiceArg] = args;
    const step = Number(stepArg);
    // another person's step: their buttons never move the presser's progress
    if (owner !== undefined && owner !== me) {
      await ctx.reply(othersLessonReply(await ownerNameOf(store, ctx.caller.platform, owner), lessonId));
      return;
    }
    await asUserErrors(async () => {
      switch (ctx.action) {
        case 'open': {
          // anyone may open a lesson from a menu or a link: it opens their own, privately; the
          // lesson menu gives way to the lesson, a link (in a quiz answer, after Finish) stays
          const view = await openLesson(store, content, await userKeyOf(ctx), ctx.values[0] ?? lessonId, now);
          await ctx.reply({ ...stepReply(view, me), replacesClickedMessage: ctx.values.length > 0 });
          return;
        }
        case 'go': {
          await ctx.reply(stepReply(await goToStep(store, content, await userKeyOf(ctx), lessonId, step, now), me));
          return;
        }
        case 'ans': {
          const result = await answerStep(store, content, await userKeyOf(ctx), lessonId, step, Number(choiceArg), now);
          await ctx.reply(stepReply(result.view, me, { isCorrect: result.isCorrect }));
          return;
        }
        case 'run': {
          const view = await goToStep(store, content, await userKeyOf(ctx), lessonId, step, now);
          if (!view.step.experiment) throw new TutorError('This step has no experiment.');
          await showExperiment(ctx, view, view.step);
          return;
        }
        case 'plot': {
          const view = await goToStep(store, content, await userKeyOf(ctx), lessonId, step, now);
          if (!view.step.plot) throw new TutorError('This step has no plot.');
          const { images } = await runJob({ type: 'render', what: 'activation', names: view.step.plot.activations }, { signal: ctx.signal });
          await ctx.reply({ text: `${view.step.plot.activations.join(', ')} — g(x) and g′(x):`, images: images.map(toReplyImage), buttons: stepButtons(view, me).slice(-1), ephemeral: true });
          return;
        }
        case 'done': {
          const { lesson } = await finishLesson(store, content, await userKeyOf(ctx), lessonId, now);
          const next = content.lessons[content.lessons.indexOf(lesson) + 1];
          await ctx.reply({
            ephemeral: true,
            replacesClickedMessage: true,
            text: `🎉 You finished **${lesson.title}**. Revise it with \`/quiz topic:${lesson.id}\`${next ? `, or go on to **${next.title}**.` : '.'}`,
            buttons: next ? [[{ id: `lesson:open:${next.id}`, label: `Start: ${next.title}`.slice(0, 80), style: 'primary' }]] : undefined,
          });
          return;
        }
        default:
          throw new UserError('This button no longer works. Run /lesson again.');
      }
    });
  },
});
