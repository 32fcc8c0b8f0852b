import type { Reply, Responder } from '../../chat/types.ts';
import { newId, type Channel, type ChatMessage } from './channel.ts';

const BOT = { id: 'nn-tutor', name: 'nn-tutor', isBot: true };
const PROGRESS_EVERY_MS = 250;

/** What a reply becomes in the channel. */
function replyFields(channel: Channel, reply: Reply, userId: string): Partial<ChatMessage> {
  return {
    text: reply.text,
    images: channel.storeImages(reply.images),
    files: channel.storeFiles(reply.files, reply.ephemeral ? userId : undefined),
    buttons: reply.buttons,
    selects: reply.selects,
    countdown: reply.countdown,
    widget: reply.widget,
    live: reply.live,
    error: reply.error,
    progress: null,
    isPending: false,
    ...(reply.ephemeral ? { visibleTo: userId } : {}),
  };
}

/** Where the answer to one command or click lands besides the channel. */
export interface AnswerPlace {
  /**
   * The caller's command line, posted visible only to them: it is shown to everyone once the
   * command answers publicly, and stays private when the answer is private or an error (as on Discord).
   */
  commandMessageId?: string;
  /**
   * The message whose button or menu was used: a private reply that asks for it replaces it in
   * place, unless it shows pictures (experiment results stay on the page to scroll back to).
   */
  clickedMessageId?: string;
}

/**
 * Answers one command or click into the shared channel: `defer` shows a "thinking" message with a
 * progress bar (updates throttled to one per 250 ms, the last one always shown), `reply`/`edit`
 * fill it in, `followUp` posts another message. Ephemeral answers are shown only to the caller.
 */
export function createChannelResponder(channel: Channel, caller: { userId: string; name: string }, commandText: string, place: AnswerPlace = {}): Responder {
  let messageId: string | undefined;
  let isCommandShown = false;
  let hasFinalAnswer = false;
  /** Shows the caller's command line to everyone the first time the command answers publicly. */
  const noteAnswer = (isPublic: boolean) => {
    if (!isPublic || isCommandShown || !place.commandMessageId) return;
    isCommandShown = true;
    channel.update(place.commandMessageId, { visibleTo: undefined });
  };
  /**
   * The first final answer (after a public "working…") decides: a command that failed or answered
   * privately takes its line back from the others, as its placeholder disappears for them too.
   */
  const noteFinalAnswer = (reply: Reply) => {
    const isPublic = !reply.ephemeral && !reply.error;
    if (!hasFinalAnswer && !isPublic && isCommandShown && place.commandMessageId) {
      isCommandShown = false;
      channel.update(place.commandMessageId, { visibleTo: caller.userId });
    }
    hasFinalAnswer = true;
    noteAnswer(isPublic);
  };
  /** The clicked message, when this reply may take its place: the caller's own private message. */
  const replaceableClicked = (reply: Reply): string | undefined => {
    if (!reply.replacesClickedMessage || !reply.ephemeral || !place.clickedMessageId) return undefined;
    const clicked = channel.find(place.clickedMessageId);
    return clicked?.author.isBot && clicked.visibleTo === caller.userId && !clicked.images?.length ? clicked.id : undefined;
  };
  let lastProgressMs = 0;
  let pendingProgress: NodeJS.Timeout | undefined;
  let latestProgress: { fraction: number; text: string } | undefined;
  const inReplyTo = { name: caller.name, command: commandText };

  const flushProgress = () => {
    pendingProgress = undefined;
    if (!messageId || !latestProgress) return;
    lastProgressMs = Date.now();
    channel.update(messageId, { progress: latestProgress });
  };
  const stopProgress = () => {
    if (pendingProgress) clearTimeout(pendingProgress);
    pendingProgress = undefined;
    latestProgress = undefined;
  };
  const post = (fields: Partial<ChatMessage>) => {
    const message: ChatMessage = { id: newId(), author: BOT, inReplyTo, createdAtMs: Date.now(), ...fields };
    channel.post(message);
    return message.id;
  };

  return {
    async defer(options) {
      noteAnswer(!options?.ephemeral);
      messageId = post({ isPending: true, progress: { fraction: 0, text: 'working…' }, ...(options?.ephemeral ? { visibleTo: caller.userId } : {}) });
    },
    async reply(reply) {
      stopProgress();
      noteFinalAnswer(reply);
      const clickedId = replaceableClicked(reply);
      if (clickedId) {
        messageId = clickedId;
        channel.update(clickedId, { images: undefined, files: undefined, buttons: undefined, selects: undefined, countdown: undefined, ...replyFields(channel, reply, caller.userId), inReplyTo, createdAtMs: Date.now() });
      } else messageId = post(replyFields(channel, reply, caller.userId));
    },
    async edit(reply) {
      stopProgress();
      noteFinalAnswer(reply);
      if (!messageId) messageId = post(replyFields(channel, reply, caller.userId));
      else channel.update(messageId, { images: undefined, files: undefined, buttons: undefined, selects: undefined, ...replyFields(channel, reply, caller.userId) });
    },
    async followUp(reply) {
      noteAnswer(!reply.ephemeral && !reply.error);
      post(replyFields(channel, reply, caller.userId));
    },
    async progress(fraction, text) {
      latestProgress = { fraction, text };
      const waitMs = PROGRESS_EVERY_MS - (Date.now() - lastProgressMs);
      if (waitMs <= 0) flushProgress();
      else pendingProgress ??= setTimeout(flushProgress, waitMs);
    },
  };
}

/** The final answer of a command as JSON (the local HTTP API). */
export interface CollectedReply extends Omit<Reply, 'images' | 'files'> {
  images?: { name: string; alt: string; contentType: string; base64: string }[];
  files?: { name: string; contentType: string; base64: string }[];
  followUps?: CollectedReply[];
  progressUpdates: number;
}

function toJson(reply: Reply): CollectedReply {
  const { images, files, ...rest } = reply;
  return {
    ...rest,
    ...(images ? { images: images.map((i) => ({ name: i.name, alt: i.alt, contentType: i.contentType, base64: i.data.toString('base64') })) } : {}),
    ...(files ? { files: files.map((f) => ({ name: f.name, contentType: f.contentType, base64: f.data.toString('base64') })) } : {}),
    progressUpdates: 0,
  };
}

/** A Responder that records the final reply (last reply/edit) and follow-ups, for the JSON API and tests. */
export function createCollectingResponder(): Responder & { result(): CollectedReply } {
  let final: Reply | undefined;
  const followUps: Reply[] = [];
  let progressUpdates = 0;
  return {
    async defer() {},
    async reply(reply) { final = reply; },
    async edit(reply) { final = reply; },
    async followUp(reply) { followUps.push(reply); },
    async progress() { progressUpdates += 1; },
    result() {
      const collected = toJson(final ?? { text: '' });
      collected.progressUpdates = progressUpdates;
      if (followUps.length) collected.followUps = followUps.map(toJson);
      return collected;
    },
  };
}
