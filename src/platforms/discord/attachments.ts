/** Files sent with a slash command's attachment options, as ChatAttachments that download from Discord's CDN only. */
import type { ChatAttachment } from '../../chat/types.ts';
import { createRemoteAttachment, type DownloadPolicy } from '../remote-attachment.ts';

/** Discord's CDN hosts: an attachment option's `url` (cdn) and `proxy_url` (media proxy) point here. */
export const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];
/** How long downloading one attachment may take by default. */
export const DEFAULT_ATTACHMENT_TIMEOUT_MS = 15_000;

/** The parts of discord.js's resolved Attachment that a download needs. */
interface ResolvedAttachment {
  name: string;
  size: number;
  contentType: string | null;
  url: string;
  proxyURL: string;
}

/** One option of an interaction as discord.js gives it; `attachment` is set for ATTACHMENT (11) options. */
interface OptionData {
  name: string;
  value?: unknown;
  attachment?: ResolvedAttachment;
}

/** The download policy for Discord: its CDN hosts unless the settings name others (a test's fake CDN). */
export function discordDownloadPolicy(settings: { attachmentHosts?: readonly string[]; attachmentTimeoutMs?: number }): DownloadPolicy {
  return {
    allowedHosts: settings.attachmentHosts ?? DISCORD_CDN_HOSTS,
    timeoutMs: settings.attachmentTimeoutMs ?? DEFAULT_ATTACHMENT_TIMEOUT_MS,
    platformLabel: 'Discord',
  };
}

/**
 * The attachments of a slash command: Discord sends an attachment option's value as the
 * attachment id and the file itself in `data.resolved.attachments` (discord.js puts it on the
 * option as `attachment`); each becomes a ChatAttachment named after the file, whose `read` checks
 * Discord's reported `size` and `content_type` and downloads `url` (else `proxy_url`) from a trusted host.
 */
export function attachmentsOf(options: readonly OptionData[], policy: DownloadPolicy): ChatAttachment[] {
  const attachments: ChatAttachment[] = [];
  for (const option of options) {
    const file = option.attachment;
    if (!file) continue;
    attachments.push(
      createRemoteAttachment(
        {
          name: file.name,
          ...(file.contentType ? { contentType: file.contentType } : {}),
          sizeBytes: file.size,
          urls: [file.url, file.proxyURL].filter((u): u is string => typeof u === 'string' && u.length > 0),
        },
        policy,
      ),
    );
  }
  return attachments;
}
