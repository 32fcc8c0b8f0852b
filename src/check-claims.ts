/**
 * `npm run lessons:check -- --claims [--seeds N]`: runs every claim of the lessons and of the
 * command demos (/optimizers, /compare, /overfit) on N seeds (default 5) in the worker pool,
 * prints the table and exits 1 naming file, step and claim when one fails. An entry point like
 * main.ts, so it may gather claims from commands/.
 */
import { closeJobPool, runJob } from './jobs/index.ts';
import { demoClaimSets } from '../commands/_lib/demo-claims.ts';
import { COURSE_RULES, DEFAULT_LESSONS_DIR, validateContent } from './tutor/content/load.ts';
import { formatIssue } from './tutor/content/issues.ts';
import { runClaimSets, type TrainRunner } from './tutor/claims/evaluate.ts';
import { lessonClaimSets, stepsWithoutClaims } from './tutor/claims/lesson-claims.ts';
import { formatClaimsTable, formatFailures } from './tutor/claims/report.ts';

/** Parses `--seeds N` (1–50); anything else is refused with what is allowed. */
export function parseSeedsArg(argv: string[]): number {
  const at = argv.indexOf('--seeds');
  if (at < 0) return 5;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error(`--seeds must be a whole number from 1 to 50 (got "${argv[at + 1] ?? ''}")`);
  return n;
}

const trainInPool: TrainRunner = async (spec) => {
  const { result } = await runJob({ type: 'train', spec, images: [] });
  if (!result) throw new Error('training job returned no result');
  return result;
};

/** Runs the claims check and returns the process exit code. */
export async function checkClaims(argv: string[], dir = DEFAULT_LESSONS_DIR): Promise<number> {
  let seeds: number;
  try {
    seeds = parseSeedsArg(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const { content, issues } = validateContent(dir, COURSE_RULES);
  if (issues.length > 0) {
    // claims are only checked on valid content: fix these first (the same list plain `lessons:check` prints)
    for (const issue of issues) console.error(formatIssue(issue));
    return 1;
  }
  const started = performance.now();
  try {
    const outcomes = await runClaimSets([...lessonClaimSets(content), ...demoClaimSets()], { seeds, trainRun: trainInPool });
    console.log(formatClaimsTable(outcomes));
    console.log(`(${seeds} seed${seeds === 1 ? '' : 's'} per claim, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const failures = formatFailures(outcomes);
    const unclaimed = stepsWithoutClaims(content.lessons).map((s) => `${s.file}: step "${s.step}": its experiment states no claim`);
    for (const line of [...failures, ...unclaimed]) console.error(line);
    return failures.length + unclaimed.length > 0 ? 1 : 0;
  } finally {
    await closeJobPool();
  }
}
