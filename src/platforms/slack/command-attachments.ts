/** Turns a Slack slash command's attachment options (names or ids of files shared in the channel) into ChatAttachments. */
import type { WebClient } from '@slack/web-api';
import type { ChatAttachment, CommandDef } from '../../chat/types.ts';
import type { DownloadPolicy } from '../remote-attachment.ts';
import { isPasteRequest } from './paste-modal.ts';
import { findSharedFile, sharedFileAttachment } from './shared-files.ts';

/** What the lookup needs: the bot's Web API client and token, the channel the command was typed in, the download policy. */
export interface SharedFileContext {
  client: WebClient;
  botToken: string;
  channelId: string;
  policy: DownloadPolicy;
}

/** The first attachment option that asks for the paste box (`data:paste`), if any. */
export function pasteOptionOf(def: CommandDef, options: Record<string, unknown>): string | undefined {
  return def.options.find((o) => o.type === 'attachment' && isPasteRequest(options[o.name]))?.name;
}

/**
 * Looks up every attachment option's file among the channel's shared files (files.info; by name
 * through the channel history) and returns the options with each value replaced by the file's
 * real name, plus the files as ChatAttachments. Throws a UserError when a file cannot be found or
 * read here; nothing is downloaded until a command reads it.
 */
export async function resolveSharedFileOptions(
  def: CommandDef,
  options: Record<string, string | boolean>,
  context: SharedFileContext,
): Promise<{ options: Record<string, string | boolean>; attachments: ChatAttachment[] }> {
  const resolved = { ...options };
  const attachments: ChatAttachment[] = [];
  for (const option of def.options) {
    const value = options[option.name];
    if (option.type !== 'attachment' || typeof value !== 'string' || !value.trim()) continue;
    const file = await findSharedFile(context.client, context.channelId, value);
    const attachment = sharedFileAttachment(file, context.botToken, context.policy);
    resolved[option.name] = attachment.name;
    attachments.push(attachment);
  }
  return { options: resolved, attachments };
}
