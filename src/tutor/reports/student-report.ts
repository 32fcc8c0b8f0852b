/** One student's view (`/report me`, or a lecturer's `/report student`): sections, streak, cards due, weakest topics. */
import type { Store } from '../../store/types.ts';
import type { Content, SectionId } from '../content/schema.ts';
import { dailyStreak } from '../solo-quiz.ts';
import { reportSections, sectionIndex } from './sections.ts';
import { isMasteredAt } from './term-weeks.ts';

/** One section of one student. */
export interface StudentSection {
  sectionId: SectionId;
  title: string;
  /** The `/quiz topic:` value that revises this section. */
  topic: string;
  answers: number;
  correct: number;
  cards: number;
  mastered: number;
  due: number;
  lessonsStarted: number;
  lessonsFinished: number;
  lessonCount: number;
}

/** Everything the student view shows. */
export interface StudentReport {
  userKey: string;
  displayName: string;
  streakDays: number;
  cardsDue: number;
  sections: StudentSection[];
  /** Up to three touched sections, weakest first (lowest mastery share, then accuracy). */
  weakest: StudentSection[];
}

/** Builds one student's report at nowMs. */
export async function buildStudentReport(store: Store, content: Content, user: { userKey: string; displayName: string }, nowMs: number): Promise<StudentReport> {
  const sections = reportSections(content);
  const { ofQuestion, ofLesson } = sectionIndex(sections);
  const [lessonAnswers, cards, progress, activity] = await Promise.all([
    store.reports.userLessonAnswers(user.userKey), store.reports.cardStates(user.userKey),
    store.reports.lessonProgress(user.userKey), store.answers.list(user.userKey),
  ]);
  const rows = sections.map((s): StudentSection => {
    const answerRows = lessonAnswers.filter((a) => ofLesson.get(a.lessonId) === s.id);
    const mine = cards.filter((c) => ofQuestion.get(c.questionId) === s.id);
    const started = progress.filter((p) => s.lessonIds.includes(p.lessonId));
    return {
      sectionId: s.id, title: s.title, topic: s.lessonIds.length === 1 ? s.lessonIds[0]! : s.id,
      answers: answerRows.reduce((n, a) => n + a.answers, 0), correct: answerRows.reduce((n, a) => n + a.correct, 0),
      cards: mine.length, mastered: mine.filter((c) => isMasteredAt(c.lastReview, c.stability, nowMs)).length,
      due: mine.filter((c) => c.due <= nowMs).length,
      lessonsStarted: started.length, lessonsFinished: started.filter((p) => p.completed).length, lessonCount: s.lessonIds.length,
    };
  });
  const score = (s: StudentSection) => [s.cards ? s.mastered / s.cards : 0, s.answers ? s.correct / s.answers : 0] as const;
  const weakest = rows.filter((s) => s.answers > 0 || s.cards > 0)
    .sort((a, b) => score(a)[0] - score(b)[0] || score(a)[1] - score(b)[1]).slice(0, 3);
  return {
    userKey: user.userKey, displayName: user.displayName,
    streakDays: dailyStreak(activity.map((a) => a.answeredAt), nowMs),
    cardsDue: cards.filter((c) => c.due <= nowMs).length, sections: rows, weakest,
  };
}
