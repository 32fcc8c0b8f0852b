/**
 * The report after a live quiz: per question the share right and the most chosen wrong answer,
 * answer times, participation, the three hardest questions with their explanations, and who got
 * fewer than half right. Choices are the ones the class saw, in the order it saw them.
 */
import type { LiveAnswerRecord, LiveSessionRecord, Store } from '../../store/types.ts';
import type { Content } from '../content/schema.ts';
import { currentChoices } from '../live-quiz.ts';
import { TutorError } from '../errors.ts';

/** One asked question of the session. */
export interface QuizQuestionReport {
  /** 1-based, as the class saw it. */
  number: number;
  questionId: string;
  prompt: string;
  explanation: string;
  choices: string[];
  correctIndex: number;
  /** Answers per shown choice. */
  distribution: number[];
  answered: number;
  correct: number;
  /** correct / answered; null when nobody answered. */
  shareCorrect: number | null;
  mostChosenWrong: { index: number; text: string; count: number } | null;
  medianAnswerMs: number | null;
}

/** One player of the session (names are for lecturers only). */
export interface QuizPlayerReport {
  userKey: string;
  displayName: string;
  answered: number;
  correct: number;
  points: number;
}

/** Everything the live-quiz report shows and exports. */
export interface QuizReport {
  sessionId: string;
  createdAtMs: number;
  /** Questions actually asked (a quiz ended early asks fewer than planned). */
  questions: QuizQuestionReport[];
  players: QuizPlayerReport[];
  /** The up-to-three questions with the lowest share right (answered ones only). */
  hardest: QuizQuestionReport[];
  /** Players with fewer than half of the asked questions right (unanswered ones count as not right). */
  struggling: QuizPlayerReport[];
  medianAnswerMs: number | null;
}

/** Median of a list (null for an empty one). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The session named by `which`: "last" = the last ended quiz in this channel, else a session id. */
export async function findReportSession(store: Store, which: string, place: { platform: string; channelId: string }): Promise<LiveSessionRecord> {
  const session = which === 'last' ? await store.reports.lastEndedSession(place.platform, place.channelId) : await store.live.get(which);
  if (!session) throw new TutorError(which === 'last' ? 'No live quiz has ended in this channel yet.' : `There is no live quiz "${which}". Use \`quiz:last\` for the last one in this channel.`);
  if (session.platform !== place.platform || session.channelId !== place.channelId) throw new TutorError('That live quiz ran in another channel; open its report there.');
  if (session.status !== 'ended') throw new TutorError('That live quiz is still running; its report is ready once it ends.');
  return session;
}

/** Builds the report of one ended session. */
export async function buildQuizReport(store: Store, content: Content, session: LiveSessionRecord): Promise<QuizReport> {
  const answers = await store.reports.sessionAnswers(session.id);
  const asked = Math.min(session.currentIndex + 1, session.questionIds.length);
  const questions: QuizQuestionReport[] = [];
  for (let index = 0; index < asked; index++) {
    const { question, shown } = currentChoices(content, { ...session, currentIndex: index });
    const mine = answers.filter((a) => a.questionIndex === index);
    const distribution = shown.choices.map((_, i) => mine.filter((a) => a.choice === i).length);
    const correct = mine.filter((a) => a.isCorrect).length;
    let wrong: QuizQuestionReport['mostChosenWrong'] = null;
    distribution.forEach((count, i) => {
      if (i !== shown.correctIndex && count > 0 && (!wrong || count > wrong.count)) wrong = { index: i, text: shown.choices[i]!, count };
    });
    questions.push({
      number: index + 1, questionId: session.questionIds[index]!, prompt: question.prompt, explanation: question.explanation,
      choices: shown.choices, correctIndex: shown.correctIndex, distribution, answered: mine.length, correct,
      shareCorrect: mine.length ? correct / mine.length : null, mostChosenWrong: wrong, medianAnswerMs: median(mine.map((a) => a.elapsedMs)),
    });
  }
  const players = playersOf(answers);
  const hardest = questions.filter((q) => q.shareCorrect !== null)
    .sort((a, b) => a.shareCorrect! - b.shareCorrect! || b.answered - a.answered || a.number - b.number).slice(0, 3);
  return {
    sessionId: session.id, createdAtMs: session.createdAt, questions, players, hardest,
    struggling: players.filter((p) => p.correct * 2 < asked),
    medianAnswerMs: median(answers.map((a) => a.elapsedMs)),
  };
}

function playersOf(answers: LiveAnswerRecord[]): QuizPlayerReport[] {
  const byUser = new Map<string, QuizPlayerReport>();
  for (const a of answers) {
    const p = byUser.get(a.userKey) ?? { userKey: a.userKey, displayName: a.displayName, answered: 0, correct: 0, points: 0 };
    p.answered += 1;
    if (a.isCorrect) p.correct += 1;
    p.points += a.points;
    byUser.set(a.userKey, p);
  }
  return [...byUser.values()].sort((a, b) => b.correct - a.correct || b.points - a.points || a.displayName.localeCompare(b.displayName));
}
