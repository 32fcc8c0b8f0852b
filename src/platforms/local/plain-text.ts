import { createPlainTextHinter, type PlainTextHinter } from '../../chat/intent-hint.ts';
import type { CommandDef, Responder } from '../../chat/types.ts';

/** One hinter per command list (one per running chat), so each remembers whom it reminded. */
const hinters = new WeakMap<readonly CommandDef[], PlainTextHinter>();

/**
 * Hook for a chat line without a leading `/`: it is posted to the room as a person's message, then
 * handed here with a responder whose replies go to its author. A recognisable request gets the
 * command that does it ("train a spiral" → `/train dataset:spiral`); other text, at most once per
 * person every few minutes, a pointer to `/` — always as a private (ephemeral) reply.
 */
export async function answerPlainText(text: string, responder: Responder, commands: readonly CommandDef[], userId: string): Promise<void> {
  let hinter = hinters.get(commands);
  if (!hinter) hinters.set(commands, (hinter = createPlainTextHinter(commands)));
  const hint = hinter.hintFor(userId, text);
  if (hint) await responder.reply({ text: hint, ephemeral: true });
}
