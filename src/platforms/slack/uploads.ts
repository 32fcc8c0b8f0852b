/** Posting a reply's pictures to a Slack conversation with files.uploadV2. */
import type { WebClient } from '@slack/web-api';
import type { ReplyImage } from '../../chat/types.ts';

/** A picture (with alt text) or another file (a CSV export) to upload. */
export type UploadableFile = Pick<ReplyImage, 'name' | 'data'> & { alt?: string };

/** A reply's pictures and files together, in that order, for one upload. */
export function uploadsOf(reply: { images?: ReplyImage[]; files?: { name: string; data: Buffer }[] }): UploadableFile[] {
  return [...(reply.images ?? []), ...(reply.files ?? []).map((f) => ({ name: f.name, data: f.data }))];
}

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
  images: UploadableFile[],
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
      ...(image.alt ? { alt_text: image.alt.slice(0, ALT_TEXT_MAX_CHARS) } : {}),
    })),
  });
  const completions = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  return completions.flatMap((completion) => (completion.files ?? []).map((file) => file.id).filter((id): id is string => Boolean(id)));
}
