/** "Read the chart" questions: the picture /quiz draws never shows the answer or any choice in its words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import quizCommand, { quizChartTask } from '../../commands/quiz.ts';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { Caller, CommandDef, Reply } from '../../src/chat/types.ts';
import { activations } from '../../src/engine/activations.ts';
import { datasets } from '../../src/engine/datasets.ts';
import type { ActivationName, DatasetName } from '../../src/engine/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { runTask } from '../../src/jobs/tasks.ts';
import { renderActivationPlot } from '../../src/render/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { choicesOf, correctAnswerText, findQuestion } from '../../src/tutor/answers.ts';
import { presentPending } from '../../src/tutor/solo-quiz.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import type { BankQuestion } from '../../src/tutor/content/schema.ts';
import { captureDrawnText, namesFoundIn, spellingsOf } from '../render/drawn-text.ts';
import { FakeResponder } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir } from './helpers.ts';

type ChartQuestion = Extract<BankQuestion, { type: 'chart' }>;
const chartQuestions = getContent().questions.filter((q): q is ChartQuestion => q.type === 'chart');

/** A choice as a student would spot it in a caption: the whole text, and its lead before ",", ":" or "(" ("Identity (linear)" → "Identity"). */
function wordsOfChoice(choice: string): string[] {
  return [choice, choice.split(/[,:(]/)[0].trim()];
}

/** The names behind the chart: the activations plotted or trained with, and the dataset. */
function namesBehind(question: ChartQuestion): string[] {
  const chart = question.chart;
  const spec = 'spec' in chart ? chart.spec : undefined;
  const activationNames: ActivationName[] = chart.kind === 'activation-plot' ? chart.activations : spec?.activation ? [spec.activation] : [];
  const datasetNames: DatasetName[] = spec?.dataset ? [spec.dataset] : [];
  return [
    ...activationNames.flatMap((name) => spellingsOf(name, activations[name].label)),
    ...datasetNames.flatMap((name) => spellingsOf(name, datasets[name].label)),
  ];
}

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  configureJobs({ mode: 'inline' });
});
afterAll(async () => { closeStore(); cleanupTempDirs(); });

describe('the picture of every "read the chart" question', () => {
  it('the bank has chart questions of every picture kind the quiz can ask (so the checks below cover them)', async () => {
    expect(new Set(chartQuestions.map((q) => q.chart.kind))).toEqual(new Set(['activation-plot', 'dataset', 'decision-boundary', 'loss-curve', 'gradient-flow']));
  });

  it.each(chartQuestions.map((q) => [q.id, q] as const))('%s: is drawn with hidden names', (_id, question) => {
    const task = quizChartTask(question.chart);
    expect('hideNames' in task && task.hideNames).toBe(true);
  });

  it.each(chartQuestions.map((q) => [q.id, q] as const))('%s: no drawn text contains the answer, a choice, or the dataset / activation behind it', async (_id, question) => {
    const { value, texts } = await captureDrawnText(() => runTask(quizChartTask(question.chart)));
    expect(value.images).toHaveLength(1);
    const drawn = texts.join('\n').toLowerCase();
    for (const choice of [correctAnswerText(question), ...choicesOf(question)]) expect(drawn, `drawn texts:\n${drawn}`).not.toContain(choice.toLowerCase());
    expect(namesFoundIn(texts, choicesOf(question).flatMap(wordsOfChoice))).toEqual([]);
    expect(namesFoundIn(texts, namesBehind(question))).toEqual([]);
  });
});

describe('a discretised boundary question', () => {
  it("asks for the discretised view, so the linear model's straight boundary is visible although the model is unsure everywhere", async () => {
    const question = chartQuestions.find((q) => q.id === 'ex1-chart-linear-boundary')!;
    const task = quizChartTask(question.chart);
    expect(task).toMatchObject({ type: 'train', images: ['boundary'], hideNames: true, discretize: true });
    const output = await runTask(task);
    const { loadImage, createCanvas } = await import('@napi-rs/canvas');
    const image = await loadImage(Buffer.from(output.images[0].data));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    // Discretised cells are the full class colours (orange #f59322 / blue #0877bd), not the pale
    // near-grey a 50/50 model gets: count strongly coloured pixels in the plot.
    const { data } = ctx.getImageData(0, 0, image.width, image.height);
    let saturated = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 120) saturated++;
    }
    expect(saturated / (data.length / 4)).toBeGreaterThan(0.3);
  });
});

describe('/quiz asking a chart question', () => {
  const commands: CommandDef[] = [quizCommand];
  const student: Caller = { platform: 'test', userId: 'hidden-names', displayName: 'Hana', channelId: 'room', spaceId: 'uni', isLecturer: false };

  async function run(send: (responder: FakeResponder) => Promise<void>): Promise<Reply> {
    const responder = new FakeResponder();
    await send(responder);
    expect(responder.violations).toEqual([]);
    return responder.final!;
  }

  it('attaches exactly the hidden-names picture (the sigmoid plot without "Sigmoid" on it)', async () => {
    for (let i = 0; i < 80; i++) {
      const asked = await run((responder) => dispatchCommand({ command: 'quiz', options: { topic: 'activations' }, caller: student, responder, commands }));
      const { questionId } = asked.data as { questionId: string };
      const { question, shown } = (await presentPending(getStore(), getContent(), student, Date.now()))!;
      if (question.type === 'chart' && question.chart.kind === 'activation-plot') {
        const expected = await renderActivationPlot(question.chart.activations, { hideNames: true });
        expect(asked.images).toHaveLength(1);
        expect(asked.images![0].data.equals(expected.data)).toBe(true);
        return;
      }
      await run((responder) => dispatchComponent({ id: `quiz:a:${questionId}:${shown.correctIndex}`, caller: student, responder, commands }));
    }
    throw new Error('no activation chart question was asked');
  });
});
