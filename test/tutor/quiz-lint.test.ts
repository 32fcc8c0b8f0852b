/** The quiz content lint in `npm run lessons:check`: each rule fires on a bad question and names the file, the question and the rule. */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_LESSONS_DIR, loadContent, validateContent } from '../../src/tutor/content/load.ts';
import { formatIssue } from '../../src/tutor/content/issues.ts';
import { lintQuiz, QUIZ_LINT_RULES, statedRounding } from '../../src/tutor/content/quiz-lint.ts';
import { cleanupTempDirs, lessonsDir } from './helpers.ts';

afterEach(cleanupTempDirs);

const lesson = `---
id: demo
title: Demo
section: activations
order: 1
summary: A demo lesson.
kind: lesson
---

## First step
Some text.
`;

/** A single-choice question in YAML; `choices` and `answer` vary per test. */
function single(id: string, prompt: string, choices: string[], answer: number): string {
  return `  - id: ${id}
    lesson: demo
    difficulty: easy
    type: single
    prompt: ${JSON.stringify(prompt)}
    choices: ${JSON.stringify(choices)}
    answer: ${answer}
    explanation: "Because."
`;
}

function numeric(id: string, prompt: string, answer: number, tolerance: number, distractors: number[]): string {
  return `  - id: ${id}
    lesson: demo
    difficulty: easy
    type: numeric
    prompt: ${JSON.stringify(prompt)}
    answer: ${answer}
    tolerance: ${tolerance}
    distractors: ${JSON.stringify(distractors)}
    explanation: "Because."
`;
}

/** The lint's findings (formatted) for a demo lesson plus these quiz questions. */
function lintOf(...questions: string[]): string[] {
  const dir = lessonsDir({ 'demo.md': lesson, 'quiz/demo.yaml': `questions:\n${questions.join('\n')}` });
  const { content, issues } = validateContent(dir);
  expect(issues).toEqual([]);
  return lintQuiz(content).map(formatIssue);
}

const fine = (i: number) => single(`fine-${i}`, `Fine question number ${i}?`, ['Alpha', 'Bravo', 'Delta', 'Gamma'], i % 4);

describe('quiz lint', () => {
  it('the shipped bank and lessons pass every rule', () => {
    expect(lintQuiz(loadContent(DEFAULT_LESSONS_DIR)).map(formatIssue)).toEqual([]);
  });

  it('a right answer that is the uniquely longest choice in more than 30 % of a lesson names each such question and the rule', () => {
    const longest = [0, 1].map((i) => single(`long-${i}`, `Long ${i}?`, [`A much longer right answer ${i}`, 'No', 'Nope', 'Nah'], 0));
    const findings = lintOf(...longest, fine(1), fine(2), fine(3));
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(/quiz\/demo\.yaml: question long-0: \[longest-is-correct\] .*2 of 5/);
    // at 1 of 5 (20 %) it passes
    expect(lintOf(longest[0], fine(1), fine(2), fine(3), fine(4))).toEqual([]);
  });

  it('a prompt over 120 or a choice over 75 characters is refused for live quizzes', () => {
    const findings = lintOf(single('wordy', `${'Why '.repeat(31)}?`, ['Alpha', 'Bravo', 'Charlie', 'D'.repeat(76)], 0));
    expect(findings.some((f) => /question wordy: \[live-length\] the prompt has 125 characters/.test(f))).toBe(true);
    expect(findings.some((f) => /question wordy: \[live-length\] choice 4 has 76 characters/.test(f))).toBe(true);
  });

  it('the same prompt twice, or the same choices with the same right answer, are duplicates', () => {
    const findings = lintOf(
      single('first', 'What is it?', ['Alpha', 'Bravo', 'Charlie', 'Delta'], 1),
      single('again', 'What  is it?', ['Echo', 'Foxtrot', 'Golf', 'Hotel'], 2),
      single('same-set', 'Another thing?', ['Delta', 'Charlie', 'Bravo', 'Alpha'], 2),
    );
    expect(findings).toContainEqual(expect.stringMatching(/question again: \[duplicate-prompt\] same prompt as first/));
    expect(findings).toContainEqual(expect.stringMatching(/question same-set: \[duplicate-choices\] .* as first/));
  });

  it('a choice repeated inside one question is refused', () => {
    expect(lintOf(single('twice', 'Pick?', ['Alpha', 'Bravo', 'alpha', 'Delta'], 1))).toContainEqual(expect.stringMatching(/question twice: \[repeated-choice\] the choice "alpha"/));
  });

  it('fewer than three wrong choices is refused for multiple choice and numeric buttons, not for true/false', () => {
    const findings = lintOf(single('two', 'Pick one of three?', ['Alpha', 'Bravo', 'Charlie'], 1), numeric('num', 'How many?', 4, 0, [3, 5]));
    expect(findings).toContainEqual(expect.stringMatching(/question two: \[few-distractors\] 2 wrong choice/));
    expect(findings).toContainEqual(expect.stringMatching(/question num: \[few-distractors\] 2 wrong choice/));
  });

  it('a numeric answer that is not an exact count needs a stated rounding whose rounded value the tolerance accepts', () => {
    expect(lintOf(numeric('no-rounding', 'What is 0.25 to the fourth?', 0.00390625, 0.00001, [1, 0.0625, 0.25])))
      .toContainEqual(expect.stringMatching(/question no-rounding: \[numeric-rounding\] .* needs a stated rounding/));
    // "0.25⁴ ≈ 0.004" as a lesson prints it: 3 decimal places with a tolerance that refuses 0.004
    expect(lintOf(numeric('too-strict', 'What is 0.25 to the fourth, to 3 decimal places?', 0.00390625, 0.00001, [1, 0.0625, 0.25])))
      .toContainEqual(expect.stringMatching(/question too-strict: \[numeric-rounding\] .*rounded value 0\.004 is outside the tolerance/));
    expect(lintOf(numeric('ok', 'What is 0.25 to the fourth, to 3 decimal places?', 0.00390625, 0.0005, [1, 0.0625, 0.25]))).toEqual([]);
    expect(lintOf(numeric('count', 'How many?', 4, 0, [3, 5, 6]))).toEqual([]);
  });

  it('reads the rounding a prompt states', () => {
    expect(statedRounding('…, to 3 decimal places?')).toEqual({ kind: 'decimals', n: 3 });
    expect(statedRounding('(2 significant figures)')).toEqual({ kind: 'significant', n: 2 });
    expect(statedRounding('to the nearest 1,000')).toEqual({ kind: 'nearest', n: 1000 });
    expect(statedRounding('How many?')).toBeUndefined();
  });

  it('npm run lessons:check runs the lint and exits 1 naming file, question and rule', () => {
    const dir = lessonsDir({ 'demo.md': lesson, 'quiz/demo.yaml': `questions:\n${single('twice', 'Pick?', ['Alpha', 'Bravo', 'Alpha', 'Delta'], 1)}` });
    let stderr = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join('src', 'tutor', 'check-content.ts'), dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      ({ status: code, stderr } = error as { status: number; stderr: string });
    }
    expect(code).toBe(1);
    expect(stderr).toMatch(/demo\.yaml: question twice: \[repeated-choice\]/);
    expect(QUIZ_LINT_RULES).toContain('repeated-choice');
  });
});
