/** The question a finished /architecture run offers about itself (its text and answer buttons), and the verdict when a button is pressed. */
import type { ComponentContext, ReplyButton } from '../../src/chat/types.ts';
import { logger } from '../../src/chat/logger.ts';
import type { ArchitectureDemoResult } from '../../src/engine/tfjs/architectures/index.ts';
import { getStore, openedStore } from '../../src/store/index.ts';
import { answerRunQuestion, offerRunQuestion } from '../../src/tutor/run-questions/offer.ts';
import type { TutorUser } from '../../src/tutor/users.ts';
import { answerButtons, choiceLines } from './quiz-choices.ts';
import { asUserErrors } from './tutor-errors.ts';

/** Button action of a run question: `architecture:q:<id>:<position>`. */
export const RUN_QUESTION_ACTION = 'q';

/**
 * The question part of a run's reply (text, buttons and its id for Reply.data), or undefined when the
 * run supports none or nothing can store it (the CLI without a store; a store fault is logged, the run still answers).
 */
export async function runQuestionReply(caller: TutorUser, demo: ArchitectureDemoResult): Promise<{ text: string; buttons: ReplyButton[][]; id: string } | undefined> {
  const store = openedStore();
  if (!store) return undefined;
  try {
    const offered = await offerRunQuestion(store, caller, demo, Date.now());
    if (!offered) return undefined;
    const { id, question } = offered;
    return {
      id,
      text: `**A question about your run:** ${question.prompt}\n${choiceLines(question.choices)}`,
      buttons: answerButtons(question.choices, (i) => `architecture:${RUN_QUESTION_ACTION}:${id}:${i}`),
    };
  } catch (error) {
    logger.warn({ err: error, caller: `${caller.platform}:${caller.userId}` }, 'could not store the question about an architecture run');
    return undefined;
  }
}

/** An `architecture:q:<id>:<position>` click: the verdict on the stored question, with its explanation from the run. */
export async function answerRunQuestionButton(ctx: ComponentContext): Promise<void> {
  const [id = '', position = ''] = ctx.state;
  const { question, isCorrect } = await asUserErrors(() => answerRunQuestion(getStore(), ctx.caller, id, Number(position), Date.now()));
  const verdict = isCorrect ? '✅ **Right!**' : `❌ **Not quite.** The answer is **${question.choices[question.answer]}**.`;
  await ctx.reply({ text: `${verdict}\n${question.explanation}`, ephemeral: true, data: { runQuestionId: id, isCorrect } });
}
