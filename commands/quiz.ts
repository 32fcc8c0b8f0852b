import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import { getContent } from '../src/tutor/content/load.ts';
import { LIVE_LIMITS } from '../src/tutor/live-quiz.ts';
import { endLiveInChannel, onLecturerControl, onLiveAnswer, startLive } from './_lib/live-quiz-actions.ts';
import { answerChoiceButton, answerTypedValue, askSolo, showStats } from './_lib/solo-quiz-replies.ts';

/** The job that draws a "read the chart" picture, with names hidden (re-exported: tests import it from here). */
export { quizChartTask } from './_lib/quiz-charts.ts';
/** The countdown shown with a live question, from the session's real deadline (re-exported from its helper). */
export { liveQuestionCountdown } from './_lib/live-quiz-replies.ts';

const MODES = ['revise', 'stats', 'live', 'end-live'] as const;

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
    if (typeof ctx.options.answer === 'number') return answerTypedValue(ctx, ctx.options.answer);
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
        return answerChoiceButton(ctx, questionId, choiceText);
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
