/** The claims table printed by `npm run lessons:check -- --claims`, and the lines naming each failure. */
import type { ClaimCheck, ClaimOutcome } from './evaluate.ts';

function shortNumber(n: number | undefined): string {
  if (n === undefined) return '–';
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '−∞';
  if (n === 0) return '0';
  return Math.abs(n) >= 1000 || Math.abs(n) < 0.001 ? n.toExponential(1) : String(+n.toPrecision(3));
}

function checkText(check: ClaimCheck): string {
  const bounds = [check.above !== undefined ? `> ${shortNumber(check.above)}` : '', check.below !== undefined ? `< ${shortNumber(check.below)}` : ''].filter(Boolean).join(' and ');
  return `${shortNumber(check.value)} ${check.holds ? '✓' : '✗'} (${bounds})`;
}

const clip = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/** The table: lesson, step, claim, held k/n; its last line is "N claims, N held, N failed". */
export function formatClaimsTable(outcomes: ClaimOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.file.replace(/^.*\//, ''), clip(o.step, 34), clip(o.claim.that, 78), `${o.held}/${o.tried}`, o.passed ? 'ok' : 'FAILED',
  ]);
  const header = ['lesson', 'step', 'claim', 'held', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const failed = outcomes.filter((o) => !o.passed).length;
  return [line(header), ...rows.map(line), '', `${outcomes.length} claims, ${outcomes.length - failed} held, ${failed} failed`].join('\n');
}

/** One line per failed claim naming file, step and claim, with the value on every seed tried. */
export function formatFailures(outcomes: ClaimOutcome[]): string[] {
  return outcomes.filter((o) => !o.passed).map((o) => o.error
    ? `${o.file}: step "${o.step}": claim "${o.claim.that}" could not be checked: ${o.error}`
    : `${o.file}: step "${o.step}": claim "${o.claim.that}" (${o.claim.run} ${o.claim.metric}) held on ${o.held}/${o.tried} seeds`
    + `${o.claim.seeds ? `, needs ${o.claim.seeds}` : ', needs all'}${o.checks[0] && !o.checks[0].holds ? ' and the seed shown to students' : ''}: `
    + o.checks.map(checkText).join('; '));
}
