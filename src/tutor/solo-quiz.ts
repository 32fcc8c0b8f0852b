/**
 * Solo revision: pick the question a user is due for (FSRS), judge the answer, reschedule the card,
 * and summarise progress per section with a daily streak.
 */
import type { Store } from '../store/types.ts';
import type { BankQuestion, Content } from './content/schema.ts';
import { isCorrectValue } from './answers.ts';
import { findItem, itemsInTopic, questionOf, quizItems, type QuizItem } from './quiz-items.ts';
import { rngOfText, showChoices, soloSeed, type ShownChoices } from './quiz-order.ts';
import { gradeForAnswer, reviewCard } from './scheduler.ts';
import { ensureUser, type TutorUser } from './users.ts';
import { TutorError } from './errors.ts';

/** Points a right solo answer adds to the leaderboard (a live answer earns 500–1000). */
export const SOLO_POINTS = 100;

const DAY_MS = 86_400_000;

/** The question FSRS picked for a user, as this user sees it. */
export interface NextQuestion {
  /** The question shown (a generator's card shows a fresh instance). */
  question: BankQuestion;
  /** The choices in the order shown, and the right one's position. */
  shown: ShownChoices;
  /** 'due' = a card FSRS scheduled for now or earlier; 'new' = never answered. */
  reason: 'due' | 'new';
  /** Questions (in the topic) due now or new, including this one. */
  remaining: number;
}

/**
 * The lesson a user's course is on: the lesson they most recently worked on in /lesson, else the
 * course's first lesson. New cards come from lessons up to it (the next lesson once those run out).
 */
export async function courseLessonOf(store: Store, content: Content, userKey: string): Promise<string> {
  const latest = (await store.progress.list(userKey)).sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return content.lessons.some((l) => l.id === latest?.lessonId) ? latest!.lessonId : content.lessons[0]?.id ?? '';
}

const NEW_WEIGHT = { easy: 3, medium: 2, hard: 1 } as const;
/** When reviews are due, this share of picks still introduces a new card (Anki-style mixing of new and review cards). */
export const NEW_CARD_SHARE = 0.3;

/**
 * Picks a new card across topics: among the unanswered cards of the lessons up to the user's
 * course lesson (or the first later lesson that has some), weighted towards that lesson and easy
 * cards, by a seed of the user and how many cards they have — stable until they answer.
 */
function pickNewItem(fresh: QuizItem[], content: Content, courseLesson: string, seed: string): QuizItem | undefined {
  if (fresh.length === 0) return undefined;
  const order = new Map(content.lessons.map((l, i) => [l.id, i]));
  const focus = order.get(courseLesson) ?? 0;
  const reached = fresh.filter((i) => (order.get(i.lesson) ?? 0) <= focus);
  const nextLesson = Math.min(...fresh.map((i) => order.get(i.lesson) ?? 0));
  const candidates = reached.length > 0 ? reached : fresh.filter((i) => (order.get(i.lesson) ?? 0) === nextLesson);
  const weight = (i: QuizItem) => NEW_WEIGHT[i.difficulty] * (i.lesson === courseLesson ? 3 : 1);
  const total = candidates.reduce((s, i) => s + weight(i), 0);
  let r = rngOfText(seed).next() * total;
  for (const item of candidates) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return candidates[candidates.length - 1];
}

/** How a user sees a card now: the question (a generator's instance) and the shuffled choices, seeded by their review count. */
export async function presentItem(store: Store, userKey: string, item: QuizItem): Promise<{ question: BankQuestion; shown: ShownChoices }> {
  return presentItemWithCard(userKey, item, await store.cards.get(userKey, item.id));
}

/** presentItem when the card is already loaded (undefined = never answered). */
function presentItemWithCard(userKey: string, item: QuizItem, card: { reps: number } | undefined): { question: BankQuestion; shown: ShownChoices } {
  const seed = soloSeed(userKey, item.id, card?.reps ?? 0);
  const question = questionOf(item, seed);
  return { question, shown: showChoices(question, seed) };
}

/**
 * The next question for a user: mostly the most overdue FSRS card, with a seeded 30 % share of new
 * cards picked across the topics the user's course has reached (all new cards when nothing is due). Returns undefined when nothing is due; `nextDueMs` says when to come back.
 */
export async function pickNextQuestion(store: Store, content: Content, userKey: string, nowMs: number, topic?: string):
  Promise<{ next?: NextQuestion; nextDueMs?: number }> {
  const pool = itemsInTopic(content, topic);
  const cards = new Map((await store.cards.list(userKey)).map((c) => [c.questionId, c]));
  const due = pool.filter((q) => { const c = cards.get(q.id); return c && c.due <= nowMs; })
    .sort((a, b) => cards.get(a.id)!.due - cards.get(b.id)!.due);
  const fresh = pool.filter((q) => !cards.has(q.id));
  const remaining = due.length + fresh.length;
  // reviews first, but a share of picks goes to new cards, so a few failed cards cannot hold the whole session
  const state = `${userKey}|${cards.size}|${[...cards.values()].reduce((s, c) => s + c.reps, 0)}`;
  const takeNew = fresh.length > 0 && (due.length === 0 || rngOfText(`mix|${state}`).next() < NEW_CARD_SHARE);
  const picked = takeNew ? pickNewItem(fresh, content, await courseLessonOf(store, content, userKey), `new|${state}`) : due[0];
  if (picked) return { next: { ...presentItemWithCard(userKey, picked, cards.get(picked.id)), reason: takeNew ? 'new' : 'due', remaining } };
  const upcoming = pool.map((q) => cards.get(q.id)?.due).filter((d): d is number => d !== undefined);
  return { nextDueMs: upcoming.length ? Math.min(...upcoming) : undefined };
}

/** The user's open question if there is one in this topic, else the next pick, remembered as pending (survives a restart). */
export async function askNextQuestion(store: Store, content: Content, user: TutorUser, nowMs: number, topic?: string):
  Promise<{ next?: NextQuestion; nextDueMs?: number }> {
  const userKey = await ensureUser(store, user, nowMs);
  // an open question in the same topic is asked again as it was shown, so its buttons stay valid
  const pending = await store.answers.getPending(userKey);
  const open = pending && pending.topic === (topic ?? null) ? findItem(content, pending.questionId) : undefined;
  if (open && itemsInTopic(content, topic).some((i) => i.id === open.id)) {
    const card = await store.cards.get(userKey, open.id);
    const remaining = (await pickNextQuestion(store, content, userKey, nowMs, topic)).next?.remaining ?? 1;
    return { next: { ...presentItemWithCard(userKey, open, card), reason: card ? 'due' : 'new', remaining } };
  }
  const picked = await pickNextQuestion(store, content, userKey, nowMs, topic);
  if (picked.next) await store.answers.setPending({ userKey, questionId: picked.next.question.id, topic: topic ?? null, askedAt: nowMs });
  return picked;
}

/** The user's open question as they see it (undefined when none is open or it left the bank). */
export async function presentPending(store: Store, content: Content, user: TutorUser, nowMs: number): Promise<{ question: BankQuestion; shown: ShownChoices } | undefined> {
  const userKey = await ensureUser(store, user, nowMs);
  const pending = await store.answers.getPending(userKey);
  const item = pending && findItem(content, pending.questionId);
  return item ? presentItem(store, userKey, item) : undefined;
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
export async function answerSoloQuestion(
  store: Store, content: Content, user: TutorUser, questionId: string,
  answer: { choice: number } | { value: number }, nowMs: number,
): Promise<SoloAnswerResult> {
  const userKey = await ensureUser(store, user, nowMs);
  const item = findItem(content, questionId);
  if (!item) throw new TutorError('That question is no longer in the quiz bank. Type /quiz for the next one.');
  const alreadyAnswered = () => new TutorError('You have already answered that question. Type /quiz for the next one.');
  const pending = await store.answers.getPending(userKey);
  if (!pending || pending.questionId !== questionId) throw alreadyAnswered();
  const { question, shown } = await presentItem(store, userKey, item);
  if ('value' in answer && question.type !== 'numeric') {
    throw new TutorError('This question is answered with the buttons, not a number.');
  }
  if ('choice' in answer && !(Number.isInteger(answer.choice) && answer.choice >= 0 && answer.choice < shown.choices.length)) {
    throw new TutorError(`That is not one of the choices: press one of the ${shown.choices.length} buttons.`);
  }
  // judged against the order this student was shown, never the bank's
  const isCorrect = 'choice' in answer ? answer.choice === shown.correctIndex : isCorrectValue(question, answer.value);
  return store.transaction(async () => {
    // taking the pending question is the claim: of two clicks racing (on any instance), one records the answer
    if (!(await store.answers.takePending(userKey, questionId))) throw alreadyAnswered();
    const { card, log } = reviewCard(userKey, questionId, await store.cards.get(userKey, questionId), gradeForAnswer(isCorrect), nowMs);
    await store.cards.save(card);
    await store.cards.addLog(log);
    await store.answers.add({ userKey, questionId, lessonId: question.lesson, mode: 'solo', isCorrect, answeredAt: nowMs });
    if (isCorrect) {
      await store.scores.add({
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
export async function quizStats(store: Store, content: Content, userKey: string, nowMs: number): Promise<QuizStats> {
  const activity = await store.answers.list(userKey);
  const answers = activity.filter((a) => a.mode !== 'lesson');
  const cards = new Map((await store.cards.list(userKey)).map((c) => [c.questionId, c]));
  const items = quizItems(content);
  const sections = content.lessons.map((lesson): SectionStats => {
    const qs = items.filter((q) => q.lesson === lesson.id);
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
