/**
 * Command-line argument parsing: `--flag value`, `--flag=value`, bare boolean flags and
 * positional words. Knows nothing about what the flags mean; says mistakes in the chat's wording.
 */
import { unknownOptionMessage } from '../../chat/input-messages.ts';
import { CliUsageError } from './cli-error.ts';
import { suggestionFor } from '../../chat/suggest.ts';

/** Parsed arguments: positional words and flag values (a bare flag is `true`). */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Splits argv into positional words and flags; `booleanFlags` never take a value; a flag given twice is refused. */
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
    if (flags.has(name)) throw new CliUsageError(`\`--${name}\` was given twice; give it once.`);
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

/**
 * An error as the terminal shows it: the chat's one wording without Markdown code marks, plus
 * "Did you mean …?" when the engine refused a name (its SpecError carries the name and choices).
 */
export function cliErrorText(error: Error): string {
  return (error.message + suggestionFor(error)).replace(/`([^`\n]*)`/g, '$1');
}

/** "There is no option --colr. Did you mean --color?" — the chat's wording with flags spelt as flags. */
export function unknownFlagMessage(flag: string, known: readonly string[]): string {
  return unknownOptionMessage(flag, known, '--');
}
