/**
 * The private hint a chat line without a slash gets: the command it asks for ("train a spiral" →
 * `/train dataset:spiral`), or — at most once per person every few minutes, since plain lines are
 * usually people talking to each other — how to ask the tutor at all.
 */
import { matchIntent } from './intent.ts';
import type { CommandDef } from './types.ts';

/** How long a person is not reminded again after a general hint. */
export const GENERAL_HINT_QUIET_MS = 10 * 60_000;

/** People remembered for the quiet period; the oldest are forgotten first (memory stays bounded). */
const MAX_REMEMBERED_PEOPLE = 10_000;

/** Says what a plain chat line should have been, when it is worth saying. */
export interface PlainTextHinter {
  /** The hint for this person's line, or undefined (a general hint was given recently). */
  hintFor(userId: string, text: string, nowMs?: number): string | undefined;
}

/** A hinter over these commands; `quietMs` spaces out the general hint per person. */
export function createPlainTextHinter(commands: readonly CommandDef[], quietMs = GENERAL_HINT_QUIET_MS): PlainTextHinter {
  const lastGeneralHintMs = new Map<string, number>();
  return {
    hintFor(userId, text, nowMs = Date.now()) {
      const intent = matchIntent(text, commands);
      if (intent) return `Did you mean \`${intent.command}\`? Commands start with \`/\` — a line without one goes to the room. \`/help\` lists them all.`;
      const last = lastGeneralHintMs.get(userId);
      if (last !== undefined && nowMs - last < quietMs) return undefined;
      lastGeneralHintMs.delete(userId);
      lastGeneralHintMs.set(userId, nowMs);
      if (lastGeneralHintMs.size > MAX_REMEMBERED_PEOPLE) lastGeneralHintMs.delete(lastGeneralHintMs.keys().next().value as string);
      return 'Your message went to the room. To ask the tutor, start with `/` — for example `/train dataset:spiral`, `/activation name:relu` or `/quiz`; `/help` lists every command.';
    },
  };
}
