/** Posting a reply's pictures to a Slack conversation with files.uploadV2. */
import type { WebClient } from '@slack/web-api';
import type { ReplyImage } from '../../chat/types.ts';

/** Slack's limit on a file's alt text (files.getUploadURLExternal `alt_text`). */
const ALT_TEXT_MAX_CHARS = 1000;

/**
 * Uploads images as one message in a conversation with files.uploadV2 (files.getUploadURLExternal
 * per file → POST the bytes to its upload URL → files.completeUploadExternal with `channel_id`)
 * and returns the new files' ids. Throws the Web API's error when Slack refuses a step.
 */
export async function uploadImagesToConversation(
  client: WebClient,
  channelId: string,
  images: ReplyImage[],
  extra: { threadTs?: string; initialComment?: string } = {},
): Promise<string[]> {
  const result = await client.filesUploadV2({
    channel_id: channelId,
    ...(extra.threadTs ? { thread_ts: extra.threadTs } : {}),
    ...(extra.initialComment ? { initial_comment: extra.initialComment } : {}),
    file_uploads: images.map((image) => ({
      file: image.data,
      filename: image.name,
      title: image.name,
      alt_text: image.alt.slice(0, ALT_TEXT_MAX_CHARS),
    })),
  });
  const completions = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  return completions.flatMap((completion) => (completion.files ?? []).map((file) => file.id).filter((id): id is string => Boolean(id)));
}
