import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { COURSE_RULES, DEFAULT_LESSONS_DIR, loadContent, validateContent } from '../../src/tutor/content/load.ts';
import { ContentError } from '../../src/tutor/content/issues.ts';
import { cleanupTempDirs, lessonsDir } from './helpers.ts';

afterEach(cleanupTempDirs);

const goodLesson = `---
id: demo
title: Demo
section: activations
order: 1
summary: A demo lesson.
kind: lesson
---

## First step
Some text.

\`\`\`step
question:
  prompt: "Pick one"
  choices: ["a", "b"]
  answer: 1
explanation: "b it is"
\`\`\`

## Second step
More text.
`;

const goodQuiz = `questions:
  - id: demo-params
    lesson: demo
    difficulty: easy
    type: numeric
    prompt: "Parameters of 2-3-1?"
    answer: 13
    tolerance: 0
    distractors: [9, 12]
    check: { kind: param-count, layers: [2, 3, 1] }
    explanation: "(2·3 + 3) + (3·1 + 1) = 13"
`;

function issuesOf(files: Record<string, string>) {
  return validateContent(lessonsDir(files)).issues;
}

describe('content validation', () => {
  it('the course lessons folder is valid with the course rules (≥ 80 questions, every lesson quizzed)', () => {
    const { content, issues } = validateContent(DEFAULT_LESSONS_DIR, COURSE_RULES);
    expect(issues).toEqual([]);
    expect(content.questions.length).toBeGreaterThanOrEqual(80);
    expect(content.lessons.map((l) => l.id)).toEqual([
      'gradient-descent', 'optimisers', 'activations', 'overfitting', 'regularisation', 'training-stages',
      'how-to-train', 'deep-architectures', 'exercise-1', 'exercise-2', 'exercise-3',
    ]);
  });

  it('a valid lesson parses into steps with text, question and explanation', () => {
    const { content, issues } = validateContent(lessonsDir({ 'demo.md': goodLesson, 'quiz/demo.yaml': goodQuiz }));
    expect(issues).toEqual([]);
    expect(content.lessons[0].steps).toHaveLength(2);
    expect(content.lessons[0].steps[0]).toMatchObject({ title: 'First step', text: 'Some text.', question: { answer: 1 }, explanation: 'b it is' });
    expect(content.questions[0].id).toBe('demo-params');
  });

  it('an unknown section in the front matter names the file and the field "section"', () => {
    const issues = issuesOf({ 'broken.md': goodLesson.replace('section: activations', 'section: astrology') });
    expect(issues).toHaveLength(1);
    expect(issues[0].file).toMatch(/broken\.md$/);
    expect(issues[0].field).toBe('section');
  });

  it('a step answer outside its choices names the step and question.answer', () => {
    const issues = issuesOf({ 'broken.md': goodLesson.replace('answer: 1', 'answer: 2') });
    expect(issues.map((i) => i.field)).toEqual(['steps[0] ("First step").question.answer']);
  });

  it('a misspelt dataset in an experiment names the spec field', () => {
    const text = goodLesson.replace('## Second step\nMore text.', '## Second step\nMore text.\n\n```step\nexperiment:\n  runs:\n    - label: x\n      spec: { dataset: donut }\n  show: [loss-curve]\n```');
    const issues = issuesOf({ 'broken.md': text });
    expect(issues.map((i) => i.field)).toEqual(['steps[1] ("Second step").experiment.runs[0].spec.dataset']);
  });

  it('an unknown option in an experiment spec is rejected rather than ignored', () => {
    const text = goodLesson.replace('## Second step\nMore text.', '## Second step\nMore text.\n\n```step\nexperiment:\n  runs:\n    - label: x\n      spec: { learningrate: 0.1 }\n  show: [loss-curve]\n```');
    const issues = issuesOf({ 'broken.md': text });
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toContain('experiment.runs[0].spec');
    expect(issues[0].message).toContain('learningrate');
  });

  it('a file without front matter is reported, not crashed on', () => {
    const issues = issuesOf({ 'plain.md': '## Step\ntext' });
    expect(issues[0]).toMatchObject({ field: 'front matter' });
  });

  it('a numeric answer that disagrees with its recomputation names the question and "answer"', () => {
    const issues = issuesOf({ 'demo.md': goodLesson, 'quiz/demo.yaml': goodQuiz.replace('answer: 13', 'answer: 12').replace('[9, 12]', '[9, 14]') });
    expect(issues).toHaveLength(1);
    expect(issues[0].file).toMatch(/quiz[/\\]demo\.yaml$/);
    expect(issues[0].field).toBe('questions[0] (demo-params).answer');
    expect(issues[0].message).toContain('recomputes to 13');
  });

  it('a question for a lesson that does not exist names the field "lesson"', () => {
    const issues = issuesOf({ 'demo.md': goodLesson, 'quiz/demo.yaml': goodQuiz.replace('lesson: demo', 'lesson: nowhere') });
    expect(issues[0].field).toBe('questions (demo-params).lesson');
  });

  it('a missing explanation on a quiz question names the field', () => {
    const quiz = goodQuiz.replace(/\n\s+explanation: .*\n/, '\n');
    const issues = issuesOf({ 'demo.md': goodLesson, 'quiz/demo.yaml': quiz });
    expect(issues[0].field).toBe('questions[0] (demo-params).explanation');
  });

  it('duplicate question ids are refused', () => {
    const quiz = goodQuiz + goodQuiz.replace('questions:\n', '');
    const issues = issuesOf({ 'demo.md': goodLesson, 'quiz/demo.yaml': quiz });
    expect(issues.some((i) => i.field === 'questions (demo-params).id')).toBe(true);
  });

  it('loadContent throws a ContentError whose message lists "file: field: message"', () => {
    const dir = lessonsDir({ 'broken.md': goodLesson.replace('order: 1', 'order: first') });
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(/broken\.md: order: /);
  });

  it('lessons:check exits 1 and prints the file and field for a broken folder', () => {
    const dir = lessonsDir({ 'broken.md': goodLesson.replace('kind: lesson', 'kind: lecture') });
    let stderr = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join('src', 'tutor', 'check-content.ts'), dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      code = e.status;
      stderr = e.stderr;
    }
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.md: kind: /);
  });
});
