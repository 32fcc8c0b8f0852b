/**
 * The quiz content lint (`npm run lessons:check`): rules that keep questions from being gamed or
 * ambiguous. Every finding names the file, the question id and the rule.
 */
import { choicesOf, correctAnswerText, isCorrectValue } from '../answers.ts';
import type { ContentIssue } from './issues.ts';
import type { BankQuestion, Content, QuizQuestion } from './schema.ts';

/** Kahoot-style limits the live quiz needs on a projector and in a phone's buttons. */
export const LIVE_TEXT_LIMITS = { promptChars: 120, choiceChars: 75 } as const;
/** Above this share of a lesson's multiple-choice questions, "always pick the longest" beats guessing. */
export const MAX_LONGEST_CORRECT_SHARE = 0.3;
/** Multiple-choice questions need at least this many wrong choices (so guessing is ≤ 25 %). */
export const MIN_DISTRACTORS = 3;

/** The rules, by the name each finding carries. */
export const QUIZ_LINT_RULES = [
  'longest-is-correct', 'live-length', 'duplicate-prompt', 'duplicate-choices', 'repeated-choice', 'numeric-rounding', 'few-distractors',
] as const;
export type QuizLintRule = (typeof QUIZ_LINT_RULES)[number];

/** A multiple-choice question as the lint sees it: a bank question or a question inside a lesson step. */
interface LintedQuestion {
  file: string;
  /** Bank id, or "<lesson>#<step>" for a step question. */
  id: string;
  lesson: string;
  prompt: string;
  choices: string[];
  answer: number;
  /** Only bank questions are drawn into live quizzes. */
  isLive: boolean;
  bank?: BankQuestion;
}

const normalise = (text: string) => text.toLowerCase().replace(/[\s*_`]+/g, ' ').trim();

function issue(q: Pick<LintedQuestion, 'file' | 'id'>, rule: QuizLintRule, message: string): ContentIssue {
  return { file: q.file, field: `question ${q.id}`, message: `[${rule}] ${message}` };
}

function linted(content: Content): LintedQuestion[] {
  const bank = content.questions.map((q): LintedQuestion => ({
    file: q.file, id: q.id, lesson: q.lesson, prompt: q.prompt, choices: choicesOf(q), isLive: true, bank: q,
    answer: choicesOf(q).indexOf(correctAnswerText(q)),
  }));
  const steps = content.lessons.flatMap((lesson) => lesson.steps.flatMap((step, i): LintedQuestion[] => step.question ? [{
    file: lesson.file, id: `${lesson.id}#${i + 1}`, lesson: lesson.id, prompt: step.question.prompt,
    choices: step.question.choices, answer: step.question.answer, isLive: false,
  }] : []));
  return [...bank, ...steps];
}

const isMultipleChoice = (q: LintedQuestion) => !q.bank || q.bank.type === 'single' || q.bank.type === 'chart';

/** Whether the right choice is strictly longer than every other choice. */
export function isUniquelyLongest(choices: readonly string[], answer: number): boolean {
  const length = choices[answer].length;
  return choices.every((c, i) => i === answer || c.length < length);
}

/** The rounding a numeric prompt states: decimal places, significant figures or "to the nearest N"; undefined when none. */
export function statedRounding(prompt: string): { kind: 'decimals' | 'significant' | 'nearest'; n: number } | undefined {
  const words: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
  const count = (t: string) => words[t.toLowerCase()] ?? Number(t);
  const dp = prompt.match(/(\d+|one|two|three|four|five) decimal places?/i);
  if (dp) return { kind: 'decimals', n: count(dp[1]) };
  const sf = prompt.match(/(\d+|one|two|three|four|five) significant figures?/i);
  if (sf) return { kind: 'significant', n: count(sf[1]) };
  const nearest = prompt.match(/to the nearest ([\d,]+)/i);
  if (nearest) return { kind: 'nearest', n: Number(nearest[1].replace(/,/g, '')) };
  return undefined;
}

/** value rounded as the prompt says. */
export function roundAsStated(value: number, rounding: NonNullable<ReturnType<typeof statedRounding>>): number {
  if (rounding.kind === 'decimals') return Math.round(value * 10 ** rounding.n) / 10 ** rounding.n;
  if (rounding.kind === 'nearest') return Math.round(value / rounding.n) * rounding.n;
  if (value === 0) return 0;
  const scale = 10 ** (rounding.n - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

/** A numeric question's rounding problems: none stated for a non-exact answer, or a tolerance that refuses the rounded value. */
export function numericRoundingProblem(q: Extract<QuizQuestion, { type: 'numeric' }>): string | undefined {
  const isExactCount = Number.isInteger(q.answer) && q.tolerance === 0;
  const rounding = statedRounding(q.prompt);
  if (!rounding) {
    return isExactCount ? undefined : `the answer ${q.answer} (tolerance ${q.tolerance}) needs a stated rounding in the prompt, e.g. "to 3 decimal places" or "to 2 significant figures"`;
  }
  const rounded = roundAsStated(q.answer, rounding);
  if (!isCorrectValue(q, rounded)) return `the prompt asks for ${rounding.n} ${rounding.kind === 'nearest' ? '(nearest)' : rounding.kind === 'decimals' ? 'decimal places' : 'significant figures'}, but the rounded value ${rounded} is outside the tolerance ${q.tolerance}`;
  return undefined;
}

/** Every finding of every rule over the bank and the lessons' step questions. */
export function lintQuiz(content: Content): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const questions = linted(content);

  // the right answer uniquely longest in more than 30 % of a lesson's multiple-choice questions (its bank and step questions together)
  const groups = new Map<string, LintedQuestion[]>();
  for (const q of questions.filter(isMultipleChoice)) groups.set(q.lesson, [...(groups.get(q.lesson) ?? []), q]);
  for (const group of groups.values()) {
    const longest = group.filter((q) => isUniquelyLongest(q.choices, q.answer));
    if (longest.length > MAX_LONGEST_CORRECT_SHARE * group.length) {
      for (const q of longest) {
        issues.push(issue(q, 'longest-is-correct', `the right answer is the uniquely longest choice in ${longest.length} of ${group.length} multiple-choice questions of lesson ${q.lesson} (at most ${Math.round(MAX_LONGEST_CORRECT_SHARE * 100)} %): shorten it or lengthen a distractor`));
      }
    }
  }

  const seenPrompts = new Map<string, LintedQuestion>();
  const seenChoiceSets = new Map<string, LintedQuestion>();
  for (const q of questions) {
    if (q.isLive) {
      if (q.prompt.length > LIVE_TEXT_LIMITS.promptChars) issues.push(issue(q, 'live-length', `the prompt has ${q.prompt.length} characters; live quizzes allow ${LIVE_TEXT_LIMITS.promptChars}`));
      q.choices.forEach((c, i) => {
        if (c.length > LIVE_TEXT_LIMITS.choiceChars) issues.push(issue(q, 'live-length', `choice ${i + 1} has ${c.length} characters; live quizzes allow ${LIVE_TEXT_LIMITS.choiceChars}`));
      });
    }
    const prompt = normalise(q.prompt);
    const first = seenPrompts.get(prompt);
    if (first) issues.push(issue(q, 'duplicate-prompt', `same prompt as ${first.id} (${first.file})`));
    else seenPrompts.set(prompt, q);

    if (isMultipleChoice(q)) {
      // the same choices with the same right answer ask the same thing (a "which dataset is this?" set with other answers is fine)
      const set = `${[...q.choices].map(normalise).sort().join('\u0000')}\u0001${normalise(q.choices[q.answer])}`;
      const same = seenChoiceSets.get(set);
      if (same) issues.push(issue(q, 'duplicate-choices', `same choices and the same right answer as ${same.id} (${same.file})`));
      else seenChoiceSets.set(set, q);
    }
    if (q.bank?.type !== 'truefalse' && q.choices.length - 1 < MIN_DISTRACTORS) {
      issues.push(issue(q, 'few-distractors', `${q.choices.length - 1} wrong choice(s); multiple choice needs at least ${MIN_DISTRACTORS}`));
    }
    const normalisedChoices = q.choices.map(normalise);
    const repeated = normalisedChoices.filter((c, i) => normalisedChoices.indexOf(c) !== i);
    if (repeated.length > 0) issues.push(issue(q, 'repeated-choice', `the choice "${repeated[0]}" appears more than once`));

    if (q.bank?.type === 'numeric') {
      const problem = numericRoundingProblem(q.bank);
      if (problem) issues.push(issue(q, 'numeric-rounding', problem));
    }
  }
  return issues;
}
