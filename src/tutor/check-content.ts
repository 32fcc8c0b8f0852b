/** `npm run lessons:check`: validates lessons/ and prints every problem as "file: field: message". */
import { COURSE_RULES, DEFAULT_LESSONS_DIR, validateContent } from './content/load.ts';
import { formatIssue } from './content/issues.ts';
import { lintQuiz, QUIZ_LINT_RULES } from './content/quiz-lint.ts';

if (process.argv.includes('--claims')) {
  // `-- --claims [--seeds N]`: run every claim of the lessons and demos through the engine (src/check-claims.ts)
  const { checkClaims } = await import('../check-claims.ts');
  process.exit(await checkClaims(process.argv.slice(2)));
}
const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_LESSONS_DIR;
const { content, issues } = validateContent(dir, COURSE_RULES);
issues.push(...lintQuiz(content));
if (issues.length > 0) {
  for (const issue of issues) console.error(formatIssue(issue));
  console.error(`\n${issues.length} problem(s) in ${dir}`);
  process.exit(1);
}
const counts = new Map<string, number>();
for (const q of content.questions) counts.set(q.lesson, (counts.get(q.lesson) ?? 0) + 1);
console.log(`${content.lessons.length} lessons, ${content.questions.length} quiz questions: all valid; quiz lint (${QUIZ_LINT_RULES.join(', ')}): no problems`);
for (const lesson of content.lessons) {
  console.log(`  ${lesson.id.padEnd(22)} ${String(lesson.steps.length).padStart(2)} steps  ${String(counts.get(lesson.id) ?? 0).padStart(3)} questions`);
}
