/**
 * The live class quiz: a lecturer posts questions to a channel, everyone answers once with buttons,
 * the bot reveals and scores (Kahoot style), and a podium closes it. All state is in the store, so a
 * restart loses nothing and any instance sharing the store can handle any click; time is passed in
 * (nowMs) and deadlines are checked on every action. Every change of status is a conditional write
 * (updateIf), so when two instances race — two reveal timers, a click and a timer — exactly one wins.
 */
import { randomUUID } from 'node:crypto';
import type { LiveAnswerRecord, LiveSessionRecord, LiveTotal, Store } from '../store/types.ts';
import type { BankQuestion, Content } from './content/schema.ts';
import { livePoints } from './scoring.ts';
import { findItem, itemsInTopic, questionOf } from './quiz-items.ts';
import { liveSeed, showChoices, type ShownChoices } from './quiz-order.ts';
import { ensureUser, type TutorUser } from './users.ts';
import { TutorError } from './errors.ts';

/** Bounds for /quiz mode:live (questions per session, seconds per question). */
export const LIVE_LIMITS = { minQuestions: 1, maxQuestions: 30, minSeconds: 5, maxSeconds: 120 } as const;

/** Deterministic shuffle source (tests pass a seeded one). */
export type RandomSource = () => number;

/** What a lecturer asks for when starting a live quiz. */
export interface StartLiveOptions {
  lecturer: TutorUser;
  questions: number;
  seconds: number;
  topic?: string;
  nowMs: number;
  random?: RandomSource;
  /** Exact question ids (tests, replays); otherwise a random pick from the topic. */
  questionIds?: string[];
}

/** Start a session in the lecturer's channel with the first question open. One session per channel. */
export async function startLiveQuiz(store: Store, content: Content, options: StartLiveOptions): Promise<LiveSessionRecord> {
  const { lecturer, nowMs } = options;
  if (!Number.isInteger(options.questions) || options.questions < LIVE_LIMITS.minQuestions || options.questions > LIVE_LIMITS.maxQuestions) {
    throw new TutorError(`questions must be a whole number from ${LIVE_LIMITS.minQuestions} to ${LIVE_LIMITS.maxQuestions}.`);
  }
  if (!Number.isInteger(options.seconds) || options.seconds < LIVE_LIMITS.minSeconds || options.seconds > LIVE_LIMITS.maxSeconds) {
    throw new TutorError(`seconds must be a whole number from ${LIVE_LIMITS.minSeconds} to ${LIVE_LIMITS.maxSeconds}.`);
  }
  const lecturerKey = await ensureUser(store, lecturer, nowMs);
  const running = await store.live.activeIn(lecturer.platform, lecturer.channelId);
  if (running) throw new TutorError('A live quiz is already running in this channel; end it first (the End button, or /quiz mode:end-live).');
  let ids = options.questionIds;
  if (ids) {
    for (const id of ids) if (!findItem(content, id)) throw new TutorError(`Unknown question id "${id}".`);
  } else {
    // fixed questions only: the class answers what the lecturer can check in the bank (generators are for revision)
    const pool = itemsInTopic(content, options.topic).filter((i) => i.question);
    const random = options.random ?? Math.random;
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    ids = pool.slice(0, options.questions).map((q) => q.id);
  }
  if (ids.length === 0) throw new TutorError('No questions match that topic.');
  const session: LiveSessionRecord = {
    id: randomUUID().slice(0, 8), platform: lecturer.platform, spaceId: lecturer.spaceId ?? null, channelId: lecturer.channelId,
    lecturerKey, questionIds: ids, secondsPerQuestion: options.seconds, currentIndex: 0, status: 'asking',
    questionStartedAt: nowMs, pausedRemainingMs: null, createdAt: nowMs, endedAt: null,
  };
  await store.live.create(session);
  return session;
}

/** Load a session or explain that it is gone. */
export async function getLiveSession(store: Store, sessionId: string): Promise<LiveSessionRecord> {
  const session = await store.live.get(sessionId);
  if (!session) throw new TutorError('That live quiz no longer exists.');
  return session;
}

/** When the open question closes (ms), or undefined when no question is open. */
export function questionDeadline(session: LiveSessionRecord): number | undefined {
  if (session.status !== 'asking' || session.questionStartedAt === null) return undefined;
  return session.questionStartedAt + session.secondsPerQuestion * 1000;
}

/** The question currently asked or last revealed (a generator's instance is the same for the whole class). */
export function currentQuestion(content: Content, session: LiveSessionRecord): BankQuestion {
  const item = findItem(content, session.questionIds[session.currentIndex]);
  if (!item) throw new TutorError('This live quiz uses a question that was removed from the bank; end it and start a new one.');
  return questionOf(item, liveSeed(session.id, session.currentIndex));
}

/** The open question's choices in the order the class sees them (one shuffle per session and question). */
export function currentChoices(content: Content, session: LiveSessionRecord): { question: BankQuestion; shown: ShownChoices } {
  const question = currentQuestion(content, session);
  return { question, shown: showChoices(question, liveSeed(session.id, session.currentIndex)) };
}

/** Why a live answer was or was not stored. */
export type LiveAnswerOutcome =
  | { status: 'accepted'; answer: LiveAnswerRecord }
  | { status: 'duplicate' }
  | { status: 'late' }
  | { status: 'paused' }
  | { status: 'ended' };

/**
 * One user's answer to question `questionIndex`. Stored at most once per user and question; refused
 * after the deadline, after the reveal, while paused, or for a question that is not the open one.
 * The points (500–1000 if right, by speed) are fixed now and revealed later.
 */
export async function answerLive(
  store: Store, content: Content, sessionId: string, questionIndex: number, user: TutorUser, choice: number, nowMs: number,
): Promise<LiveAnswerOutcome> {
  const session = await getLiveSession(store, sessionId);
  if (session.status === 'ended') return { status: 'ended' };
  if (session.status === 'paused' && questionIndex === session.currentIndex) return { status: 'paused' };
  const deadline = questionDeadline(session);
  if (questionIndex !== session.currentIndex || deadline === undefined || nowMs > deadline) return { status: 'late' };
  const { shown } = currentChoices(content, session);
  if (!Number.isInteger(choice) || choice < 0 || choice >= shown.choices.length) throw new TutorError('That is not one of the choices.');
  const userKey = await ensureUser(store, user, nowMs);
  const elapsedMs = Math.max(0, nowMs - session.questionStartedAt!);
  const isCorrect = choice === shown.correctIndex; // the position the class saw, not the bank's
  const answer: LiveAnswerRecord = {
    sessionId, questionIndex, userKey, displayName: user.displayName, choice, isCorrect, elapsedMs,
    points: livePoints(isCorrect, elapsedMs, session.secondsPerQuestion * 1000), answeredAt: nowMs,
  };
  return (await store.live.addAnswer(answer)) ? { status: 'accepted', answer } : { status: 'duplicate' };
}

/** Everything shown when a question closes: distribution, right answer, standings. */
export interface LiveReveal {
  session: LiveSessionRecord;
  question: BankQuestion;
  questionNumber: number;
  questionCount: number;
  choices: string[];
  correctIndex: number;
  /** Answers per choice. */
  distribution: number[];
  answers: LiveAnswerRecord[];
  totals: LiveTotal[];
  isLast: boolean;
}

/** The reveal of a session's current question as it stands in the store (also for showing it again). */
export async function revealOf(store: Store, content: Content, session: LiveSessionRecord): Promise<LiveReveal> {
  const { question, shown } = currentChoices(content, session);
  const choices = shown.choices;
  const answers = await store.live.answers(session.id, session.currentIndex);
  const distribution = choices.map((_, i) => answers.filter((a) => a.choice === i).length);
  return {
    session, question, questionNumber: session.currentIndex + 1, questionCount: session.questionIds.length, choices,
    correctIndex: shown.correctIndex, distribution, answers, totals: await store.live.totals(session.id),
    isLast: session.currentIndex === session.questionIds.length - 1,
  };
}

/**
 * Close the open question (time is up, or the lecturer skips the wait) and score it: each answer's
 * points go to the leaderboard. Idempotent — returns undefined if the question was already closed,
 * here or by another instance (the status change is a conditional write: one caller wins).
 */
export async function revealLive(store: Store, content: Content, sessionId: string, nowMs: number): Promise<LiveReveal | undefined> {
  return store.transaction(async () => {
    const session = await getLiveSession(store, sessionId);
    if (session.status !== 'asking' && session.status !== 'paused') return undefined;
    const updated = await store.live.updateIf({ ...session, status: 'revealed', pausedRemainingMs: null }, { statuses: ['asking', 'paused'], currentIndex: session.currentIndex });
    if (!updated) return undefined;
    for (const a of await store.live.answers(session.id, session.currentIndex)) {
      if (a.points > 0) {
        await store.scores.add({
          userKey: a.userKey, displayName: a.displayName, platform: session.platform, spaceId: session.spaceId,
          channelId: session.channelId, points: a.points, source: 'live', createdAt: nowMs,
        });
      }
    }
    return revealOf(store, content, updated);
  });
}

/** Reveal if the deadline has passed (lazy catch-up after a restart or a missed timer). */
export async function revealIfDue(store: Store, content: Content, sessionId: string, nowMs: number): Promise<LiveReveal | undefined> {
  const session = await getLiveSession(store, sessionId);
  const deadline = questionDeadline(session);
  return deadline !== undefined && nowMs > deadline ? revealLive(store, content, sessionId, nowMs) : undefined;
}

/** Open the next question (after a reveal); returns undefined when there is none left. */
export async function nextLiveQuestion(store: Store, sessionId: string, nowMs: number): Promise<LiveSessionRecord | undefined> {
  return store.transaction(async () => {
    const session = await getLiveSession(store, sessionId);
    if (session.status !== 'revealed') throw new TutorError('Reveal the current question before moving on.');
    if (session.currentIndex >= session.questionIds.length - 1) return undefined;
    const next: LiveSessionRecord = { ...session, currentIndex: session.currentIndex + 1, status: 'asking', questionStartedAt: nowMs, pausedRemainingMs: null };
    const updated = await store.live.updateIf(next, { statuses: ['revealed'], currentIndex: session.currentIndex });
    if (!updated) throw new TutorError('The quiz has already moved on (another click was first).');
    return updated;
  });
}

/**
 * Start the open question's clock now, when it is first shown: a "read the chart" question is opened
 * before its picture is rendered, and that rendering time must not count against the class. Does
 * nothing once someone has answered (their speed was measured against the old start).
 */
export async function startQuestionClock(store: Store, sessionId: string, nowMs: number): Promise<LiveSessionRecord> {
  const session = await getLiveSession(store, sessionId);
  if (session.status !== 'asking' || (await store.live.answers(sessionId, session.currentIndex)).length > 0) return session;
  return (await store.live.updateIf({ ...session, questionStartedAt: nowMs }, { statuses: ['asking'], currentIndex: session.currentIndex }))
    ?? getLiveSession(store, sessionId);
}

/** Stop the clock on the open question; answers are refused until resumed. */
export async function pauseLive(store: Store, sessionId: string, nowMs: number): Promise<LiveSessionRecord> {
  const session = await getLiveSession(store, sessionId);
  const deadline = questionDeadline(session);
  if (deadline === undefined) throw new TutorError('There is no open question to pause.');
  const paused: LiveSessionRecord = { ...session, status: 'paused', pausedRemainingMs: Math.max(0, deadline - nowMs) };
  const updated = await store.live.updateIf(paused, { statuses: ['asking'], currentIndex: session.currentIndex });
  if (!updated) throw new TutorError('There is no open question to pause.');
  return updated;
}

/** Restart the clock with the time that was left when paused. */
export async function resumeLive(store: Store, sessionId: string, nowMs: number): Promise<LiveSessionRecord> {
  const session = await getLiveSession(store, sessionId);
  if (session.status !== 'paused' || session.pausedRemainingMs === null) throw new TutorError('The quiz is not paused.');
  const limitMs = session.secondsPerQuestion * 1000;
  // shift the start so that elapsed time (and so the speed bonus) excludes the pause
  const resumed: LiveSessionRecord = { ...session, status: 'asking', questionStartedAt: nowMs - (limitMs - session.pausedRemainingMs), pausedRemainingMs: null };
  const updated = await store.live.updateIf(resumed, { statuses: ['paused'], currentIndex: session.currentIndex });
  if (!updated) throw new TutorError('The quiz is not paused.');
  return updated;
}

/** Final standings of a session. */
export interface LivePodium {
  session: LiveSessionRecord;
  totals: LiveTotal[];
}

/** End the session (scoring the open question first) and return the final standings. */
export async function endLive(store: Store, content: Content, sessionId: string, nowMs: number): Promise<LivePodium> {
  const session = await getLiveSession(store, sessionId);
  if (session.status === 'asking' || session.status === 'paused') await revealLive(store, content, sessionId, nowMs);
  const latest = await getLiveSession(store, sessionId);
  const ended: LiveSessionRecord = { ...latest, status: 'ended', endedAt: latest.endedAt ?? nowMs };
  await store.live.update(ended);
  return { session: ended, totals: await store.live.totals(sessionId) };
}
