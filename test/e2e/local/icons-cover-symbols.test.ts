/**
 * Every emoji the commands put in a button or a reply has an SVG icon in the web chat
 * (public/icons.js): a browser without an emoji font would otherwise show an empty box.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Pictographs and the symbol blocks that only emoji fonts draw (Debian's DejaVu and Liberation lack them). */
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{23E9}-\u{23FF}\u{2B50}-\u{2B55}]/gu;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** The symbols icons.js draws, read from its SYMBOLS table. */
function symbolsWithIcons(): Set<string> {
  const icons = readFileSync(path.join(ROOT, 'src/platforms/local/public/icons.js'), 'utf8');
  const table = icons.slice(icons.indexOf('const SYMBOLS'), icons.indexOf('const SYMBOL_PATTERN'));
  return new Set([...table.matchAll(/\['(.+?)', \['/gu)].map((m) => m[1]!));
}

describe('web chat icons', () => {
  it('cover every emoji that commands and the tutor write into buttons and replies', () => {
    const covered = symbolsWithIcons();
    expect(covered.has('⏸')).toBe(true);
    const used = new Map<string, string>();
    for (const file of [...sourceFiles(path.join(ROOT, 'commands')), ...sourceFiles(path.join(ROOT, 'src/tutor'))]) {
      for (const [symbol] of readFileSync(file, 'utf8').matchAll(EMOJI)) if (!used.has(symbol)) used.set(symbol, path.relative(ROOT, file));
    }
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter(([symbol]) => !covered.has(symbol)).map(([symbol, file]) => `${symbol} (${file})`);
    expect(missing).toEqual([]);
  });
});
