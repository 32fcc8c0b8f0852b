/** A quiz card as a report names it: the fixed question's prompt, or a generator's summary. */
import type { Content } from '../content/schema.ts';
import { findItem } from '../quiz-items.ts';

/** Prompt (fixed question) or summary (generator), and the lesson; a removed card keeps its id as its label. */
export function describeQuestion(content: Content, questionId: string): { prompt: string; lessonId: string; explanation?: string } {
  const item = findItem(content, questionId);
  if (!item) return { prompt: questionId, lessonId: '' };
  if (item.question) return { prompt: item.question.prompt, lessonId: item.lesson, explanation: item.question.explanation };
  return { prompt: item.generator!.summary, lessonId: item.lesson };
}
