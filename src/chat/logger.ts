import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** How log lines look: `pretty` = one readable line per event, `json` = one JSON object per line, `auto` = pretty on a terminal. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** Where log lines go (stderr), as pretty text or JSON. */
function sinkFor(format: LogFormat): { write(line: string): void } {
  const isPretty = format === 'pretty' || (format === 'auto' && Boolean(process.stderr.isTTY));
  if (!isPretty) return pino.destination({ dest: 2, sync: true });
  const toText = prettyFactory({
    singleLine: true,
    colorize: Boolean(process.stderr.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    // One line per event on a terminal: an error shows its type and message (the stack is in JSON mode).
    errorLikeObjectKeys: [],
    customPrettifiers: { err: (value) => { const e = value as { type?: string; message?: string }; return `${e.type ?? 'Error'}: ${e.message ?? ''}`; } },
  });
  return { write: (line: string) => void process.stderr.write(toText(line)) };
}

let sink = sinkFor('auto');

/**
 * The process-wide structured logger on stderr: one readable line per event on a terminal, JSON
 * lines otherwise (for log collectors). main.ts sets the level and format from config.
 */
export const logger = pino(
  { name: 'nn-tutor', level: process.env.VITEST ? 'silent' : 'info' },
  { write: (line: string) => sink.write(line) },
);

/** Switches the log format (LOG_FORMAT); `auto` = pretty when stderr is a terminal. */
export function setLogFormat(format: LogFormat): void {
  sink = sinkFor(format);
}
