/** Content problems, each naming the file and the field, collected so one run reports them all. */

/** One problem in one content file. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
}

/** Thrown when lessons/ has problems; the message lists every one as "file: field: message". */
export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(`lesson content has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** "lessons/x.md: steps[2].question.answer: must be ..." */
export function formatIssue(issue: ContentIssue): string {
  return `${issue.file}: ${issue.field}: ${issue.message}`;
}

/** zod issue path → "a.b[2].c" */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(file)';
}
