/**
 * Command-line argument parsing: `--flag value`, `--flag=value`, bare boolean flags and
 * positional words. Knows nothing about what the flags mean.
 */

/** Parsed arguments: positional words and flag values (a bare flag is `true`). */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Splits argv into positional words and flags; `booleanFlags` never take a value. */
export function parseArgs(argv: readonly string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).toLowerCase();
    if (eq >= 0) {
      flags.set(name, arg.slice(eq + 1));
    } else if (booleanFlags.has(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) {
      flags.set(name, true);
    } else {
      flags.set(name, argv[++i]);
    }
  }
  return { positional, flags };
}
