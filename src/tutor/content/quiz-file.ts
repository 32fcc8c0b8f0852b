/** Parses one quiz file (YAML with a `questions:` list) and validates every question. */
import { parse as parseYaml } from 'yaml';
import { quizFileSchema, quizQuestionSchema, type BankQuestion } from './schema.ts';
import { formatPath, type ContentIssue } from './issues.ts';
import { recompute } from './recompute.ts';

/** Parse and validate a quiz file; valid questions are returned even when others have issues. */
export function parseQuizFile(file: string, source: string): { questions: BankQuestion[]; issues: ContentIssue[] } {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    return { questions: [], issues: [{ file, field: '(file)', message: `invalid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const fileResult = quizFileSchema.safeParse(data ?? {});
  if (!fileResult.success) {
    return { questions: [], issues: fileResult.error.issues.map((i) => ({ file, field: formatPath('', i.path), message: i.message })) };
  }
  const questions: BankQuestion[] = [];
  const issues: ContentIssue[] = [];
  fileResult.data.questions.forEach((raw, index) => {
    const id = typeof raw === 'object' && raw && 'id' in raw ? String((raw as { id: unknown }).id) : undefined;
    const where = id ? `questions[${index}] (${id})` : `questions[${index}]`;
    const result = quizQuestionSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push({ file, field: formatPath(where, issue.path), message: issue.message });
      return;
    }
    const q = result.data;
    if (q.type === 'numeric' && q.check) {
      const expected = recompute(q.check);
      if (!(Math.abs(expected - q.answer) <= q.tolerance + 1e-9 * Math.abs(expected))) {
        issues.push({ file, field: `${where}.answer`, message: `is ${q.answer} but ${q.check.kind} recomputes to ${expected} (tolerance ${q.tolerance})` });
        return;
      }
    }
    questions.push({ ...q, file });
  });
  return { questions, issues };
}
