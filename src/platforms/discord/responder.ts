import { MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { Reply, Responder } from '../../chat/types.ts';
import { buildMessageBody, formatProgress, type Warn } from './message.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { isClickedMessageReplaceable, repliesInPlace } from './clicked-message.ts';

/** The interactions that get a Responder (slash commands, buttons and selects). */
export type RepliableInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

/** Timing settings of a DiscordResponder. */
export interface ResponderTiming {
  /** Minimum gap between two progress edits (Discord rate-limits edits; people cannot read faster). */
  progressIntervalMs: number;
  /** If nothing has acknowledged the interaction by then, defer it so the 3-second window is never missed. */
  ackDeadlineMs: number;
}

/** Default timing: one progress edit per 1.5 s, safety deferral after 1.5 s. */
export const DEFAULT_TIMING: ResponderTiming = { progressIntervalMs: 1500, ackDeadlineMs: 1500 };

type Log = { warn: Warn; error: (message: string, details?: Record<string, unknown>) => void };

/**
 * Answers one Discord interaction. Every REST call for the interaction goes through one queue so
 * that they reach Discord in the order they were made (a late progress edit can never overwrite
 * the result). Acknowledges within Discord's 3-second window on its own if the command has not;
 * `reply` after an acknowledgement becomes an edit of the original response; edits replace the
 * previous attachments; progress edits are throttled (the latest pending one is sent when the
 * interval has passed, and dropped once the final answer is out); an ephemeral answer to a public
 * deferral deletes the "thinking…" message and follows up ephemerally, since Discord cannot make
 * an existing message ephemeral. A reply with `replacesClickedMessage` to a click on the bot's own
 * private message updates that message (callback 7 UPDATE_MESSAGE, or PATCH @original after a
 * safety DEFERRED_UPDATE_MESSAGE) instead of posting a new one.
 */
export class DiscordResponder implements Responder {
  private state: 'none' | 'deferred' | 'replied' = 'none';
  private isEphemeral = false;
  private hasFinalAnswer = false;
  private hasFollowedUp = false;
  private isOriginalDeleted = false;
  /** 'update': acknowledged on the clicked message (callback 6 or 7), so @original is that message. */
  private ackKind: 'response' | 'update' = 'response';
  /** After an 'update' ack: where this interaction's own answer is ('@original' once it replaced the clicked message). */
  private answerTarget: string | undefined;
  private readonly isClickedReplaceable: boolean;
  private ackPromise: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private lastProgressSentAt = Number.NEGATIVE_INFINITY;
  private pendingProgress: { fraction: number; text: string } | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private readonly ackTimer: NodeJS.Timeout;
  private readonly attachmentSizeLimitBytes: number;

  constructor(
    private readonly interaction: RepliableInteraction,
    private readonly log: Log,
    private readonly timing: ResponderTiming = DEFAULT_TIMING,
  ) {
    // discord.js 14.28 reads attachment_size_limit but its typings do not list it yet
    const limit = (interaction as unknown as { attachmentSizeLimit?: number }).attachmentSizeLimit;
    this.attachmentSizeLimitBytes = typeof limit === 'number' && limit > 0 ? limit : DISCORD_LIMITS.defaultAttachmentSizeLimitBytes;
    this.isClickedReplaceable = isClickedMessageReplaceable(interaction);
    // the snowflake says when Discord created the interaction; trust at most 1 s of it (clock skew)
    const elapsedMs = Math.min(1000, Math.max(0, Date.now() - interaction.createdTimestamp));
    const delayMs = Math.max(0, Math.min(timing.ackDeadlineMs, DISCORD_LIMITS.acknowledgeWithinMs - 1000 - elapsedMs));
    this.ackTimer = setTimeout(() => {
      if (this.state === 'none') void this.acknowledge(false, true).catch((error) => this.log.error('safety deferral failed', { err: String(error) }));
    }, delayMs);
    this.ackTimer.unref();
  }

  /** True once the interaction has been acknowledged (deferred or answered). */
  get isAcknowledged(): boolean {
    return this.state !== 'none';
  }

  /** True once a final (non-progress) answer has been sent or queued. */
  get isAnswered(): boolean {
    return this.hasFinalAnswer;
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private body(reply: Reply) {
    return buildMessageBody(reply, { attachmentSizeLimitBytes: this.attachmentSizeLimitBytes, warn: this.log.warn });
  }

  /**
   * Defers at most once; called directly (not through the queue) by the safety timer, so that a
   * reply still being prepared (e.g. shrinking an image) cannot make the interaction miss 3 s.
   * The safety timer on a click on the bot's private message defers as an update (callback 6),
   * which shows nothing new, so that an answer replacing that message still can.
   */
  private acknowledge(ephemeral: boolean, isSafety = false): Promise<void> {
    if (!this.ackPromise) {
      clearTimeout(this.ackTimer);
      this.state = 'deferred';
      this.isEphemeral = ephemeral;
      if (isSafety && this.isClickedReplaceable && this.interaction.isMessageComponent()) {
        this.ackKind = 'update';
        this.ackPromise = this.interaction.deferUpdate().then(() => undefined);
      } else {
        this.ackPromise = this.interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}).then(() => undefined);
      }
    }
    return this.ackPromise;
  }

  /** Shows "nn-tutor is thinking…" (Discord's deferred response); a no-op once acknowledged. */
  defer(options?: { ephemeral?: boolean }): Promise<void> {
    if (this.state !== 'none' && this.ackKind === 'update') return this.enqueue(() => this.postWorkingMessage(options?.ephemeral ?? false));
    if (this.state !== 'none') return this.queue.then(() => undefined);
    return this.enqueue(() => (this.state === 'none' ? this.acknowledge(options?.ephemeral ?? false) : Promise.resolve()));
  }

  /** Sends the first answer, or replaces the original response if something acknowledged it meanwhile. */
  private async answer(reply: Reply, asFollowUp: boolean): Promise<void> {
    const body = await this.body(reply);
    if (this.state === 'none') {
      clearTimeout(this.ackTimer);
      this.state = 'replied';
      this.isEphemeral = Boolean(reply.ephemeral);
      if (!asFollowUp && repliesInPlace(reply, this.isClickedReplaceable) && this.interaction.isMessageComponent()) {
        // callback 7 UPDATE_MESSAGE: the clicked private message becomes this answer
        this.ackKind = 'update';
        this.answerTarget = '@original';
        const { flags: _ephemeralStaysAsItWas, ...update } = body;
        this.ackPromise = this.interaction.update(update).then(() => undefined);
      } else {
        this.ackPromise = this.interaction.reply(body).then(() => undefined);
      }
      await this.ackPromise;
      return;
    }
    await this.ackPromise;
    if (asFollowUp) {
      this.hasFollowedUp = true;
      await this.interaction.followUp(body);
      return;
    }
    if (this.ackKind === 'update') await this.answerAfterUpdate(reply, body);
    else await this.replaceOriginal(reply, body);
  }

  /**
   * After acknowledging on the clicked message: the answer replaces that message when it may (PATCH
   * @original), otherwise it is a follow-up, which later answers then edit.
   */
  private async answerAfterUpdate(reply: Reply, body: Awaited<ReturnType<DiscordResponder['body']>>): Promise<void> {
    this.state = 'replied';
    const { flags: _ephemeralIsFixedWhenSent, ...edit } = body;
    if (!this.answerTarget && repliesInPlace(reply, this.isClickedReplaceable)) {
      this.answerTarget = '@original';
      this.isEphemeral = true;
      await this.interaction.editReply(edit);
      return;
    }
    if (this.answerTarget && !(reply.ephemeral && !this.isEphemeral)) {
      await this.interaction.editReply({ ...edit, message: this.answerTarget });
      return;
    }
    // nothing of ours yet, or a public message that cannot become private: a new message
    if (this.answerTarget && this.answerTarget !== '@original') {
      await this.interaction.deleteReply(this.answerTarget).catch((error) => this.log.warn('could not delete the working message', { err: String(error) }));
    }
    const message = await this.interaction.followUp(body);
    this.answerTarget = message.id;
    this.isEphemeral = Boolean(reply.ephemeral);
  }

  /** After a safety update-deferral, an explicit defer (or progress) shows its own "working…" message. */
  private async postWorkingMessage(ephemeral: boolean): Promise<void> {
    await this.ackPromise;
    if (this.answerTarget || this.hasFinalAnswer) return;
    const message = await this.interaction.followUp({
      content: formatProgress(0, 'working…'),
      allowedMentions: { parse: [] },
      ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
    this.answerTarget = message.id;
    this.isEphemeral = ephemeral;
  }

  /** The first answer; after an acknowledgement it replaces the original response. */
  reply(reply: Reply): Promise<void> {
    this.markFinal();
    return this.enqueue(() => this.answer(reply, false));
  }

  /** Replaces the original response: text, components and attachments (old images do not pile up). */
  edit(reply: Reply): Promise<void> {
    return this.reply(reply);
  }

  /** A further message under the original response (the first answer when nothing was sent yet). */
  followUp(reply: Reply): Promise<void> {
    if (this.state === 'none') this.markFinal();
    return this.enqueue(() => this.answer(reply, true));
  }

  /**
   * Called when the command has returned: an interaction left unanswered would show "thinking…"
   * or "The application did not respond" forever, so it gets a short "Done.".
   */
  async finish(): Promise<void> {
    await this.queue;
    if (this.state === 'none') await this.reply({ text: 'Done.', ephemeral: true });
    // an update-deferral shows nothing that could hang; only a "working…" message of ours needs an end
    else if (this.ackKind === 'update' && !this.answerTarget) { /* nothing to finish */ }
    else if (this.state === 'deferred' && !this.hasFinalAnswer && !this.hasFollowedUp) await this.reply({ text: 'Done.' });
    await this.settle();
  }

  /** Edits the deferred response with a progress bar, at most once per progressIntervalMs. */
  async progress(fraction: number, text: string): Promise<void> {
    if (this.hasFinalAnswer) return;
    if (this.state === 'none') await this.defer();
    const waitMs = this.lastProgressAt + this.timing.progressIntervalMs - Date.now();
    if (waitMs > 0) {
      this.pendingProgress = { fraction, text };
      this.progressTimer ??= setTimeout(() => {
        this.progressTimer = null;
        const pending = this.pendingProgress;
        this.pendingProgress = null;
        if (pending && !this.hasFinalAnswer) void this.sendProgress(pending.fraction, pending.text);
      }, waitMs);
      return;
    }
    await this.sendProgress(fraction, text);
  }

  private sendProgress(fraction: number, text: string): Promise<void> {
    this.lastProgressAt = Date.now();
    return this.enqueue(async () => {
      // the gap counts between edits as sent: one held up in the queue must not bring the next closer
      const holdMs = this.lastProgressSentAt + this.timing.progressIntervalMs - Date.now();
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      if (this.hasFinalAnswer) return;
      // after an update-deferral @original is the clicked message: progress goes to a message of its own
      if (this.ackKind === 'update' && !this.answerTarget) await this.postWorkingMessage(false);
      if (this.hasFinalAnswer) return;
      this.lastProgressSentAt = Date.now();
      this.lastProgressAt = Math.max(this.lastProgressAt, this.lastProgressSentAt);
      const target = this.ackKind === 'update' ? { message: this.answerTarget } : {};
      await this.interaction.editReply({ content: formatProgress(fraction, text), allowedMentions: { parse: [] }, ...target });
    }).catch((error) => this.log.warn('progress edit failed', { err: String(error) }));
  }

  private markFinal(): void {
    this.hasFinalAnswer = true;
    this.pendingProgress = null;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
  }

  private async replaceOriginal(reply: Reply, body: Awaited<ReturnType<DiscordResponder['body']>>): Promise<void> {
    if (this.isOriginalDeleted) {
      await this.interaction.followUp(body);
      return;
    }
    if (reply.ephemeral && !this.isEphemeral) {
      // an existing public message cannot become ephemeral: remove "thinking…" and answer privately
      this.isOriginalDeleted = true;
      this.state = 'replied';
      await this.interaction.deleteReply().catch((error) => this.log.warn('could not delete the deferred reply', { err: String(error) }));
      await this.interaction.followUp(body);
      return;
    }
    const { flags: _ephemeralFlagIsFixedAtDefer, ...edit } = body;
    this.state = 'replied';
    await this.interaction.editReply(edit);
  }

  /** Waits for every queued REST call and stops the timers. */
  async settle(): Promise<void> {
    clearTimeout(this.ackTimer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    await this.queue;
  }
}
