/** Loads and validates everything under lessons/: lesson files and the quiz bank, with cross-file checks. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLessonFile } from './lesson-file.ts';
import { parseQuizFile } from './quiz-file.ts';
import { ContentError, type ContentIssue } from './issues.ts';
import type { BankQuestion, Content, Lesson } from './schema.ts';

/** The repository's lessons/ folder. */
export const DEFAULT_LESSONS_DIR = resolve(fileURLToPath(new URL('../../../lessons', import.meta.url)));

/** Extra rules on top of per-file validation. */
export interface LoadContentOptions {
  /** Refuse a bank smaller than this (the course asks for 80). */
  minQuestions?: number;
  /** Every lesson must have at least one quiz question. */
  requireQuestionsPerLesson?: boolean;
}

/** Read and validate lessons/*.md and lessons/quiz/*.yaml; returns the content and all issues found. */
export function validateContent(dir: string = DEFAULT_LESSONS_DIR, options: LoadContentOptions = {}): { content: Content; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const lessons: Lesson[] = [];
  const questions: BankQuestion[] = [];
  const show = (path: string) => relative(process.cwd(), path) || path;

  if (!existsSync(dir)) {
    issues.push({ file: show(dir), field: '(folder)', message: 'the lessons folder does not exist' });
    return { content: { lessons, questions }, issues };
  }
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'README.md').sort()) {
    const file = show(join(dir, name));
    const result = parseLessonFile(file, readFileSync(join(dir, name), 'utf8'));
    issues.push(...result.issues);
    if (result.lesson) lessons.push(result.lesson);
  }
  const quizDir = join(dir, 'quiz');
  const quizFiles = existsSync(quizDir) ? readdirSync(quizDir).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
  for (const name of quizFiles) {
    const file = show(join(quizDir, name));
    const result = parseQuizFile(file, readFileSync(join(quizDir, name), 'utf8'));
    issues.push(...result.issues);
    questions.push(...result.questions);
  }

  const lessonIds = new Map<string, string>();
  for (const lesson of lessons) {
    const other = lessonIds.get(lesson.id);
    if (other) issues.push({ file: lesson.file, field: 'id', message: `"${lesson.id}" is already used by ${other}` });
    lessonIds.set(lesson.id, lesson.file);
  }
  const questionIds = new Map<string, string>();
  const perLesson = new Map<string, number>();
  for (const q of questions) {
    const other = questionIds.get(q.id);
    if (other) issues.push({ file: q.file, field: `questions (${q.id}).id`, message: `"${q.id}" is already used in ${other}` });
    questionIds.set(q.id, q.file);
    if (!lessonIds.has(q.lesson)) {
      issues.push({ file: q.file, field: `questions (${q.id}).lesson`, message: `"${q.lesson}" is not a lesson id; allowed: ${[...lessonIds.keys()].join(', ')}` });
    }
    perLesson.set(q.lesson, (perLesson.get(q.lesson) ?? 0) + 1);
  }
  if (options.minQuestions && questions.length < options.minQuestions) {
    issues.push({ file: show(quizDir), field: 'questions', message: `the bank has ${questions.length} valid questions; at least ${options.minQuestions} are required` });
  }
  if (options.requireQuestionsPerLesson) {
    for (const lesson of lessons) {
      if (!perLesson.get(lesson.id)) issues.push({ file: lesson.file, field: 'id', message: `no quiz question has lesson: ${lesson.id}` });
    }
  }
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { content: { lessons, questions }, issues };
}

/** Like validateContent but throws a ContentError listing every issue (start-up path). */
export function loadContent(dir?: string, options?: LoadContentOptions): Content {
  const { content, issues } = validateContent(dir, options);
  if (issues.length > 0) throw new ContentError(issues);
  return content;
}

/** The course's own content rules: ≥ 80 questions and every lesson covered. */
export const COURSE_RULES: LoadContentOptions = { minQuestions: 80, requireQuestionsPerLesson: true };

let cached: Content | undefined;

/** The repository's lessons/, loaded and validated once per process with the course rules. */
export function getContent(): Content {
  cached ??= loadContent(DEFAULT_LESSONS_DIR, COURSE_RULES);
  return cached;
}
