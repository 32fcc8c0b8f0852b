/** /quiz solo revision: the next due question, the verdict on an answer, and the progress summary. */
import { UserError } from '../../src/chat/errors.ts';
import type { CommandContext, ComponentContext } from '../../src/chat/types.ts';
import { getStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { correctAnswerText } from '../../src/tutor/answers.ts';
import { findItem } from '../../src/tutor/quiz-items.ts';
import { answerSoloQuestion, askNextQuestion, quizStats } from '../../src/tutor/solo-quiz.ts';
import { ensureUser } from '../../src/tutor/users.ts';
import { chartImages } from './quiz-charts.ts';
import { answerButtons, choiceLines } from './quiz-choices.ts';
import { asUserErrors } from './tutor-errors.ts';

type AnyContext = CommandContext | ComponentContext;

/** Asks the caller's next FSRS-scheduled question (due reviews first, then new ones), or says when the next review is due. */
export async function askSolo(ctx: AnyContext, topic?: string): Promise<void> {
  const store = getStore();
  const content = getContent();
  const now = Date.now();
  const picked = await asUserErrors(() => askNextQuestion(store, content, ctx.caller, now, topic));
  if (!picked.next) {
    const when = picked.nextDueMs ? ` Your next review is due ${new Date(picked.nextDueMs).toISOString().slice(0, 16).replace('T', ' ')} UTC.` : '';
    await ctx.reply({ text: `🎉 Nothing is due${topic ? ` in ${topic}` : ''} right now.${when} Try \`/quiz mode:stats\`, or another topic.`, ephemeral: true });
    return;
  }
  const { question, shown, reason, remaining } = picked.next;
  const images = await chartImages(ctx, question);
  const lesson = content.lessons.find((l) => l.id === question.lesson)!;
  const numericHint = question.type === 'numeric' ? '\n*(or type it: `/quiz answer:<number>`)*' : '';
  await ctx.reply({
    text: `**${lesson.title}** · ${question.difficulty} · ${reason === 'due' ? 'review' : 'new'} · ${remaining} to go\n\n${question.prompt}\n\n${choiceLines(shown.choices)}${numericHint}`,
    images,
    // a button carries the shown position; the tutor judges it against the same seeded order
    buttons: answerButtons(shown.choices, (i) => `quiz:a:${question.id}:${i}`),
    ephemeral: true,
    data: { questionId: question.id, lesson: question.lesson, type: question.type, choices: shown.choices },
  });
}

/** The verdict, the explanation and when FSRS will ask again, with Next and Open-the-lesson buttons. */
async function replySoloResult(ctx: AnyContext, result: Awaited<ReturnType<typeof answerSoloQuestion>>): Promise<void> {
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

/** `/quiz answer:<number>`: answers the caller's open question with a typed value and replies with the verdict. */
export async function answerTypedValue(ctx: CommandContext, value: number): Promise<void> {
  const store = getStore();
  const userKey = await ensureUser(store, ctx.caller, Date.now());
  const pending = await store.answers.getPending(userKey);
  if (!pending) throw new UserError('You have no open question. Type `/quiz` to get one.');
  const result = await asUserErrors(() => answerSoloQuestion(store, getContent(), ctx.caller, pending.questionId, { value }, Date.now()));
  return replySoloResult(ctx, result);
}

/** A `quiz:a:<questionId>:<choice>` click: records the chosen letter and replies with the verdict. */
export async function answerChoiceButton(ctx: ComponentContext, questionId: string, choiceText: string): Promise<void> {
  if (!findItem(getContent(), questionId)) throw new UserError('That question is no longer in the bank. Type /quiz for the next one.');
  const result = await asUserErrors(() => answerSoloQuestion(getStore(), getContent(), ctx.caller, questionId, { choice: Number(choiceText) }, Date.now()));
  return replySoloResult(ctx, result);
}

/** The caller's progress per lesson (seen, accuracy, due), streak and totals. */
export async function showStats(ctx: CommandContext): Promise<void> {
  const store = getStore();
  const content = getContent();
  const userKey = await ensureUser(store, ctx.caller, Date.now());
  const stats = await quizStats(store, content, userKey, Date.now());
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
