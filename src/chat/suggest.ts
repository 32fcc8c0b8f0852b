/**
 * "Did you mean …?" by edit distance: the one place that decides whether a mistyped command,
 * option or value is close enough to a real one to suggest it.
 */

/**
 * Optimal-string-alignment distance: inserting, deleting or changing one character, or swapping
 * two neighbours ("sigmiod" → "sigmoid"), each costs 1.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Longer text is not a mistyped name, and is not compared (edit distance costs length × length). */
const MAX_WORD_CHARS = 64;

/** How many edits still count as a typo of a word this long: 1 up to 5 letters, then 2, 3 from 12. */
export function typoAllowance(length: number): number {
  return length <= 5 ? 1 : length < 12 ? 2 : 3;
}

/** Compares names the way people mean them: case, `_`/`-` and surrounding `/` or `--` do not matter. */
function comparable(name: string): string {
  return name.trim().replace(/^(\/|-{1,2})/, '').replace(/_/g, '-').toLowerCase();
}

/**
 * The candidates a mistyped `given` most likely meant (nearest first, ties kept, at most `limit`):
 * those within the typo allowance, else the few candidates that start with it ("leaky" →
 * "leaky-relu", "spir" → "spiral", "spiral3"). Empty when nothing is close; never the given word itself.
 */
export function closestMatches(given: string, candidates: readonly string[], limit = 2): string[] {
  const wanted = comparable(given);
  if (!wanted || wanted.length > MAX_WORD_CHARS) return [];
  if (candidates.some((c) => comparable(c) === wanted)) return [];
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(wanted, comparable(candidate)) }))
    .filter(({ distance }) => distance > 0);
  const allowance = typoAllowance(wanted.length);
  const near = scored.filter(({ distance }) => distance <= allowance);
  if (near.length) {
    const best = Math.min(...near.map((s) => s.distance));
    return near.filter((s) => s.distance === best).slice(0, limit).map((s) => s.candidate);
  }
  const prefixed = wanted.length >= 3 ? candidates.filter((c) => comparable(c).startsWith(wanted)) : [];
  return prefixed.length <= limit ? prefixed : [];
}

/**
 * " Did you mean `sigmoid`?" (or "`x1` or `x2`") for a mistyped value, with a leading space so it
 * can follow a sentence; "" when nothing is close. `show` formats a candidate (e.g. adds `/`).
 */
export function didYouMean(given: string, candidates: readonly string[], show: (name: string) => string = (n) => n): string {
  const matches = closestMatches(given, candidates);
  if (!matches.length) return '';
  return ` Did you mean ${matches.map((m) => `\`${show(m)}\``).join(' or ')}?`;
}

/**
 * The "Did you mean …?" for an error that names the value it refused and the names it allows
 * (the engine's SpecError carries `given` and `choices`, as the engine cannot suggest by itself);
 * "" for any other error, or when the message already has a suggestion.
 */
export function suggestionFor(error: unknown): string {
  if (!(error instanceof Error) || error.message.includes('Did you mean')) return '';
  const { given, choices } = error as Error & { given?: unknown; choices?: unknown };
  if (typeof given !== 'string' || !Array.isArray(choices)) return '';
  return didYouMean(given, choices.filter((c): c is string => typeof c === 'string'));
}
