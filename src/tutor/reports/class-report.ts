/**
 * The term report (`/report class`): per lecture section the share of the class's FSRS cards with
 * retrievability > 0.9 at the end of each week, the most-missed questions, how many students revise
 * each week, lessons and exercises started vs finished, and a row per student and section.
 */
import type { Store } from '../../store/types.ts';
import type { CardBirthRow, CardStateRow, MasteryDeltaRow } from '../../store/report-types.ts';
import type { Content, SectionId } from '../content/schema.ts';
import { describeQuestion } from './question-labels.ts';
import { reportSections, sectionIndex, type ReportSection } from './sections.ts';
import { isMasteredAt, termWeeks, weeksCoveredBy, type TermWeeks } from './term-weeks.ts';

/** One section's mastery over the weeks (share = mastered / cards; null when no card existed yet). */
export interface SectionMastery {
  sectionId: SectionId;
  title: string;
  cards: number[];
  mastered: number[];
  share: (number | null)[];
}

/** One of the most-missed questions. */
export interface MissedQuestion {
  questionId: string;
  prompt: string;
  lessonId: string;
  answers: number;
  wrong: number;
  shareWrong: number;
}

/** Started vs finished of one lesson or exercise set. */
export interface LessonUptake {
  lessonId: string;
  title: string;
  kind: 'lesson' | 'exercise';
  started: number;
  finished: number;
}

/** One student in one section (a CSV row). */
export interface StudentSectionRow {
  userKey: string;
  displayName: string;
  /** Opted out of leaderboards (still shown to lecturers). */
  leaderboardOptOut: boolean;
  sectionId: SectionId;
  answers: number;
  correct: number;
  cards: number;
  /** Cards with retrievability > 0.9 now. */
  mastered: number;
  /** Cards due now. */
  due: number;
}

/** One quiz card over the whole class (a CSV row). */
export interface QuestionRow {
  questionId: string;
  sectionId: SectionId | '';
  prompt: string;
  answers: number;
  wrong: number;
}

/** Everything `/report class` shows and exports. */
export interface ClassReport {
  generatedAtMs: number;
  /** The columns: calendar weeks read at their end, the current one read now. */
  weeks: TermWeeks;
  sections: SectionMastery[];
  revisingPerWeek: number[];
  mostMissed: MissedQuestion[];
  lessons: LessonUptake[];
  students: StudentSectionRow[];
  questions: QuestionRow[];
}

/** How many most-missed questions the report lists. */
export const MOST_MISSED_COUNT = 10;

/** Builds the term report from the store (all reads through store.reports). */
export async function buildClassReport(store: Store, content: Content, nowMs: number): Promise<ClassReport> {
  const sections = reportSections(content);
  const { ofQuestion, ofLesson } = sectionIndex(sections);
  const weeks = termWeeks(await store.reports.firstActivityMs(), nowMs);
  const [deltas, births, active, questionAnswers, lessonAnswers, progress, cards, users] = await Promise.all([
    store.reports.masteryDeltas(), store.reports.cardBirths(), store.reports.activeUsersPerWeek(weeks.firstWeek),
    store.reports.questionAnswers(), store.reports.userLessonAnswers(), store.reports.lessonProgress(),
    store.reports.cardStates(), store.reports.users(),
  ]);

  const mastery = sectionMastery(sections, ofQuestion, weeks, deltas, births, cards);
  const activeByWeek = new Map(active.map((a) => [a.week, a.users]));
  const revisingPerWeek = weeks.weeks.map((k) => activeByWeek.get(k) ?? 0);

  const questions: QuestionRow[] = questionAnswers.map((q): QuestionRow => ({
    questionId: q.questionId, sectionId: ofQuestion.get(q.questionId) ?? '', prompt: describeQuestion(content, q.questionId).prompt, answers: q.answers, wrong: q.wrong,
  })).sort((a, b) => a.questionId.localeCompare(b.questionId));
  const mostMissed = [...questionAnswers]
    .filter((q) => q.wrong > 0)
    .sort((a, b) => b.wrong - a.wrong || b.wrong / b.answers - a.wrong / a.answers || a.questionId.localeCompare(b.questionId))
    .slice(0, MOST_MISSED_COUNT)
    .map((q): MissedQuestion => {
      const label = describeQuestion(content, q.questionId);
      return { questionId: q.questionId, prompt: label.prompt, lessonId: label.lessonId, answers: q.answers, wrong: q.wrong, shareWrong: q.wrong / q.answers };
    });

  const lessons = content.lessons.map((l): LessonUptake => {
    const rows = progress.filter((p) => p.lessonId === l.id);
    return { lessonId: l.id, title: l.title, kind: l.kind, started: rows.length, finished: rows.filter((p) => p.completed).length };
  });

  const students = studentSectionRows(sections, ofQuestion, ofLesson, users, lessonAnswers, cards, nowMs);
  return {
    generatedAtMs: nowMs, weeks,
    sections: mastery, revisingPerWeek, mostMissed, lessons, students, questions,
  };
}

/**
 * Mastered and existing cards per section and column. Past weeks: the closed spans' running sum
 * (deltas) plus each card's open state (last review, current stability) where it covers the week's
 * end. The current week is read now: only open states can cover now (a closed span ends at a review).
 */
function sectionMastery(
  sections: ReportSection[], ofQuestion: Map<string, SectionId>, weeks: TermWeeks,
  deltas: MasteryDeltaRow[], births: CardBirthRow[], cards: CardStateRow[],
): SectionMastery[] {
  const columns = weeks.weeks.length;
  const first = weeks.firstWeek;
  const nowColumn = columns - 1;
  const rows = new Map(sections.map((s) => [s.id, { delta: new Array<number>(columns + 1).fill(0), born: new Array<number>(columns + 1).fill(0), now: 0 }]));
  const column = (week: number) => Math.min(columns, Math.max(0, week - first));
  for (const d of deltas) {
    const row = rows.get(ofQuestion.get(d.questionId)!);
    if (row) row.delta[column(d.week)]! += d.delta;
  }
  for (const b of births) {
    const row = rows.get(ofQuestion.get(b.questionId)!);
    if (row) row.born[column(b.week)]! += b.cards;
  }
  for (const card of cards) {
    const row = rows.get(ofQuestion.get(card.questionId)!);
    if (!row || card.lastReview === null) continue;
    const [from, to] = weeksCoveredBy(card.lastReview, card.lastReview + card.stability * 86_400_000);
    const lo = Math.max(from, first);
    const hi = Math.min(to, first + nowColumn - 1); // past weeks only; the current one is read now
    if (hi >= lo) {
      row.delta[lo - first]! += 1;
      row.delta[hi - first + 1]! -= 1;
    }
    if (isMasteredAt(card.lastReview, card.stability, weeks.readAtMs[nowColumn]!)) row.now += 1;
  }
  return sections.map((s): SectionMastery => {
    const { delta, born, now } = rows.get(s.id)!;
    const mastered: number[] = [];
    const existing: number[] = [];
    let m = 0;
    let c = 0;
    for (let k = 0; k < columns; k++) {
      m += delta[k]!;
      c += born[k]!;
      mastered.push(k === nowColumn ? now : m);
      existing.push(c);
    }
    return { sectionId: s.id, title: s.title, cards: existing, mastered, share: existing.map((n, k) => (n > 0 ? mastered[k]! / n : null)) };
  });
}

/** One row per student (anyone with answers or cards) and section. */
function studentSectionRows(
  sections: ReportSection[], ofQuestion: Map<string, SectionId>, ofLesson: Map<string, SectionId>,
  users: { userKey: string; displayName: string; leaderboardOptOut: boolean }[],
  lessonAnswers: { userKey: string; lessonId: string; answers: number; correct: number }[],
  cards: { userKey: string; questionId: string; due: number; stability: number; lastReview: number | null }[],
  nowMs: number,
): StudentSectionRow[] {
  type Cell = { answers: number; correct: number; cards: number; mastered: number; due: number };
  const cells = new Map<string, Map<SectionId, Cell>>();
  const cellOf = (userKey: string, section: SectionId): Cell => {
    let byUser = cells.get(userKey);
    if (!byUser) cells.set(userKey, (byUser = new Map()));
    let cell = byUser.get(section);
    if (!cell) byUser.set(section, (cell = { answers: 0, correct: 0, cards: 0, mastered: 0, due: 0 }));
    return cell;
  };
  for (const a of lessonAnswers) {
    const section = ofLesson.get(a.lessonId);
    if (!section) continue;
    const cell = cellOf(a.userKey, section);
    cell.answers += a.answers;
    cell.correct += a.correct;
  }
  for (const card of cards) {
    const section = ofQuestion.get(card.questionId);
    if (!section) continue;
    const cell = cellOf(card.userKey, section);
    cell.cards += 1;
    if (isMasteredAt(card.lastReview, card.stability, nowMs)) cell.mastered += 1;
    if (card.due <= nowMs) cell.due += 1;
  }
  const rows: StudentSectionRow[] = [];
  for (const user of users) {
    const byUser = cells.get(user.userKey);
    if (!byUser) continue;
    for (const s of sections) {
      const cell = byUser.get(s.id) ?? { answers: 0, correct: 0, cards: 0, mastered: 0, due: 0 };
      rows.push({ userKey: user.userKey, displayName: user.displayName, leaderboardOptOut: user.leaderboardOptOut, sectionId: s.id, ...cell });
    }
  }
  return rows;
}
