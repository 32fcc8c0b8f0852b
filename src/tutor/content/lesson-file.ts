/**
 * Parses one lesson file: YAML front matter between `---` lines, then steps, each starting with a
 * `## Title` line, holding Markdown text and at most one fenced ```step block of YAML (experiment,
 * plot, question, explanation).
 */
import { parse as parseYaml } from 'yaml';
import { lessonFrontMatterSchema, stepBlockSchema, type Lesson, type LessonStep } from './schema.ts';
import { formatPath, type ContentIssue } from './issues.ts';

/** Parse and validate a lesson; returns the lesson or the issues found (never both empty). */
export function parseLessonFile(file: string, source: string): { lesson?: Lesson; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') {
    return { issues: [{ file, field: 'front matter', message: 'the file must start with a "---" line, then YAML front matter (id, title, section, order, summary, kind), then "---"' }] };
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) return { issues: [{ file, field: 'front matter', message: 'no closing "---" line after the front matter' }] };

  let front: unknown;
  try {
    front = parseYaml(lines.slice(1, end).join('\n'));
  } catch (error) {
    return { issues: [{ file, field: 'front matter', message: `invalid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const frontResult = lessonFrontMatterSchema.safeParse(front ?? {});
  if (!frontResult.success) {
    for (const issue of frontResult.error.issues) issues.push({ file, field: formatPath('', issue.path), message: issue.message });
  }

  const steps = parseSteps(file, lines.slice(end + 1), end + 2, issues);
  if (steps.length === 0 && !issues.some((i) => i.field === 'body')) {
    issues.push({ file, field: 'body', message: 'a lesson needs at least one step: a line "## Step title" followed by text' });
  }
  if (issues.length > 0 || !frontResult.success) return { issues };
  return { lesson: { ...frontResult.data, file, steps }, issues };
}

function parseSteps(file: string, body: string[], firstLineNumber: number, issues: ContentIssue[]): LessonStep[] {
  const steps: LessonStep[] = [];
  let current: { title: string; text: string[]; block?: string[]; blockLine?: number } | undefined;
  let inFence: 'step' | 'other' | undefined;
  let stepBlock: string[] = [];

  const finish = () => {
    if (!current) return;
    const index = steps.length;
    const step: LessonStep = { title: current.title, text: unwrapSoftBreaks(current.text.join('\n')).trim() };
    const where = `steps[${index}] ("${current.title}")`;
    if (!step.text) issues.push({ file, field: `${where}.text`, message: 'a step needs some text under its heading' });
    if (current.block) {
      let data: unknown;
      try {
        data = parseYaml(current.block.join('\n'));
      } catch (error) {
        issues.push({ file, field: `${where}.step block (line ${current.blockLine})`, message: `invalid YAML: ${(error as Error).message.split('\n')[0]}` });
      }
      if (data !== undefined) {
        const result = stepBlockSchema.safeParse(data ?? {});
        if (result.success) Object.assign(step, result.data);
        else for (const issue of result.error.issues) issues.push({ file, field: formatPath(where, issue.path), message: issue.message });
      }
    }
    steps.push(step);
  };

  body.forEach((line, offset) => {
    const fence = line.match(/^```\s*(\S*)\s*$/);
    if (inFence) {
      if (fence && fence[1] === '') {
        if (inFence === 'step' && current) { current.block = stepBlock; }
        else if (current) current.text.push(line);
        inFence = undefined;
        return;
      }
      if (inFence === 'step') stepBlock.push(line);
      else current?.text.push(line);
      return;
    }
    if (fence) {
      if (fence[1] === 'step') {
        if (!current) { issues.push({ file, field: 'body', message: `line ${firstLineNumber + offset}: a \`\`\`step block must come after a "## " step heading` }); }
        else if (current.block) { issues.push({ file, field: `steps[${steps.length}] ("${current.title}")`, message: 'a step can have only one ```step block' }); }
        else current.blockLine = firstLineNumber + offset;
        inFence = 'step';
        stepBlock = [];
      } else {
        inFence = 'other';
        current?.text.push(line);
      }
      return;
    }
    const heading = line.match(/^##\s+(.+?)\s*$/);
    if (heading) {
      finish();
      current = { title: heading[1], text: [] };
      return;
    }
    if (!current) {
      if (line.trim()) issues.push({ file, field: 'body', message: `line ${firstLineNumber + offset}: text before the first "## " step heading` });
      return;
    }
    current.text.push(line);
  });
  if (inFence) issues.push({ file, field: 'body', message: 'a ``` fence is not closed' });
  else finish();
  return steps;
}

/** A line that starts its own Markdown block (list item, quote, table row, heading, fence) rather than continuing a paragraph. */
const BLOCK_START = /^\s*(?:[-*+]\s|\d+[.)]\s|>|\||#|```)/;

/**
 * Joins the lines of a paragraph that the lesson file wraps for readability (Markdown's soft line
 * breaks) into one line: chat platforms show every newline as a line break, so wrapped source text
 * would reach students as ragged half-lines. Blank lines, list items, quotes, tables, headings,
 * fenced code and lines ending in two spaces (a hard break) keep their line breaks.
 */
export function unwrapSoftBreaks(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    const isFence = /^\s*```/.test(line);
    const previous = out.at(-1);
    const continuesParagraph = !inFence && !isFence && line.trim() !== '' && !BLOCK_START.test(line)
      && previous !== undefined && previous.trim() !== '' && !/^\s*(?:\||#|```)/.test(previous) && !/ {2}$/.test(previous);
    if (continuesParagraph) out[out.length - 1] = `${previous.trimEnd()} ${line.trim()}`;
    else out.push(line);
    if (isFence) inFence = !inFence;
  }
  return out.join('\n');
}
