/**
 * Pictures of a private (ephemeral) answer. Slack cannot attach files to an ephemeral message, so
 * they go to the student's direct message with the bot, and the private answer says so.
 */
import type { WebClient } from '@slack/web-api';
import { logger } from '../../chat/logger.ts';
import { escapeSlackText } from './mrkdwn.ts';
import { uploadImagesToConversation, type UploadableFile } from './uploads.ts';

/** The note under a private answer whose pictures were sent by direct message. */
export const PICTURES_SENT_BY_DM_NOTE = 'Pictures: sent to you in a direct message from nn-tutor.';
/** The note under a private answer whose files (and pictures) were sent by direct message. */
export const FILES_SENT_BY_DM_NOTE = 'Pictures and files: sent to you in a direct message from nn-tutor.';
/** The note under a private answer whose pictures could not be delivered anywhere. */
export const PICTURES_NOT_SENT_NOTE = 'Pictures are only posted with replies the whole channel sees.';

/**
 * Opens (or reopens) the direct message between the bot and `userId` with conversations.open
 * (scope im:write) and uploads the images there; returns the note for the private answer. Never
 * throws: a missing scope, a refusal or a timeout logs one warning and gives the old note.
 */
export async function sendPicturesByDirectMessage(
  client: WebClient,
  target: { userId: string; channelId: string; label: string },
  images: UploadableFile[],
): Promise<string> {
  try {
    const opened = await client.conversations.open({ users: target.userId });
    const dmChannelId = opened.channel?.id;
    if (!dmChannelId) throw new Error('conversations.open returned no channel id');
    const where = target.channelId && target.channelId !== dmChannelId ? ` in <#${target.channelId}>` : '';
    await uploadImagesToConversation(client, dmChannelId, images, {
      initialComment: `${images.some((i) => i.alt === undefined) ? 'Files' : 'Pictures'} for your private answer to ${escapeSlackText(target.label)}${where}:`,
    });
    return images.some((i) => i.alt === undefined) ? FILES_SENT_BY_DM_NOTE : PICTURES_SENT_BY_DM_NOTE;
  } catch (error) {
    const code = (error as { data?: { error?: string } } | undefined)?.data?.error;
    logger.warn({ err: error, code, user: target.userId }, 'slack: could not send a private answer\'s pictures by direct message');
    return PICTURES_NOT_SENT_NOTE;
  }
}
