/**
 * Files members share in the fake Slack's channels: their file objects (as files.info and a
 * message's `files` show them), the channel history messages that carry them, and the private
 * download endpoint, which like Slack's serves the bytes only with `Authorization: Bearer <token>`
 * and otherwise redirects to the sign-in page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How a shared file behaves (for the adapter's refusals). */
export interface ShareFileSettings {
  /** Reported `mimetype` (default text/csv). */
  mimetype?: string;
  /** Reported `size` (default the real byte count). */
  reportedSize?: number;
  /** Who shared it (default U0STUDENT). */
  user?: string;
  /** Headers and three bytes, then nothing. */
  stall?: boolean;
  /** Point url_private(_download) somewhere else (a foreign host). */
  urlOverride?: string;
  /** Also list the file as shared in these other channels. */
  alsoIn?: string[];
}

/** A file as the fake keeps it. */
export interface FakeSharedFile {
  id: string;
  name: string;
  data: Buffer;
  channels: string[];
  settings: ShareFileSettings;
  /** File object JSON (files.info `file`). */
  json: Record<string, unknown>;
  isDeleted?: boolean;
}

/** A message a member posted (the history conversations.history returns). */
export interface FakeHistoryMessage {
  type: 'message';
  user: string;
  text: string;
  ts: string;
  files?: Record<string, unknown>[];
}

/** Builds the file object Slack shows for a file shared in `channel`. */
export function buildFileJson(baseUrl: string, teamId: string, id: string, name: string, data: Buffer, channel: string, settings: ShareFileSettings): Record<string, unknown> {
  const slug = name.toLowerCase().replace(/[^a-z0-9.]+/g, '_');
  const url = settings.urlOverride ?? `${baseUrl}/files-pri/${teamId}-${id}/${encodeURIComponent(slug)}`;
  const download = settings.urlOverride ?? `${baseUrl}/files-pri/${teamId}-${id}/download/${encodeURIComponent(slug)}`;
  const channels = [channel, ...(settings.alsoIn ?? [])];
  const mimetype = settings.mimetype ?? 'text/csv';
  return {
    id,
    created: Math.floor(Date.now() / 1000),
    timestamp: Math.floor(Date.now() / 1000),
    name,
    title: name,
    mimetype,
    filetype: mimetype === 'text/csv' ? 'csv' : mimetype.split('/')[1] ?? 'binary',
    pretty_type: mimetype === 'text/csv' ? 'CSV' : mimetype,
    user: settings.user ?? 'U0STUDENT',
    user_team: teamId,
    editable: false,
    size: settings.reportedSize ?? data.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: true,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: url,
    url_private_download: download,
    permalink: `${baseUrl}/files/${settings.user ?? 'U0STUDENT'}/${id}/${encodeURIComponent(slug)}`,
    channels: channels.filter((c) => c.startsWith('C')),
    groups: channels.filter((c) => c.startsWith('G')),
    ims: channels.filter((c) => c.startsWith('D')),
    shares: { public: Object.fromEntries(channels.filter((c) => c.startsWith('C')).map((c) => [c, [{ ts: '1700000000.000001', channel_name: 'nn-course', team_id: teamId, share_user_id: settings.user ?? 'U0STUDENT' }]])) },
    comments_count: 0,
  };
}

/**
 * GET /files-pri/<team>-<file id>/[download/]<name>: the bytes with the right bearer token, a 302
 * to sign-in without it (what Slack does), 404 for an unknown or deleted file.
 */
export function serveSharedFile(req: IncomingMessage, res: ServerResponse, path: string, files: Map<string, FakeSharedFile>, botToken: string, baseUrl: string): void {
  const match = path.match(/^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/);
  const file = match ? files.get(match[1]!) : undefined;
  if (req.headers.authorization !== `Bearer ${botToken}`) {
    res.writeHead(302, { location: `${baseUrl}/signin?redir=${encodeURIComponent(path)}` }).end();
    return;
  }
  if (!file || file.isDeleted) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    return;
  }
  const type = String(file.json.mimetype ?? 'application/octet-stream');
  if (file.settings.stall) {
    res.writeHead(200, { 'content-type': type });
    res.write(file.data.subarray(0, 3));
    return; // never ends
  }
  res.writeHead(200, { 'content-type': type, 'content-length': String(file.data.length) }).end(file.data);
}
