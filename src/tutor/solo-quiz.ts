/**
 * Solo revision: pick the question a user is due for (FSRS), judge the answer, reschedule the card,
 * and summarise progress per section with a daily streak.
 */
import type { Store } from '../store/types.ts';
import type { BankQuestion, Content } from './content/schema.ts';
import { findQuestion, isCorrectChoice, isCorrectValue } from './answers.ts';
import { gradeForAnswer, reviewCard } from './scheduler.ts';
import { ensureUser, type TutorUser } from './users.ts';
import { TutorError } from './errors.ts';

/** Points a right solo answer adds to the leaderboard (a live answer earns 500–1000). */
export const SOLO_POINTS = 100;

const DAY_MS = 86_400_000;

/** The question FSRS picked for a user. */
export interface NextQuestion {
  question: BankQuestion;
  /** 'due' = a card FSRS scheduled for now or earlier; 'new' = never answered. */
  reason: 'due' | 'new';
  /** Questions (in the topic) due now or new, including this one. */
  remaining: number;
}

/** Questions of a topic (a lesson id or section id), or all. */
export function questionsInTopic(content: Content, topic?: string): BankQuestion[] {
  if (!topic) return content.questions;
  const lessonIds = new Set(content.lessons.filter((l) => l.id === topic || l.section === topic).map((l) => l.id));
  if (lessonIds.size === 0) {
    throw new TutorError(`There is no topic "${topic}". Topics: ${content.lessons.map((l) => l.id).join(', ')}.`);
  }
  return content.questions.filter((q) => lessonIds.has(q.lesson));
}

/**
 * The next question for a user: the most overdue FSRS card first, else a new question (in lesson
 * order, easy before hard). Returns undefined when nothing is due; `nextDueMs` says when to come back.
 */
export function pickNextQuestion(store: Store, content: Content, userKey: string, nowMs: number, topic?: string):
  { next?: NextQuestion; nextDueMs?: number } {
  const pool = questionsInTopic(content, topic);
  const cards = new Map(store.cards.list(userKey).map((c) => [c.questionId, c]));
  const due = pool.filter((q) => { const c = cards.get(q.id); return c && c.due <= nowMs; })
    .sort((a, b) => cards.get(a.id)!.due - cards.get(b.id)!.due);
  const lessonOrder = new Map(content.lessons.map((l, i) => [l.id, i]));
  const rank = { easy: 0, medium: 1, hard: 2 } as const;
  const fresh = pool.filter((q) => !cards.has(q.id))
    .sort((a, b) => (lessonOrder.get(a.lesson)! - lessonOrder.get(b.lesson)!) || rank[a.difficulty] - rank[b.difficulty]);
  const remaining = due.length + fresh.length;
  if (due.length > 0) return { next: { question: due[0], reason: 'due', remaining } };
  if (fresh.length > 0) return { next: { question: fresh[0], reason: 'new', remaining } };
  const upcoming = pool.map((q) => cards.get(q.id)?.due).filter((d): d is number => d !== undefined);
  return { nextDueMs: upcoming.length ? Math.min(...upcoming) : undefined };
}

/** Pick the next question and remember it as the user's pending one (survives a restart). */
export function askNextQuestion(store: Store, content: Content, user: TutorUser, nowMs: number, topic?: string) {
  const userKey = ensureUser(store, user, nowMs);
  const picked = pickNextQuestion(store, content, userKey, nowMs, topic);
  if (picked.next) store.answers.setPending({ userKey, questionId: picked.next.question.id, topic: topic ?? null, askedAt: nowMs });
  return picked;
}

/** The verdict on a solo answer and when FSRS will ask again. */
export interface SoloAnswerResult {
  question: BankQuestion;
  isCorrect: boolean;
  /** When FSRS will ask again. */
  nextDueMs: number;
  topic: string | null;
}

/**
 * Judge an answer (a button index or a typed number) to the user's pending question, record it,
 * and reschedule the card. Refuses an answer to a question that is not pending (double clicks, old buttons).
 */
export function answerSoloQuestion(
  store: Store, content: Content, user: TutorUser, questionId: string,
  answer: { choice: number } | { value: number }, nowMs: number,
): SoloAnswerResult {
  const userKey = ensureUser(store, user, nowMs);
  const question = findQuestion(content.questions, questionId);
  if (!question) throw new TutorError('That question is no longer in the quiz bank. Type /quiz for the next one.');
  const pending = store.answers.getPending(userKey);
  if (!pending || pending.questionId !== questionId) {
    throw new TutorError('You have already answered that question. Type /quiz for the next one.');
  }
  if ('value' in answer && question.type !== 'numeric') {
    throw new TutorError('This question is answered with the buttons, not a number.');
  }
  const isCorrect = 'choice' in answer ? isCorrectChoice(question, answer.choice) : isCorrectValue(question, answer.value);
  return store.transaction(() => {
    const { card, log } = reviewCard(userKey, questionId, store.cards.get(userKey, questionId), gradeForAnswer(isCorrect), nowMs);
    store.cards.save(card);
    store.cards.addLog(log);
    store.answers.add({ userKey, questionId, lessonId: question.lesson, mode: 'solo', isCorrect, answeredAt: nowMs });
    store.answers.clearPending(userKey);
    if (isCorrect) {
      store.scores.add({
        userKey, displayName: user.displayName, platform: user.platform, spaceId: user.spaceId ?? null,
        channelId: user.channelId, points: SOLO_POINTS, source: 'solo', createdAt: nowMs,
      });
    }
    return { question, isCorrect, nextDueMs: card.due, topic: pending.topic };
  });
}

/** A user's progress in one lesson's questions. */
export interface SectionStats {
  lessonId: string;
  title: string;
  total: number;
  /** Questions answered at least once. */
  seen: number;
  /** Questions whose card is due now. */
  due: number;
  answers: number;
  correct: number;
}

/** What /quiz mode:stats shows. */
export interface QuizStats {
  sections: SectionStats[];
  /** Consecutive UTC days with any answer (quiz or lesson), ending today (or yesterday if none yet today). */
  streakDays: number;
  /** Right answers in a row, most recent first. */
  correctRun: number;
  totalAnswers: number;
  totalCorrect: number;
}

/** Progress per lesson, daily streak and current run of right answers. */
export function quizStats(store: Store, content: Content, userKey: string, nowMs: number): QuizStats {
  const activity = store.answers.list(userKey);
  const answers = activity.filter((a) => a.mode !== 'lesson');
  const cards = new Map(store.cards.list(userKey).map((c) => [c.questionId, c]));
  const sections = content.lessons.map((lesson): SectionStats => {
    const qs = content.questions.filter((q) => q.lesson === lesson.id);
    const mine = answers.filter((a) => a.lessonId === lesson.id);
    return {
      lessonId: lesson.id, title: lesson.title, total: qs.length,
      seen: qs.filter((q) => cards.has(q.id)).length,
      due: qs.filter((q) => { const c = cards.get(q.id); return c !== undefined && c.due <= nowMs; }).length,
      answers: mine.length, correct: mine.filter((a) => a.isCorrect).length,
    };
  });
  let correctRun = 0;
  for (let i = answers.length - 1; i >= 0 && answers[i].isCorrect; i--) correctRun++;
  return {
    sections, streakDays: dailyStreak(activity.map((a) => a.answeredAt), nowMs), correctRun,
    totalAnswers: answers.length, totalCorrect: answers.filter((a) => a.isCorrect).length,
  };
}

/** Consecutive UTC days with activity, counting back from today (a streak survives until the end of the next day). */
export function dailyStreak(timesMs: number[], nowMs: number): number {
  const days = new Set(timesMs.map((t) => Math.floor(t / DAY_MS)));
  let day = Math.floor(nowMs / DAY_MS);
  if (!days.has(day)) day -= 1;
  let streak = 0;
  while (days.has(day)) { streak++; day--; }
  return streak;
}
