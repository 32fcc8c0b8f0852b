/** /quiz live class quiz: starting, posting questions, arming the reveal timer, answers and the lecturer's controls. */
import { UserError } from '../../src/chat/errors.ts';
import { logger } from '../../src/chat/logger.ts';
import type { CommandContext, ComponentContext } from '../../src/chat/types.ts';
import { getStore } from '../../src/store/index.ts';
import type { LiveSessionRecord } from '../../src/store/types.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { TutorError } from '../../src/tutor/errors.ts';
import {
  answerLive, currentChoices, endLive, getLiveSession, nextLiveQuestion, pauseLive, questionDeadline,
  resumeLive, revealIfDue, revealLive, startLiveQuiz, startQuestionClock,
} from '../../src/tutor/live-quiz.ts';
import { cancelReveal, scheduleReveal } from '../../src/tutor/live-timers.ts';
import { lecturerButtons, liveQuestionCountdown, liveQuestionReply, podiumReply, revealReply } from './live-quiz-replies.ts';
import { chartImages } from './quiz-charts.ts';
import { CHOICE_LETTERS } from './quiz-choices.ts';
import { asUserErrors } from './tutor-errors.ts';
import { escapeMarkdown } from '../../src/chat/escape-markdown.ts';

type AnyContext = CommandContext | ComponentContext;

function requireLecturer(ctx: AnyContext): void {
  if (!ctx.caller.isLecturer) throw new UserError('Only lecturers can run or control a live quiz. Use `/quiz` to revise on your own.');
}

async function postLiveQuestion(ctx: AnyContext, opened: LiveSessionRecord): Promise<void> {
  const { question, shown } = currentChoices(getContent(), opened);
  const images = await chartImages(ctx, question);
  // the time to draw a chart is not the class's time: the clock starts when the question appears
  const session = startQuestionClock(getStore(), opened.id, Date.now());
  await ctx.followUp(liveQuestionReply(session, question, shown.choices, images, Date.now()));
  armTimer(ctx, session);
}

function armTimer(ctx: AnyContext, session: LiveSessionRecord): void {
  const deadline = questionDeadline(session);
  if (deadline === undefined) return;
  scheduleReveal(session.id, deadline, () => {
    try {
      const reveal = revealIfDue(getStore(), getContent(), session.id, Date.now());
      if (reveal) void ctx.followUp(revealReply(reveal)).catch((err: unknown) => logger.error({ err, session: session.id }, 'live quiz reveal failed'));
    } catch (err) {
      // a timer has no caller to answer: a store fault here is logged, and the next click reveals
      logger.error({ err, session: session.id }, 'live quiz reveal failed');
    }
  });
}

/** `/quiz mode:live` (lecturers): opens a session in this channel and posts its first question. */
export async function startLive(ctx: CommandContext): Promise<void> {
  requireLecturer(ctx);
  const session = await asUserErrors(() => startLiveQuiz(getStore(), getContent(), {
    lecturer: ctx.caller, questions: Number(ctx.options.questions ?? 10), seconds: Number(ctx.options.seconds ?? 20),
    topic: ctx.options.topic as string | undefined, nowMs: Date.now(),
  }));
  await ctx.reply(`🎓 **${escapeMarkdown(ctx.caller.displayName)}** started a live quiz: ${session.questionIds.length} questions, ${session.secondsPerQuestion} s each. Get ready!`);
  await postLiveQuestion(ctx, session);
}

/** Ends a session: a question still open is closed and its answer shown first, then the podium. */
async function endWithPodium(ctx: AnyContext, sessionId: string, nowMs: number): Promise<void> {
  cancelReveal(sessionId);
  const reveal = revealLive(getStore(), getContent(), sessionId, nowMs);
  const { totals } = endLive(getStore(), getContent(), sessionId, nowMs);
  if (reveal) {
    await ctx.reply(revealReply(reveal, { isEnding: true }));
    await ctx.followUp(podiumReply(totals, sessionId));
  } else {
    await ctx.reply(podiumReply(totals, sessionId));
  }
}

/** `/quiz mode:end-live` (lecturers): ends the session running in this channel with its podium. */
export async function endLiveInChannel(ctx: CommandContext): Promise<void> {
  requireLecturer(ctx);
  const session = getStore().live.activeIn(ctx.caller.platform, ctx.caller.channelId);
  if (!session) throw new UserError('No live quiz is running in this channel.');
  await endWithPodium(ctx, session.id, Date.now());
}

/** A `quiz:la:<session>:<index>:<choice>` click: locks in one answer per student; a late click reveals a question whose timer was lost. */
export async function onLiveAnswer(ctx: ComponentContext): Promise<void> {
  const [sessionId = '', indexText = '', choiceText = ''] = ctx.state;
  const store = getStore();
  const content = getContent();
  const now = Date.now();
  const outcome = await asUserErrors(() => answerLive(store, content, sessionId, Number(indexText), ctx.caller, Number(choiceText), now));
  const messages = {
    accepted: `🔒 Answer **${CHOICE_LETTERS[Number(choiceText)]}** locked in. Results when the time is up!`,
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

/** A `quiz:lc:<session>:<action>` click (lecturers): pause, resume, skip (reveal now), next question, or end. */
export async function onLecturerControl(ctx: ComponentContext): Promise<void> {
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
          await ctx.reply(podiumReply(endLive(store, content, sessionId, now).totals, sessionId));
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
