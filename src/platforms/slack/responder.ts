import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { logger } from '../../chat/logger.ts';
import type { Reply, Responder } from '../../chat/types.ts';
import { progressMessage, replyToMessage, type SlackMessage } from './blocks.ts';
import { sendPicturesByDirectMessage } from './direct-message-pictures.ts';
import { uploadImagesToConversation, uploadsOf } from './uploads.ts';

/**
 * Slack lets an app use one interaction's response_url at most five times within 30 minutes.
 * Progress may use it only while this many uses are left, so the final answer, an error and a
 * follow-up always fit.
 */
const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_USES_KEPT_FROM_PROGRESS = 2;
/** Least advance between two progress updates sent through response_url (a third of the way). */
const RESPONSE_URL_PROGRESS_STEP = 0.3;

/** Where one interaction came from and what the responder may use to answer it. */
export interface SlackInteraction {
  /** A slash command answers through response_url; a button or select through the Web API. */
  kind: 'command' | 'component';
  /** How the user invoked it, shown in progress ("/train", "/nn train", "train: Animate"). */
  label: string;
  channelId: string;
  userId: string;
  /** Set when the click happened inside a thread: answers stay in that thread. */
  threadTs?: string;
  /**
   * A click on an ephemeral message (Slack's signed `container.is_ephemeral`). Only the clicker
   * sees it and only the app that posted it receives its clicks, so it is the bot's own private message.
   */
  isClickedMessageEphemeral?: boolean;
  respond: RespondFn;
  client: WebClient;
  progressIntervalMs: number;
  /** Extra help added under a user error (the usage message when the error is about options). */
  explainUserError?: (message: string) => string | undefined;
}

/** The first answer, once made: whether only the caller sees it and how to replace it. */
interface Answer {
  ephemeral: boolean;
  /** The `ts` of a message posted with chat.postMessage (component answers); replaced with chat.update. */
  ts?: string;
  /** Replaced through response_url with replace_original (slash-command answers). */
  isViaResponseUrl: boolean;
  /** Nothing visible yet (a component deferred ephemerally). */
  isPending?: boolean;
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: string } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Turns the chat layer's Responder calls into Slack messages. Slash commands: the first answer
 * and its edits and progress go through `respond` (replace_original), counted against Slack's
 * five uses; components: a new message with chat.postMessage, edited with chat.update. Images are
 * uploaded to the channel with files.uploadV2 (the three-step external upload) after the text;
 * an edit that brings images deletes the ones it replaces. A private answer cannot carry files:
 * its images go to the caller's direct message with the bot first, and its text says so. Calls run one at a time in order, so
 * a slow progress update can never land on top of the final answer.
 */
export class SlackResponder implements Responder {
  private answer: Answer | undefined;
  private responseUrlUses = 0;
  private lastProgressAtMs = -Infinity;
  private lastProgressFraction = -Infinity;
  private isFinal = false;
  private uploadedFileIds: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly interaction: SlackInteraction) {}

  defer(options?: { ephemeral?: boolean }): Promise<void> {
    return this.enqueue(() => this.doDefer(Boolean(options?.ephemeral)));
  }

  reply(reply: Reply): Promise<void> {
    this.isFinal = true;
    return this.enqueue(() => (this.answer ? this.doEdit(reply) : this.doReply(reply)));
  }

  edit(reply: Reply): Promise<void> {
    this.isFinal = true;
    return this.enqueue(() => (this.answer ? this.doEdit(reply) : this.doReply(reply)));
  }

  followUp(reply: Reply): Promise<void> {
    return this.enqueue(() => (this.answer ? this.doFollowUp(reply) : this.doReply(reply)));
  }

  progress(fraction: number, text: string): Promise<void> {
    const nowMs = Date.now();
    // Throttled here, before queueing: a training loop that reports every epoch is never slowed down.
    if (this.isFinal || nowMs - this.lastProgressAtMs < this.interaction.progressIntervalMs) return Promise.resolve();
    // response_url allows only a couple of progress updates: spend them on visible steps forward.
    if (this.interaction.kind === 'command' && fraction - this.lastProgressFraction < RESPONSE_URL_PROGRESS_STEP) return Promise.resolve();
    this.lastProgressAtMs = nowMs;
    this.lastProgressFraction = fraction;
    return this.enqueue(() => this.doProgress(fraction, text));
  }

  /** Runs answer steps one after another; a failed step is logged and does not block the next. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doDefer(ephemeral: boolean): Promise<void> {
    if (this.answer) return;
    const placeholder: SlackMessage = {
      text: `⏳ Working on ${this.interaction.label}…`,
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `⏳ Working on \`${this.interaction.label}\`…` }] }],
    };
    if (this.interaction.kind === 'command') {
      await this.sendViaResponseUrl({ ...placeholder, response_type: ephemeral ? 'ephemeral' : 'in_channel' }, ephemeral);
      this.answer = { ephemeral, isViaResponseUrl: true };
    } else if (ephemeral) {
      this.answer = { ephemeral, isViaResponseUrl: true, isPending: true };
    } else {
      this.answer = await this.postNewMessage(placeholder);
    }
  }

  private async doReply(reply: Reply): Promise<void> {
    if (this.needsUpdatableMessage(reply)) {
      this.answer = await this.postNewMessage(await this.render(reply));
      await this.uploadImages(reply);
      return;
    }
    if (this.repliesInPlace(reply)) {
      await this.replaceClickedMessage(await this.render(reply));
      this.answer = { ephemeral: true, isViaResponseUrl: true };
      return;
    }
    this.answer = await this.sendNewMessage(await this.render(reply), Boolean(reply.ephemeral));
    await this.uploadImages(reply);
  }

  private async doEdit(reply: Reply): Promise<void> {
    const answer = this.answer!;
    const ephemeral = Boolean(reply.ephemeral);
    if (ephemeral && !answer.ephemeral) {
      // A failure after a public "working…" note: remove the note, tell only the caller.
      await this.removeAnswer(answer);
      this.answer = undefined;
      return this.doReply(reply);
    }
    if (!answer.ts && !answer.ephemeral && this.needsUpdatableMessage(reply)) {
      // the "working…" note goes; the live view becomes a message chat.update can replace
      await this.removeAnswer(answer);
      this.answer = undefined;
      return this.doReply(reply);
    }
    const message = await this.render(reply);
    if (answer.ts) {
      await this.interaction.client.chat.update({ channel: this.interaction.channelId, ts: answer.ts, ...message });
    } else if (answer.isPending) {
      if (this.repliesInPlace(reply)) await this.replaceClickedMessage(message);
      else await this.sendViaResponseUrl({ ...message, response_type: 'ephemeral', replace_original: false }, true);
      this.answer = { ...answer, isPending: false };
    } else {
      // A component's response_url would replace the message holding the button, not our answer:
      // without a ts to update, a component's edit becomes a new message.
      const isReplaceable = this.interaction.kind === 'command';
      await this.sendViaResponseUrl(
        { ...message, response_type: answer.ephemeral ? 'ephemeral' : 'in_channel', replace_original: isReplaceable },
        answer.ephemeral,
      );
    }
    if (reply.images !== undefined || reply.files !== undefined) {
      await this.deleteUploadedImages();
      await this.uploadImages(reply);
    }
  }

  private async doFollowUp(reply: Reply): Promise<void> {
    // Not recorded as the answer: later edits keep replacing the first answer, not this follow-up.
    await this.sendNewMessage(await this.render(reply), Boolean(reply.ephemeral));
    const previous = [...this.uploadedFileIds];
    await this.uploadImages(reply);
    // A follow-up's images belong to it; only the first answer's images are replaced by edits.
    this.uploadedFileIds = previous;
  }

  private async doProgress(fraction: number, text: string): Promise<void> {
    const answer = this.answer;
    if (!answer || answer.isPending || this.isFinal) return;
    const message = progressMessage(this.interaction.label, fraction, text);
    try {
      if (answer.ts) {
        await this.interaction.client.chat.update({ channel: this.interaction.channelId, ts: answer.ts, ...message });
      } else if (
        this.interaction.kind === 'command' &&
        this.responseUrlUses < RESPONSE_URL_MAX_USES - RESPONSE_URL_USES_KEPT_FROM_PROGRESS
      ) {
        this.responseUrlUses++;
        await this.interaction.respond({
          ...message,
          response_type: answer.ephemeral ? 'ephemeral' : 'in_channel',
          replace_original: true,
        });
      }
    } catch (error) {
      // Progress is a courtesy: losing one update must not fail the command.
      logger.warn({ err: error, label: this.interaction.label }, 'slack: progress update failed');
    }
  }

  /**
   * A live training view is replaced every 1.5 s while it trains: response_url allows five uses,
   * so it is posted with chat.postMessage and replaced with chat.update (public answers only).
   */
  private needsUpdatableMessage(reply: Reply): boolean {
    return Boolean(reply.live) && !reply.ephemeral && !reply.error;
  }

  /**
   * True when this reply takes the place of the clicked message (a lesson step moving on), as in the
   * web chat and on Discord: it asks to, is private, has no pictures, and the click was on the bot's
   * own ephemeral message.
   */
  private repliesInPlace(reply: Reply): boolean {
    const { kind, isClickedMessageEphemeral } = this.interaction;
    return Boolean(reply.replacesClickedMessage && reply.ephemeral && !reply.images?.length && kind === 'component' && isClickedMessageEphemeral);
  }

  /** Replaces the clicked ephemeral message through the click's response_url (chat.update cannot reach ephemeral messages). */
  private async replaceClickedMessage(message: SlackMessage): Promise<void> {
    await this.sendViaResponseUrl({ ...message, response_type: 'ephemeral', replace_original: true }, true);
  }

  /** The reply as a Slack message; a private reply's pictures are sent by direct message first, so its note can say where they went. */
  private async render(reply: Reply): Promise<SlackMessage> {
    const notes: string[] = [];
    if (reply.error?.kind === 'user') {
      const extra = this.interaction.explainUserError?.(reply.error.message);
      if (extra) reply = { ...reply, text: `${reply.text ?? ''}\n\n${extra}` };
    }
    if (reply.ephemeral && (reply.images?.length || reply.files?.length)) {
      const { userId, channelId, label } = this.interaction;
      notes.push(await sendPicturesByDirectMessage(this.interaction.client, { userId, channelId, label }, uploadsOf(reply)));
    }
    return replyToMessage(reply, notes.join(' ') || undefined);
  }

  /**
   * Sends a message that replaces nothing and says how it can be replaced later: slash commands
   * and ephemeral answers go through response_url, a component's public answer is posted with
   * chat.postMessage (so it has a ts that chat.update can target).
   */
  private async sendNewMessage(message: SlackMessage, ephemeral: boolean): Promise<Answer> {
    if (this.interaction.kind === 'command' || ephemeral) {
      await this.sendViaResponseUrl(
        { ...message, response_type: ephemeral ? 'ephemeral' : 'in_channel', replace_original: false },
        ephemeral,
      );
      return { ephemeral, isViaResponseUrl: true };
    }
    return this.postNewMessage(message);
  }

  /**
   * Answers through response_url while Slack still accepts it there; past five uses, or when the
   * URL has expired, falls back to the Web API (a new message, or an ephemeral one).
   */
  private async sendViaResponseUrl(body: RespondArguments, ephemeral: boolean): Promise<void> {
    if (this.responseUrlUses < RESPONSE_URL_MAX_USES) {
      this.responseUrlUses++;
      try {
        await this.interaction.respond(body);
        return;
      } catch (error) {
        logger.warn({ err: error, label: this.interaction.label }, 'slack: response_url refused; using the Web API');
      }
    }
    const message = { text: body.text ?? ' ', blocks: (body as { blocks?: SlackMessage['blocks'] }).blocks ?? [] };
    if (ephemeral) {
      await this.interaction.client.chat.postEphemeral({
        channel: this.interaction.channelId,
        user: this.interaction.userId,
        ...message,
      });
    } else {
      await this.withChannelAccess(() => this.interaction.client.chat.postMessage({ channel: this.interaction.channelId, ...message }));
    }
  }

  /** Posts a public message with the Web API (for component answers), so later edits can target its ts. */
  private async postNewMessage(message: SlackMessage): Promise<Answer> {
    try {
      const posted = await this.withChannelAccess(() =>
        this.interaction.client.chat.postMessage({
          channel: this.interaction.channelId,
          ...(this.interaction.threadTs ? { thread_ts: this.interaction.threadTs } : {}),
          ...message,
        }),
      );
      return { ephemeral: false, ts: posted.ts, isViaResponseUrl: false };
    } catch (error) {
      // Not allowed to post here (private channel without the bot): answer through response_url instead.
      logger.warn({ err: error, code: slackErrorCode(error) }, 'slack: chat.postMessage failed; using response_url');
      await this.sendViaResponseUrl({ ...message, response_type: 'in_channel', replace_original: false }, false);
      return { ephemeral: false, isViaResponseUrl: true };
    }
  }

  private async removeAnswer(answer: Answer): Promise<void> {
    try {
      if (answer.ts) await this.interaction.client.chat.delete({ channel: this.interaction.channelId, ts: answer.ts });
      else if (answer.isViaResponseUrl && this.interaction.kind === 'command') {
        await this.sendViaResponseUrl({ delete_original: true }, answer.ephemeral);
      }
    } catch (error) {
      logger.warn({ err: error }, 'slack: could not remove the working note');
    }
  }

  /** Retries once after joining a public channel the bot is not in yet (scope channels:join). */
  private async withChannelAccess<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const code = slackErrorCode(error);
      if ((code === 'not_in_channel' || code === 'channel_not_found') && this.interaction.channelId.startsWith('C')) {
        await this.interaction.client.conversations.join({ channel: this.interaction.channelId });
        return call();
      }
      throw error;
    }
  }

  /** Uploads a public reply's images as one message in the channel (files.uploadV2: get URL → upload → complete). */
  private async uploadImages(reply: Reply): Promise<void> {
    const images = uploadsOf(reply);
    if (!images.length || reply.ephemeral) return;
    try {
      const fileIds = await this.withChannelAccess(() =>
        uploadImagesToConversation(this.interaction.client, this.interaction.channelId, images, {
          ...(this.interaction.threadTs ? { threadTs: this.interaction.threadTs } : {}),
        }),
      );
      this.uploadedFileIds.push(...fileIds);
    } catch (error) {
      logger.warn({ err: error, code: slackErrorCode(error) }, 'slack: image upload failed');
      await this.sendViaResponseUrl(
        {
          response_type: 'ephemeral',
          replace_original: false,
          text:
            "I couldn't post the pictures in this channel. Invite me with `/invite @nn-tutor` " +
            '(or run the command in a channel I am in) and try again.',
        },
        true,
      ).catch((notifyError) => logger.warn({ err: notifyError }, 'slack: could not report the failed upload'));
    }
  }

  private async deleteUploadedImages(): Promise<void> {
    const ids = this.uploadedFileIds;
    this.uploadedFileIds = [];
    for (const file of ids) {
      try {
        await this.interaction.client.files.delete({ file });
      } catch (error) {
        logger.warn({ err: error, file }, 'slack: could not delete a replaced image');
      }
    }
  }
}
