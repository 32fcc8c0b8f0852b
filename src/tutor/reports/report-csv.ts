/**
 * CSV exports of the reports, written by csv-stringify (quoting, embedded commas and line breaks).
 * Text that a spreadsheet would run as a formula — starting with =, +, -, @, tab or carriage return
 * (OWASP "CSV injection") — is prefixed with ' so it shows as text; numbers stay numbers.
 */
import { stringify } from 'csv-stringify/sync';
import type { ClassReport } from './class-report.ts';
import type { QuizReport } from './quiz-report.ts';

/** A named CSV file. */
export interface CsvFile {
  name: string;
  text: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet will not evaluate: a leading =, +, -, @, tab or CR gets a ' in front. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

type Cell = string | number | boolean | null;

/** One CSV table: header row, then the rows, every text cell neutralised. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? neutraliseFormula(cell) : cell ?? '')));
  return stringify([columns as string[], ...safe], { cast: { boolean: (b) => (b ? 'yes' : 'no') } });
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Columns of the per-student CSV of the class report. */
export const CLASS_STUDENT_COLUMNS = ['student', 'user_key', 'leaderboard_opt_out', 'section', 'answers', 'correct', 'cards', 'mastered_now', 'due_now'] as const;
/** Columns of the per-question CSV of the class report. */
export const CLASS_QUESTION_COLUMNS = ['question_id', 'section', 'prompt', 'answers', 'wrong', 'share_wrong'] as const;

/** The class report as two CSV files: one row per student and section, one row per question. */
export function classReportCsv(report: ClassReport): CsvFile[] {
  return [
    {
      name: 'class-report-students.csv',
      text: toCsv(CLASS_STUDENT_COLUMNS, report.students.map((s) => [s.displayName, s.userKey, s.leaderboardOptOut, s.sectionId, s.answers, s.correct, s.cards, s.mastered, s.due])),
    },
    {
      name: 'class-report-questions.csv',
      text: toCsv(CLASS_QUESTION_COLUMNS, report.questions.map((q) => [q.questionId, q.sectionId, q.prompt, q.answers, q.wrong, q.answers ? round(q.wrong / q.answers) : null])),
    },
  ];
}

/** Columns of the per-question CSV of a live-quiz report. */
export const QUIZ_QUESTION_COLUMNS = ['number', 'question_id', 'prompt', 'answered', 'correct', 'share_correct', 'most_chosen_wrong', 'most_chosen_wrong_count', 'median_answer_s'] as const;
/** Columns of the per-student CSV of a live-quiz report. */
export const QUIZ_STUDENT_COLUMNS = ['student', 'user_key', 'answered', 'correct', 'points', 'fewer_than_half_right'] as const;

/** A live-quiz report as CSV: one row per question; with names (lecturers) also one row per student. */
export function quizReportCsv(report: QuizReport, options: { withNames: boolean }): CsvFile[] {
  const files: CsvFile[] = [{
    name: `quiz-${report.sessionId}-questions.csv`,
    text: toCsv(QUIZ_QUESTION_COLUMNS, report.questions.map((q) => [
      q.number, q.questionId, q.prompt, q.answered, q.correct, q.shareCorrect === null ? null : round(q.shareCorrect),
      q.mostChosenWrong?.text ?? null, q.mostChosenWrong?.count ?? 0, q.medianAnswerMs === null ? null : round(q.medianAnswerMs / 1000, 1),
    ])),
  }];
  if (options.withNames) {
    const struggling = new Set(report.struggling.map((p) => p.userKey));
    files.push({
      name: `quiz-${report.sessionId}-students.csv`,
      text: toCsv(QUIZ_STUDENT_COLUMNS, report.players.map((p) => [p.displayName, p.userKey, p.answered, p.correct, p.points, struggling.has(p.userKey)])),
    });
  }
  return files;
}
