/**
 * Slash commands cannot carry files, so `/train data:<file>` names a file already shared in the
 * channel: by its id (F…, from "Copy link to file") or by its file name (the newest file of that
 * name in the channel's recent history). The file is looked up with files.info and becomes a
 * ChatAttachment that downloads `url_private_download` with the bot token, from Slack's file host only.
 */
import type { WebClient } from '@slack/web-api';
import { UserError } from '../../chat/errors.ts';
import { showValue } from '../../chat/input-messages.ts';
import type { ChatAttachment } from '../../chat/types.ts';
import { createRemoteAttachment, type DownloadPolicy } from '../remote-attachment.ts';

/** Where Slack serves private files (url_private, url_private_download). */
export const SLACK_FILE_HOSTS: readonly string[] = ['files.slack.com'];
/** How long downloading one shared file may take by default. */
export const DEFAULT_FILE_TIMEOUT_MS = 15_000;
/** How many recent messages of the channel are searched for a file named in a command. */
export const HISTORY_MESSAGES_SEARCHED = 200;

const FILE_ID = /^F[A-Z0-9]{6,}$/;
/** A link to a file ("Copy link to file"): …/files/<user>/<F…>/<name>. */
const FILE_LINK = /\/files\/[A-Z0-9]+\/(F[A-Z0-9]{6,})(?:\/|$)/;

/** The fields of a Slack file object used here (files.info `file`, a message's `files[]`). */
export interface SlackFileObject {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
  /** 'check_file_info' on a history entry that omits the details; 'access_denied' when hidden. */
  file_access?: string;
  mode?: string;
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: string } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** The download policy for Slack: its file host unless the settings name others (a test's fake Slack). */
export function slackDownloadPolicy(settings: { fileHosts?: readonly string[]; fileTimeoutMs?: number }): DownloadPolicy {
  return { allowedHosts: settings.fileHosts ?? SLACK_FILE_HOSTS, timeoutMs: settings.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS, platformLabel: 'Slack' };
}

/** True when Slack says the file was shared in `channelId` (public or private channel, or a DM). */
export function isSharedIn(file: SlackFileObject, channelId: string): boolean {
  if ([...(file.channels ?? []), ...(file.groups ?? []), ...(file.ims ?? [])].includes(channelId)) return true;
  return Boolean(file.shares?.public?.[channelId] ?? file.shares?.private?.[channelId]);
}

/** The file id a reference names directly (an F… id or a file link), if it does. */
export function fileIdOf(reference: string): string | undefined {
  const trimmed = reference.trim();
  if (FILE_ID.test(trimmed)) return trimmed;
  return trimmed.match(FILE_LINK)?.[1];
}

/** A UserError for a Web API failure while finding a file, saying what the workspace must change. */
function lookupFailure(error: unknown, reference: string): UserError {
  const code = slackErrorCode(error);
  if (code === 'file_not_found' || code === 'file_deleted')
    return new UserError(`There is no file ${showValue(reference)} (any more). Share the file in this channel and run the command again.`);
  if (code === 'missing_scope')
    return new UserError('I am not allowed to read files here: the app needs the `files:read` and `channels:history` (`groups:history` in private channels) scopes. Ask the workspace admin to reinstall the app from its manifest.');
  if (code === 'not_in_channel' || code === 'channel_not_found')
    return new UserError('I cannot read this channel\'s messages. Invite me with `/invite @nn-tutor`, share the file again, then run the command again.');
  return new UserError(`I could not look up ${showValue(reference)} in Slack (${code ?? (error as Error)?.message ?? 'no answer'}). Try again in a moment.`);
}

/** Reads the channel's latest messages; in a public channel the bot has not joined yet, joins it once (scope channels:join) and retries. */
async function readHistory(client: WebClient, channelId: string) {
  try {
    return await client.conversations.history({ channel: channelId, limit: HISTORY_MESSAGES_SEARCHED });
  } catch (error) {
    if (slackErrorCode(error) !== 'not_in_channel' || !channelId.startsWith('C')) throw error;
    await client.conversations.join({ channel: channelId });
    return client.conversations.history({ channel: channelId, limit: HISTORY_MESSAGES_SEARCHED });
  }
}

/** The newest file called `name` (or with that title) in the channel's last messages, or undefined. */
async function findByName(client: WebClient, channelId: string, name: string): Promise<string | undefined> {
  const wanted = name.trim().toLowerCase();
  const history = await readHistory(client, channelId);
  for (const message of history.messages ?? []) {
    for (const file of (message as { files?: SlackFileObject[] }).files ?? []) {
      if (file.name?.toLowerCase() === wanted || file.title?.toLowerCase() === wanted) return file.id;
    }
  }
  return undefined;
}

/**
 * Finds the file a command's option names, shared in `channelId`, and checks that it was shared
 * there (a file id from another channel is refused). Throws a UserError saying how to share it.
 */
export async function findSharedFile(client: WebClient, channelId: string, reference: string): Promise<SlackFileObject> {
  let fileId = fileIdOf(reference);
  try {
    fileId ??= await findByName(client, channelId, reference);
    if (!fileId) {
      throw new UserError(
        `I cannot find a file named ${showValue(reference)} in this channel's last ${HISTORY_MESSAGES_SEARCHED} messages. Drag the CSV or JSON file into this channel first, then run the command again with its name (or its file id); or use \`data:paste\` to paste CSV text.`,
      );
    }
    const info = await client.files.info({ file: fileId });
    const file = info.file as SlackFileObject | undefined;
    if (!file?.id) throw new UserError(`Slack did not describe the file ${showValue(reference)}. Share it again and retry.`);
    if (!isSharedIn(file, channelId))
      throw new UserError(`The file ${showValue(file.name ?? reference)} is not shared in this channel, so I will not read it here. Share it in this channel first.`);
    return file;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw lookupFailure(error, reference);
  }
}

/** A shared Slack file as a ChatAttachment: downloads `url_private_download` with the bot token (Authorization: Bearer). */
export function sharedFileAttachment(file: SlackFileObject, botToken: string, policy: DownloadPolicy): ChatAttachment {
  return createRemoteAttachment(
    {
      name: file.name ?? file.title ?? file.id,
      ...(file.mimetype ? { contentType: file.mimetype } : {}),
      sizeBytes: file.size ?? 0,
      urls: [file.url_private_download, file.url_private].filter((u): u is string => typeof u === 'string' && u.length > 0),
      headers: { authorization: `Bearer ${botToken}` },
    },
    policy,
  );
}
