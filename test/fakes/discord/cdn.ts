/**
 * The fake Discord's CDN: files a member attached to a slash command, served from their own
 * loopback origin (as cdn.discordapp.com is a different host from discord.com). URLs carry the
 * signed-link parameters Discord adds (`ex`, `is`, `hm`); a request without the right `hm` gets
 * 404 as an expired link does. A file can stall (headers, then nothing) or carry more bytes than
 * the `size` Discord reported, for the adapter's refusals. Every request is recorded.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newSnowflake } from './payloads.ts';

/** An attachment object as Discord puts it in `data.resolved.attachments` (APIAttachment). */
export interface FakeAttachmentJson {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  ephemeral: true;
}

/** How a file behaves when downloaded. */
export interface FakeUploadSettings {
  /** Reported as `content_type` (omitted when null; default text/csv; charset=utf-8). */
  contentType?: string | null;
  /** Reported as `size` (default: the real byte count). */
  reportedSize?: number;
  /** Send headers and the first bytes, then nothing: the download never finishes. */
  stall?: boolean;
  /** Send the body chunked, without Content-Length (with a low reportedSize: only the streaming cap can stop it). */
  chunked?: boolean;
  /** Point `url` and `proxy_url` somewhere else (a foreign host). */
  urlOverride?: string;
}

interface StoredUpload {
  json: FakeAttachmentJson;
  data: Buffer;
  settings: FakeUploadSettings;
  hm: string;
}

/** The CDN stand-in; FakeDiscord starts and stops it with itself. */
export class FakeDiscordCdn {
  /** Every request received (path without query), in order. */
  readonly requests: { path: string; at: number }[] = [];
  private readonly uploads = new Map<string, StoredUpload>();
  private readonly secret = randomBytes(16);
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly applicationId: string) {}

  /** `http://127.0.0.1:<port>`: what the adapter must be told to trust (attachmentHosts) in tests. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A member attaches a file: stores it and returns the attachment object Discord would resolve. */
  upload(filename: string, data: Buffer | string, settings: FakeUploadSettings = {}): FakeAttachmentJson {
    const id = newSnowflake();
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
    const path = `/ephemeral-attachments/${this.applicationId}/${id}/${encodeURIComponent(filename)}`;
    const ex = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const is = Math.floor(Date.now() / 1000).toString(16);
    const hm = createHmac('sha256', this.secret).update(`${path}${ex}${is}`).digest('hex');
    const url = settings.urlOverride ?? `${this.origin}${path}?ex=${ex}&is=${is}&hm=${hm}&`;
    const contentType = settings.contentType === undefined ? 'text/csv; charset=utf-8' : settings.contentType;
    const json: FakeAttachmentJson = {
      id,
      filename,
      size: settings.reportedSize ?? bytes.length,
      url,
      proxy_url: url,
      ...(contentType !== null ? { content_type: contentType } : {}),
      ephemeral: true,
    };
    this.uploads.set(id, { json, data: bytes, settings, hm });
    return json;
  }

  /** Requests for one attachment's bytes. */
  downloadsOf(attachment: FakeAttachmentJson): number {
    return this.requests.filter((r) => r.path.includes(`/${attachment.id}/`)).length;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://cdn');
      this.requests.push({ path: url.pathname, at: Date.now() });
      const match = url.pathname.match(/^\/ephemeral-attachments\/(\d+)\/(\d+)\/[^/]+$/);
      const stored = match ? this.uploads.get(match[2]!) : undefined;
      if (!stored || match![1] !== this.applicationId || url.searchParams.get('hm') !== stored.hm) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
        return;
      }
      const type = stored.json.content_type ?? 'application/octet-stream';
      if (stored.settings.stall) {
        res.writeHead(200, { 'content-type': type });
        res.write(stored.data.subarray(0, 3));
        return; // never ends
      }
      if (stored.settings.chunked) res.writeHead(200, { 'content-type': type }).end(stored.data);
      else res.writeHead(200, { 'content-type': type, 'content-length': String(stored.data.length) }).end(stored.data);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
