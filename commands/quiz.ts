import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { logger } from '../src/chat/logger.ts';
import type { CommandContext, ComponentContext, Reply, ReplyButton, ReplyCountdown, ReplyImage } from '../src/chat/types.ts';
import { runJob, type JobTask, type TrainImageKind } from '../src/jobs/index.ts';
import { getStore } from '../src/store/index.ts';
import type { LiveSessionRecord, LiveTotal } from '../src/store/types.ts';
import { getContent } from '../src/tutor/content/load.ts';
import type { BankQuestion, QuizChart } from '../src/tutor/content/schema.ts';
import { choicesOf, correctAnswerText, findQuestion } from '../src/tutor/answers.ts';
import { answerSoloQuestion, askNextQuestion, quizStats } from '../src/tutor/solo-quiz.ts';
import {
  answerLive, currentQuestion, endLive, getLiveSession, LIVE_LIMITS, nextLiveQuestion, pauseLive, questionDeadline,
  resumeLive, revealIfDue, revealLive, startLiveQuiz, startQuestionClock, type LiveReveal,
} from '../src/tutor/live-quiz.ts';
import { cancelReveal, scheduleReveal } from '../src/tutor/live-timers.ts';
import { TutorError } from '../src/tutor/errors.ts';
import { asUserErrors } from './_lib/tutor-errors.ts';
import { ensureUser } from '../src/tutor/users.ts';
import { prepareSpec } from './_lib/training.ts';
import { toReplyImage } from './_lib/format.ts';

type AnyContext = CommandContext | ComponentContext;
const MODES = ['revise', 'stats', 'live', 'end-live'] as const;
const LETTERS = ['A', 'B', 'C', 'D', 'E'];


function requireLecturer(ctx: AnyContext): void {
  if (!ctx.caller.isLecturer) throw new UserError('Only lecturers can run or control a live quiz. Use `/quiz` to revise on your own.');
}

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
    default: return {
      type: 'train', spec: prepareSpec(chart.spec), images: [TRAINED_CHART_IMAGE[chart.kind]], hideNames: true,
      ...(chart.kind === 'decision-boundary' && chart.discretize ? { discretize: true } : {}),
    };
  }
}

/** The picture of a "read the chart" question, drawn by the engine and renderer. */
async function chartImages(ctx: AnyContext, question: BankQuestion): Promise<ReplyImage[]> {
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

function choiceLines(question: BankQuestion): string {
  return choicesOf(question).map((c, i) => `**${LETTERS[i]}.** ${c}`).join('\n');
}

function answerButtons(question: BankQuestion, idOf: (choice: number) => string): ReplyButton[][] {
  return [choicesOf(question).map((_, i) => ({ id: idOf(i), label: LETTERS[i], style: 'secondary' as const }))];
}

// ---------- solo revision ----------

async function askSolo(ctx: AnyContext, topic?: string): Promise<void> {
  const store = getStore();
  const content = getContent();
  const now = Date.now();
  const picked = await asUserErrors(() => askNextQuestion(store, content, ctx.caller, now, topic));
  if (!picked.next) {
    const when = picked.nextDueMs ? ` Your next review is due ${new Date(picked.nextDueMs).toISOString().slice(0, 16).replace('T', ' ')} UTC.` : '';
    await ctx.reply({ text: `🎉 Nothing is due${topic ? ` in ${topic}` : ''} right now.${when} Try \`/quiz mode:stats\`, or another topic.`, ephemeral: true });
    return;
  }
  const { question, reason, remaining } = picked.next;
  const images = await chartImages(ctx, question);
  const lesson = content.lessons.find((l) => l.id === question.lesson)!;
  const numericHint = question.type === 'numeric' ? '\n*(or type it: `/quiz answer:<number>`)*' : '';
  await ctx.reply({
    text: `**${lesson.title}** · ${question.difficulty} · ${reason === 'due' ? 'review' : 'new'} · ${remaining} to go\n\n${question.prompt}\n\n${choiceLines(question)}${numericHint}`,
    images,
    buttons: answerButtons(question, (i) => `quiz:a:${question.id}:${i}`),
    ephemeral: true,
    data: { questionId: question.id, lesson: question.lesson, type: question.type },
  });
}

async function replySoloResult(ctx: AnyContext, result: ReturnType<typeof answerSoloQuestion>): Promise<void> {
  const { question, isCorrect, nextDueMs, topic } = result;
  const lesson = getContent().lessons.find((l) => l.id === question.lesson)!;
  const verdict = isCorrect ? '✅ **Right!**' : `❌ **Not quite.** The answer is **${correctAnswerText(question)}**.`;
  const days = (nextDueMs - Date.now()) / 86_400_000;
  const again = days >= 1 ? `in ${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}` : `in ${Math.max(1, Math.round(days * 24 * 60))} min`;
  await ctx.reply({
    text: `${verdict}\n${question.explanation}\n\nYou will see this question again ${again}. Lesson: **${lesson.title}**.`,
    buttons: [[
      { id: `quiz:next:${topic ?? '*'}`, label: 'Next question ▶', style: 'primary' },
      { id: `lesson:open:${lesson.id}`, label: 'Open the lesson', style: 'secondary' },
    ]],
    ephemeral: true,
    data: { questionId: question.id, isCorrect, nextDueMs },
  });
}

async function showStats(ctx: CommandContext): Promise<void> {
  const store = getStore();
  const content = getContent();
  const userKey = ensureUser(store, ctx.caller, Date.now());
  const stats = quizStats(store, content, userKey, Date.now());
  const lines = stats.sections.map((s) => {
    const accuracy = s.answers ? `${Math.round((100 * s.correct) / s.answers)}% right` : 'not started';
    return `- **${s.title}**: ${s.seen}/${s.total} seen · ${accuracy}${s.due ? ` · ${s.due} due` : ''}`;
  });
  await ctx.reply({
    text: `**Your quiz progress**\n${lines.join('\n')}\n\n🔥 Streak: **${stats.streakDays}** day${stats.streakDays === 1 ? '' : 's'} · ${stats.correctRun} right in a row · ${stats.totalCorrect}/${stats.totalAnswers} right overall.`,
    ephemeral: true,
    data: stats,
  });
}

// ---------- live class quiz ----------

function lecturerButtons(session: LiveSessionRecord, phase: 'asking' | 'paused' | 'revealed', isLast: boolean): ReplyButton[] {
  const id = (action: string) => `quiz:lc:${session.id}:${action}`;
  if (phase === 'asking') return [{ id: id('pause'), label: '⏸ Pause', style: 'secondary' }, { id: id('skip'), label: '⏭ Reveal now', style: 'secondary' }, { id: id('end'), label: '⏹ End', style: 'danger' }];
  if (phase === 'paused') return [{ id: id('resume'), label: '▶ Resume', style: 'primary' }, { id: id('skip'), label: '⏭ Reveal now', style: 'secondary' }, { id: id('end'), label: '⏹ End', style: 'danger' }];
  return [{ id: id(isLast ? 'end' : 'next'), label: isLast ? '🏆 Podium' : 'Next question ▶', style: 'primary' }, ...(isLast ? [] : [{ id: id('end'), label: '⏹ End', style: 'danger' as const }])];
}

/** The clock of the open (or just closed) live question, shared by every message about it. */
function questionClockId(session: LiveSessionRecord): string {
  return `quiz:${session.id}:${session.currentIndex}`;
}

/**
 * The countdown shown with a live question, from the session's real deadline (the clock that
 * startQuestionClock started when the question appeared, shifted by any pause): running while
 * answers are open, frozen with the time left while paused, closed once revealed.
 */
export function liveQuestionCountdown(session: LiveSessionRecord, nowMs: number): ReplyCountdown {
  const totalMs = session.secondsPerQuestion * 1000;
  const common = { totalMs, label: 'Answers close', clockId: questionClockId(session) };
  const deadline = questionDeadline(session);
  if (deadline !== undefined) return { ...common, endsAtMs: deadline, status: 'running' };
  if (session.status === 'paused' && session.pausedRemainingMs !== null) {
    return { ...common, endsAtMs: nowMs + session.pausedRemainingMs, status: 'paused', pausedRemainingMs: session.pausedRemainingMs };
  }
  return { ...common, endsAtMs: nowMs, status: 'closed' };
}

function standings(totals: LiveTotal[], limit: number): string {
  if (totals.length === 0) return '_No answers yet._';
  return totals.slice(0, limit).map((t, i) => `${i + 1}. **${t.displayName}** — ${t.points} pts (${t.correct}/${t.answered} right)`).join('\n');
}

async function postLiveQuestion(ctx: AnyContext, opened: LiveSessionRecord): Promise<void> {
  const question = currentQuestion(getContent(), opened);
  const images = await chartImages(ctx, question);
  // the time to draw a chart is not the class's time: the clock starts when the question appears
  const session = startQuestionClock(getStore(), opened.id, Date.now());
  await ctx.followUp({
    text: `🎓 **Live quiz** · question ${session.currentIndex + 1}/${session.questionIds.length} · ${session.secondsPerQuestion} s to answer\n\n${question.prompt}\n\n${choiceLines(question)}\n\n*One answer each; faster right answers score more (500–1000).*`,
    images,
    buttons: [
      ...answerButtons(question, (i) => `quiz:la:${session.id}:${session.currentIndex}:${i}`),
      lecturerButtons(session, 'asking', false),
    ],
    data: { liveSession: session.id, questionIndex: session.currentIndex, questionId: question.id },
    countdown: liveQuestionCountdown(session, Date.now()),
  });
  armTimer(ctx, session);
}

function armTimer(ctx: AnyContext, session: LiveSessionRecord): void {
  const deadline = questionDeadline(session);
  if (deadline === undefined) return;
  scheduleReveal(session.id, deadline, () => {
    const reveal = revealIfDue(getStore(), getContent(), session.id, Date.now());
    if (reveal) void ctx.followUp(revealReply(reveal)).catch((err: unknown) => logger.error({ err, session: session.id }, 'live quiz reveal failed'));
  });
}

function revealReply(reveal: LiveReveal, options: { isEnding?: boolean } = {}): Reply {
  const total = reveal.answers.length;
  const bars = reveal.choices.map((c, i) => {
    const n = reveal.distribution[i];
    const bar = '█'.repeat(total ? Math.round((10 * n) / total) : 0);
    // the right row says so in words too: an emoji alone can be missing from a projector's fonts
    return i === reveal.correctIndex ? `✅ **${LETTERS[i]}. ${c} — ${n}** ${bar} ← right answer` : `▫️ **${LETTERS[i]}.** ${c} — ${n} ${bar}`;
  });
  return {
    text: `⏰ **Time's up!** Question ${reveal.questionNumber}/${reveal.questionCount}: ${total} answer${total === 1 ? '' : 's'}\n\n${bars.join('\n')}\n\n**Answer:** ${reveal.choices[reveal.correctIndex]}\n${reveal.question.explanation}\n\n**Leaderboard**\n${standings(reveal.totals, 5)}`,
    buttons: options.isEnding ? undefined : [lecturerButtons(reveal.session, 'revealed', reveal.isLast)],
    data: { liveSession: reveal.session.id, distribution: reveal.distribution, correctIndex: reveal.correctIndex, totals: reveal.totals },
    // stops the question's clock on clients that update earlier messages (an early reveal or end)
    countdown: liveQuestionCountdown(reveal.session, Date.now()),
  };
}

function podiumReply(totals: LiveTotal[]): Reply {
  const medals = ['🥇', '🥈', '🥉'];
  const podium = totals.slice(0, 3).map((t, i) => `${medals[i]} **${t.displayName}** — ${t.points} pts`).join('\n') || '_Nobody answered._';
  const rest = totals.length > 3 ? `\n\n${standings(totals, 10).split('\n').slice(3).join('\n')}` : '';
  return { text: `🏆 **Live quiz over!**\n\n${podium}${rest}\n\nRevise these topics any time with \`/quiz\`; see \`/leaderboard\`.`, data: { totals } };
}

async function startLive(ctx: CommandContext): Promise<void> {
  requireLecturer(ctx);
  const session = await asUserErrors(() => startLiveQuiz(getStore(), getContent(), {
    lecturer: ctx.caller, questions: Number(ctx.options.questions ?? 10), seconds: Number(ctx.options.seconds ?? 20),
    topic: ctx.options.topic as string | undefined, nowMs: Date.now(),
  }));
  await ctx.reply(`🎓 **${ctx.caller.displayName}** started a live quiz: ${session.questionIds.length} questions, ${session.secondsPerQuestion} s each. Get ready!`);
  await postLiveQuestion(ctx, session);
}

/** Ends a session: a question still open is closed and its answer shown first, then the podium. */
async function endWithPodium(ctx: AnyContext, sessionId: string, nowMs: number): Promise<void> {
  cancelReveal(sessionId);
  const reveal = revealLive(getStore(), getContent(), sessionId, nowMs);
  const { totals } = endLive(getStore(), getContent(), sessionId, nowMs);
  if (reveal) {
    await ctx.reply(revealReply(reveal, { isEnding: true }));
    await ctx.followUp(podiumReply(totals));
  } else {
    await ctx.reply(podiumReply(totals));
  }
}

async function endLiveInChannel(ctx: CommandContext): Promise<void> {
  requireLecturer(ctx);
  const session = getStore().live.activeIn(ctx.caller.platform, ctx.caller.channelId);
  if (!session) throw new UserError('No live quiz is running in this channel.');
  await endWithPodium(ctx, session.id, Date.now());
}

async function onLiveAnswer(ctx: ComponentContext): Promise<void> {
  const [sessionId = '', indexText = '', choiceText = ''] = ctx.state;
  const store = getStore();
  const content = getContent();
  const now = Date.now();
  const outcome = await asUserErrors(() => answerLive(store, content, sessionId, Number(indexText), ctx.caller, Number(choiceText), now));
  const messages = {
    accepted: `🔒 Answer **${LETTERS[Number(choiceText)]}** locked in. Results when the time is up!`,
    duplicate: 'You have already answered this question — one answer each.',
    late: '⌛ Too late: this question is closed.',
    paused: '⏸ The quiz is paused; answer when it resumes.',
    ended: 'This live quiz has ended.',
  } as const;
  await ctx.reply({ text: messages[outcome.status], ephemeral: true });
  if (outcome.status === 'late') {
    // a restart loses timers; the first late click reveals on everyone's behalf
    const reveal = revealIfDue(store, content, sessionId, now);
    if (reveal) await ctx.followUp(revealReply(reveal));
  }
}

async function onLecturerControl(ctx: ComponentContext): Promise<void> {
  requireLecturer(ctx);
  const [sessionId = '', action = ''] = ctx.state;
  const store = getStore();
  const content = getContent();
  const now = Date.now();
  await asUserErrors(async () => {
    const session = getLiveSession(store, sessionId);
    if (session.status === 'ended') throw new TutorError('This live quiz has already ended.');
    switch (action) {
      case 'pause': {
        cancelReveal(sessionId);
        const paused = pauseLive(store, sessionId, now);
        await ctx.reply({
          text: `⏸ Paused with ${Math.ceil(paused.pausedRemainingMs! / 1000)} s left.`,
          buttons: [lecturerButtons(paused, 'paused', false)],
          countdown: liveQuestionCountdown(paused, now),
        });
        return;
      }
      case 'resume': {
        const resumed = resumeLive(store, sessionId, now);
        armTimer(ctx, resumed);
        await ctx.reply({
          text: `▶ Resumed — ${Math.ceil((questionDeadline(resumed)! - now) / 1000)} s left.`,
          buttons: [lecturerButtons(resumed, 'asking', false)],
          countdown: liveQuestionCountdown(resumed, now),
        });
        return;
      }
      case 'skip': {
        cancelReveal(sessionId);
        const reveal = revealLive(store, content, sessionId, now);
        if (!reveal) throw new TutorError('This question is already closed.');
        await ctx.reply(revealReply(reveal));
        return;
      }
      case 'next': {
        if (session.status !== 'revealed') {
          // the reveal timer was lost (restart): show the results first, Next then moves on
          const reveal = revealIfDue(store, content, sessionId, now);
          if (!reveal) throw new TutorError('The current question is still open; wait for the time to run out or press "Reveal now".');
          await ctx.reply(revealReply(reveal));
          return;
        }
        const next = nextLiveQuestion(store, sessionId, now);
        if (!next) {
          await ctx.reply(podiumReply(endLive(store, content, sessionId, now).totals));
          return;
        }
        await ctx.defer();
        await ctx.reply(`Question ${next.currentIndex + 1} coming up…`);
        await postLiveQuestion(ctx, next);
        return;
      }
      case 'end': {
        await endWithPodium(ctx, sessionId, now);
        return;
      }
      default:
        throw new UserError('This button no longer works.');
    }
  });
}

/** /quiz: FSRS-scheduled revision, your stats, and (lecturers) a live class quiz with a leaderboard. */
export default defineCommand({
  name: 'quiz',
  description: 'Revise with spaced repetition, see your stats, or (lecturers) run a live class quiz',
  options: [
    { name: 'mode', type: 'string', description: 'revise (default), stats, live (lecturers), end-live (lecturers)', choices: MODES, default: 'revise' },
    { name: 'topic', type: 'string', description: 'Only questions from this lesson (exercises = all three practice sets)', choices: [...getContent().lessons.map((l) => l.id), 'exercises'] },
    { name: 'answer', type: 'number', description: 'Type the answer to your current numeric question' },
    { name: 'questions', type: 'integer', description: 'Live quiz: how many questions', min: LIVE_LIMITS.minQuestions, max: LIVE_LIMITS.maxQuestions, default: 10 },
    { name: 'seconds', type: 'integer', description: 'Live quiz: seconds per question', min: LIVE_LIMITS.minSeconds, max: LIVE_LIMITS.maxSeconds, default: 20 },
  ],
  examples: ['/quiz', '/quiz topic:activations', '/quiz mode:stats', '/quiz answer:4674', '/quiz mode:live questions:10 seconds:20'],
  async run(ctx) {
    const mode = (ctx.options.mode as (typeof MODES)[number] | undefined) ?? 'revise';
    if (typeof ctx.options.answer === 'number') {
      const store = getStore();
      const userKey = ensureUser(store, ctx.caller, Date.now());
      const pending = store.answers.getPending(userKey);
      if (!pending) throw new UserError('You have no open question. Type `/quiz` to get one.');
      const value = ctx.options.answer;
      const result = await asUserErrors(() => answerSoloQuestion(store, getContent(), ctx.caller, pending.questionId, { value }, Date.now()));
      return replySoloResult(ctx, result);
    }
    switch (mode) {
      case 'stats': return showStats(ctx);
      case 'live': return startLive(ctx);
      case 'end-live': return endLiveInChannel(ctx);
      default: return askSolo(ctx, ctx.options.topic as string | undefined);
    }
  },
  async onComponent(ctx) {
    switch (ctx.action) {
      case 'a': {
        const [questionId = '', choiceText = ''] = ctx.state;
        if (!findQuestion(getContent().questions, questionId)) throw new UserError('That question is no longer in the bank. Type /quiz for the next one.');
        const result = await asUserErrors(() => answerSoloQuestion(getStore(), getContent(), ctx.caller, questionId, { choice: Number(choiceText) }, Date.now()));
        return replySoloResult(ctx, result);
      }
      case 'next': {
        const topic = ctx.state[0];
        return askSolo(ctx, topic && topic !== '*' ? topic : undefined);
      }
      case 'la': return onLiveAnswer(ctx);
      case 'lc': return onLecturerControl(ctx);
      default: throw new UserError('This button no longer works. Type /quiz again.');
    }
  },
});
