import type { CommandDef, Responder } from '../../chat/types.ts';

/**
 * Hook for a chat line without a leading `/`: it is posted to the room as a person's message, then
 * handed here with a responder whose replies go to its author (ephemeral replies are private).
 * Today it answers nothing (plain chat between people is allowed); a private hint for text that
 * looks like a command ("train a spiral" → `/train dataset:spiral`) belongs here.
 */
export async function answerPlainText(_text: string, _responder: Responder, _commands: readonly CommandDef[]): Promise<void> {}
