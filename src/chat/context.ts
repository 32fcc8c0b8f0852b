import type { ChatAttachment, CommandContext, Reply, Responder } from './types.ts';

/** Where an interaction stands: nothing sent yet, acknowledged ("thinking…"), or answered. */
export type AnswerState = 'none' | 'deferred' | 'replied';

/** Wraps a string as a Reply. */
export function toReply(reply: Reply | string): Reply {
  return typeof reply === 'string' ? { text: reply } : reply;
}

/**
 * A Responder that keeps the contract adapters rely on whatever order a command calls it in:
 * the first call is `defer` or `reply`; `reply` after `defer` becomes `edit`; `edit` before
 * anything becomes `reply`; `progress` and `followUp` acknowledge first when needed.
 */
export class OrderedResponder {
  state: AnswerState = 'none';
  constructor(private readonly inner: Responder) {}

  async defer(options?: { ephemeral?: boolean }): Promise<void> {
    if (this.state !== 'none') return;
    this.state = 'deferred';
    await this.inner.defer(options);
  }

  async reply(reply: Reply): Promise<void> {
    if (this.state === 'none') {
      this.state = 'replied';
      await this.inner.reply(reply);
    } else {
      this.state = 'replied';
      await this.inner.edit(reply);
    }
  }

  async edit(reply: Reply): Promise<void> {
    await this.reply(reply);
  }

  async followUp(reply: Reply): Promise<void> {
    if (this.state === 'none') return this.reply(reply);
    await this.inner.followUp(reply);
  }

  async progress(fraction: number, text: string): Promise<void> {
    if (this.state === 'none') await this.defer();
    if (this.state === 'replied') return; // the final answer is already there
    await this.inner.progress(Math.min(1, Math.max(0, fraction)), text);
  }
}

/** Builds the CommandContext handed to a command's `run`. */
export function createContext<O extends CommandContext['options']>(
  base: { caller: CommandContext['caller']; options: O; signal: AbortSignal; attachments?: ChatAttachment[] },
  responder: OrderedResponder,
): CommandContext<O> {
  return {
    ...base,
    attachments: base.attachments ?? [],
    reply: (r) => responder.reply(toReply(r)),
    defer: (o) => responder.defer(o),
    edit: (r) => responder.edit(toReply(r)),
    followUp: (r) => responder.followUp(toReply(r)),
    progress: (f, t) => responder.progress(f, t),
  };
}
