/**
 * A file a chat platform holds for us (a Discord attachment on its CDN, a file shared in Slack),
 * as a ChatAttachment whose `read` downloads it safely: the declared type and size are checked
 * before any byte is fetched, only trusted hosts are contacted, redirects are not followed, the
 * download has a deadline, and the byte cap is enforced while the body streams in (a server that
 * understates the size is cut off at the cap). Every refusal is a UserError that says what to do.
 */
import { showValue } from '../chat/input-messages.ts';
import { UserError } from '../chat/errors.ts';
import { durationText } from '../chat/limits.ts';
import type { ChatAttachment } from '../chat/types.ts';

/** Media types of data files (CSV, JSON, plain text); Windows reports a .csv as application/vnd.ms-excel. */
const DATA_MEDIA_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/comma-separated-values',
  'text/x-csv',
  'application/vnd.ms-excel',
  'text/plain',
  'application/json',
  'text/json',
]);
/** Types that say nothing about the content; then the file name's extension decides. */
const UNSPECIFIC_MEDIA_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);
const DATA_EXTENSIONS = /\.(csv|json|txt)$/i;
const ACCEPTED_TEXT = 'a CSV or JSON file (.csv, .json or .txt; text/csv, application/json or text/plain)';

/** Where downloads may go and how long they may take. */
export interface DownloadPolicy {
  /**
   * Trusted hosts: a bare host name (`cdn.discordapp.com`) allows https on that host only; an
   * entry with a scheme (`http://127.0.0.1:4000`) allows exactly that origin (tests' fakes).
   */
  allowedHosts: readonly string[];
  /** Deadline for the whole download, headers and body (ms). */
  timeoutMs: number;
  /** Who holds the file, in messages: "Discord", "Slack". */
  platformLabel: string;
}

/** What the platform told us about the file before downloading it. */
export interface RemoteFile {
  name: string;
  contentType?: string;
  sizeBytes: number;
  /** Candidate download addresses, best first (e.g. Discord's url, then proxy_url). */
  urls: readonly string[];
  /** Sent with the request (Slack needs `Authorization: Bearer <bot token>`). Sent only to allowed hosts. */
  headers?: Record<string, string>;
}

/** "2.5 MB", "830 kB", "12 bytes": a size as a student reads it (SI units, like the platforms show). */
export function sizeText(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 1_000)} kB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** The media type without parameters, lower-cased: "text/csv; charset=utf-8" → "text/csv". */
function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Throws a UserError unless the declared type (or, when the type says nothing, the name) is a data file. */
export function checkDataFileType(name: string, contentType: string | undefined): void {
  const type = mediaTypeOf(contentType);
  if (DATA_MEDIA_TYPES.has(type)) return;
  if (UNSPECIFIC_MEDIA_TYPES.has(type) && DATA_EXTENSIONS.test(name)) return;
  const what = type && !UNSPECIFIC_MEDIA_TYPES.has(type) ? `is ${showValue(type)}` : 'is not a text file I recognise';
  throw new UserError(`${showValue(name)} ${what}; I can read ${ACCEPTED_TEXT}. Nothing was downloaded or saved.`);
}

/** Throws a UserError when the declared size is over the cap (before any download). */
export function checkDeclaredSize(name: string, sizeBytes: number, maxBytes: number): void {
  if (sizeBytes > maxBytes)
    throw new UserError(`${showValue(name)} is ${sizeText(sizeBytes)}; files may be at most ${sizeText(maxBytes)}. Send a smaller file (fewer points). Nothing was downloaded or saved.`);
  if (sizeBytes === 0) throw new UserError(`${showValue(name)} is empty (0 bytes). Send a file with a header row and some points.`);
}

/** True when `url` is on a trusted host (see DownloadPolicy.allowedHosts). */
export function isAllowedUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return allowedHosts.some((entry) => {
    if (entry.includes('://')) {
      try {
        return new URL(entry).origin === parsed.origin;
      } catch {
        return false;
      }
    }
    return parsed.protocol === 'https:' && parsed.port === '' && parsed.hostname === entry.toLowerCase();
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an address I cannot read';
  }
}

/** Reads a response body, stopping (and throwing) as soon as it passes `maxBytes`. */
async function readCapped(body: ReadableStream<Uint8Array>, name: string, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new UserError(`${showValue(name)} is bigger than ${sizeText(maxBytes)}, the most a file may have; I stopped downloading it. Send a smaller file. Nothing was saved.`);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads `file` under `policy`: type and declared size first, then the first candidate URL on
 * a trusted host (none → refused without contacting anything), no redirects, a deadline, and the
 * cap enforced on the Content-Length header and again while streaming. An abort of `signal`
 * (the run was cancelled) rethrows its reason.
 */
export async function downloadRemoteFile(file: RemoteFile, policy: DownloadPolicy, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  checkDataFileType(file.name, file.contentType);
  checkDeclaredSize(file.name, file.sizeBytes, maxBytes);
  const url = file.urls.find((u) => isAllowedUrl(u, policy.allowedHosts));
  if (!url) {
    const where = file.urls.length ? hostOf(file.urls[0]!) : 'nowhere';
    throw new UserError(
      `${showValue(file.name)} is not on ${policy.platformLabel}'s own file servers (it points at ${showValue(where)}), so I did not download it. Upload the file to ${policy.platformLabel} itself.`,
    );
  }
  signal?.throwIfAborted();
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const timedOut = () =>
    new UserError(`Downloading ${showValue(file.name)} from ${policy.platformLabel} took longer than ${durationText(policy.timeoutMs)}, so I gave up. Try again in a moment; nothing was saved.`);
  try {
    const response = await fetch(url, { headers: file.headers ?? {}, redirect: 'manual', signal: combined });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new UserError(
        `${policy.platformLabel} did not hand over ${showValue(file.name)} (HTTP ${response.status}${response.status >= 300 && response.status < 400 ? ', a redirect I do not follow' : ''}). Upload it again and retry; nothing was saved.`,
      );
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      checkDeclaredSize(file.name, declared, maxBytes);
    }
    if (!response.body) return Buffer.alloc(0);
    return await readCapped(response.body, file.name, maxBytes);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (error instanceof UserError) throw error;
    if (deadline.aborted) throw timedOut();
    throw new UserError(`I could not download ${showValue(file.name)} from ${policy.platformLabel} (${(error as Error)?.message ?? 'network error'}). Try again in a moment; nothing was saved.`);
  }
}

/** A ChatAttachment whose `read` downloads `file` under `policy` (each call downloads again). */
export function createRemoteAttachment(file: RemoteFile, policy: DownloadPolicy): ChatAttachment {
  return {
    name: file.name,
    ...(file.contentType ? { contentType: file.contentType } : {}),
    sizeBytes: file.sizeBytes,
    read: (maxBytes, signal) => downloadRemoteFile(file, policy, maxBytes, signal),
  };
}
