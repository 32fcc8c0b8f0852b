/** How each quiz question type is shown as buttons and how an answer is judged. */
import type { BankQuestion, QuizQuestion } from './content/schema.ts';

/** Button labels for a question, in order; numeric questions offer the answer and its distractors, sorted. */
export function choicesOf(question: QuizQuestion): string[] {
  switch (question.type) {
    case 'single':
    case 'chart':
      return question.choices;
    case 'truefalse':
      return ['True', 'False'];
    case 'numeric':
      return numericOptions(question).map((v) => formatNumber(v) + (question.unit ? ` ${question.unit}` : ''));
  }
}

/** The numeric values behind a numeric question's buttons (ascending, so position gives nothing away). */
export function numericOptions(question: Extract<QuizQuestion, { type: 'numeric' }>): number[] {
  return [question.answer, ...question.distractors].sort((a, b) => a - b);
}

/** Index of the right button. */
export function correctChoiceIndex(question: QuizQuestion): number {
  switch (question.type) {
    case 'single':
    case 'chart':
      return question.answer;
    case 'truefalse':
      return question.answer ? 0 : 1;
    case 'numeric':
      return numericOptions(question).indexOf(question.answer);
  }
}

/** Whether a button press is right. */
export function isCorrectChoice(question: QuizQuestion, choice: number): boolean {
  return choice === correctChoiceIndex(question);
}

/** Whether a typed number is right (numeric questions only; within the stated tolerance). */
export function isCorrectValue(question: QuizQuestion, value: number): boolean {
  if (question.type !== 'numeric') return false;
  return Math.abs(value - question.answer) <= question.tolerance + 1e-9 * Math.abs(question.answer);
}

/** The right answer as text. */
export function correctAnswerText(question: QuizQuestion): string {
  return choicesOf(question)[correctChoiceIndex(question)];
}

/** 4674 → "4,674"; 0.000594 → "0.000594"; keeps what the author wrote, with thousands separators. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) >= 10000) return value.toLocaleString('en-GB');
  return String(value);
}

/** Lookup by id. */
export function findQuestion(questions: readonly BankQuestion[], id: string): BankQuestion | undefined {
  return questions.find((q) => q.id === id);
}
