/** Lesson progress: list lessons with a user's progress, start or resume, move between steps, answer step questions. */
import type { LessonProgressRecord, Store } from '../store/types.ts';
import type { Content, Lesson, LessonStep } from './content/schema.ts';
import { TutorError } from './errors.ts';

/** One step of a lesson as a user sees it, with their saved answer. */
export interface LessonView {
  lesson: Lesson;
  stepIndex: number;
  step: LessonStep;
  stepCount: number;
  isFirst: boolean;
  isLast: boolean;
  /** The user's answer to this step's question, if given. */
  chosen?: number;
  completed: boolean;
}

/** A lesson in /lesson's list with the user's progress. */
export interface LessonListEntry {
  lesson: Lesson;
  /** Steps reached (1-based) out of stepCount; 0 = not started. */
  reached: number;
  stepCount: number;
  completed: boolean;
}

/** Find a lesson by id, by its number ("3") or by a unique prefix of its id or title. */
export function findLesson(content: Content, name: string): Lesson {
  const wanted = name.trim().toLowerCase();
  const exact = content.lessons.find((l) => l.id === wanted);
  if (exact) return exact;
  if (/^\d+$/.test(wanted)) {
    const byNumber = content.lessons[Number(wanted) - 1];
    if (byNumber) return byNumber;
  }
  const matches = content.lessons.filter((l) => l.id.startsWith(wanted) || l.title.toLowerCase().startsWith(wanted));
  if (matches.length === 1) return matches[0];
  throw new TutorError(`There is no lesson "${name}". Lessons: ${content.lessons.map((l) => l.id).join(', ')}.`);
}

/** Every lesson with this user's progress. */
export async function listLessons(store: Store, content: Content, userKey: string): Promise<LessonListEntry[]> {
  const progress = new Map((await store.progress.list(userKey)).map((p) => [p.lessonId, p]));
  return content.lessons.map((lesson) => {
    const p = progress.get(lesson.id);
    return { lesson, reached: p ? Math.min(p.stepIndex + 1, lesson.steps.length) : 0, stepCount: lesson.steps.length, completed: p?.completed ?? false };
  });
}

function viewOf(lesson: Lesson, p: LessonProgressRecord): LessonView {
  const stepIndex = Math.min(Math.max(p.stepIndex, 0), lesson.steps.length - 1);
  return {
    lesson, stepIndex, step: lesson.steps[stepIndex], stepCount: lesson.steps.length,
    isFirst: stepIndex === 0, isLast: stepIndex === lesson.steps.length - 1,
    chosen: p.answers[stepIndex], completed: p.completed,
  };
}

async function progressOf(store: Store, userKey: string, lesson: Lesson, nowMs: number): Promise<LessonProgressRecord> {
  return (await store.progress.get(userKey, lesson.id)) ?? { userKey, lessonId: lesson.id, stepIndex: 0, completed: false, answers: {}, updatedAt: nowMs };
}

/** Start a lesson, or resume it where the user left off (a finished lesson starts again from step 1 with `restart`). */
export async function openLesson(store: Store, content: Content, userKey: string, lessonId: string, nowMs: number, restart = false): Promise<LessonView> {
  const lesson = findLesson(content, lessonId);
  const p = await progressOf(store, userKey, lesson, nowMs);
  if (restart) { p.stepIndex = 0; p.answers = {}; }
  p.updatedAt = nowMs;
  await store.progress.save(p);
  return viewOf(lesson, p);
}

/**
 * Go to step `to` (0-based) of a lesson and save it; reaching the last step marks the lesson completed.
 * Button ids carry the target step, so a stale button still lands on the step it showed.
 */
export async function goToStep(store: Store, content: Content, userKey: string, lessonId: string, to: number, nowMs: number): Promise<LessonView> {
  const lesson = findLesson(content, lessonId);
  if (!Number.isInteger(to) || to < 0 || to >= lesson.steps.length) {
    throw new TutorError(`Lesson ${lesson.id} has steps 1–${lesson.steps.length}.`);
  }
  const p = await progressOf(store, userKey, lesson, nowMs);
  p.stepIndex = to;
  if (to === lesson.steps.length - 1) p.completed = true;
  p.updatedAt = nowMs;
  await store.progress.save(p);
  return viewOf(lesson, p);
}

/** Record the user's answer to a step's question; returns whether it was right and the explanation. */
export async function answerStep(store: Store, content: Content, userKey: string, lessonId: string, stepIndex: number, choice: number, nowMs: number):
  Promise<{ view: LessonView; isCorrect: boolean; explanation: string }> {
  const lesson = findLesson(content, lessonId);
  const step = lesson.steps[stepIndex];
  if (!step?.question) throw new TutorError('That step has no question.');
  if (!Number.isInteger(choice) || choice < 0 || choice >= step.question.choices.length) throw new TutorError('That is not one of the choices.');
  const isCorrect = choice === step.question.answer;
  const p = await store.transaction(async () => {
    const p = await progressOf(store, userKey, lesson, nowMs);
    p.answers = { ...p.answers, [stepIndex]: choice };
    p.stepIndex = stepIndex;
    p.updatedAt = nowMs;
    await store.progress.save(p);
    await store.answers.add({ userKey, questionId: `${lesson.id}#${stepIndex}`, lessonId: lesson.id, mode: 'lesson', isCorrect, answeredAt: nowMs });
    return p;
  });
  return { view: viewOf(lesson, p), isCorrect, explanation: step.explanation ?? '' };
}

/**
 * "Finish ✓": marks the lesson completed for this user whatever step their saved place is on
 * (their place may lag behind the step they finished from, e.g. after a restart elsewhere).
 */
export async function finishLesson(store: Store, content: Content, userKey: string, lessonId: string, nowMs: number): Promise<LessonView> {
  const lesson = findLesson(content, lessonId);
  const p = await progressOf(store, userKey, lesson, nowMs);
  p.stepIndex = lesson.steps.length - 1;
  p.completed = true;
  p.updatedAt = nowMs;
  await store.progress.save(p);
  return viewOf(lesson, p);
}
