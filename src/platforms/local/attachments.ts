/**
 * Files sent to the local web chat and its JSON API: `"attachments": [{"name", "contentType", "base64"}]`
 * in the request body. Checked before anything is decoded (count, name, type, base64 alphabet and the
 * size the base64 stands for); each becomes a ChatAttachment whose `read` decodes it.
 */
import { UserError } from '../../chat/errors.ts';
import type { ChatAttachment } from '../../chat/types.ts';
import { HttpError } from './http.ts';

/** Files one command may carry. */
export const MAX_ATTACHMENTS = 1;
const MAX_NAME_CHARS = 200;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes a base64 text decodes to (without decoding it). */
export function decodedBase64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** The largest JSON body that may carry one file of `maxFileBytes` (base64 is 4/3 of it) besides the usual fields. */
export function maxBodyBytesWithFile(maxFileBytes: number, baseBodyBytes: number): number {
  return baseBodyBytes + Math.ceil(maxFileBytes / 3) * 4 + 1024;
}

/** A size in KB, rounded up (so a file just over the limit never reads as equal to it). */
function sizeText(bytes: number): string {
  return bytes >= 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Reads and checks the body's `attachments`; a malformed list is a 400, a file over `maxFileBytes` a 413, both saying what is allowed. */
export function readBodyAttachments(body: Record<string, unknown>, maxFileBytes: number): ChatAttachment[] {
  const raw = body.attachments;
  if (raw === undefined || raw === null) return [];
  const shape = '`attachments` must be a list of at most 1 file as {"name": "points.csv", "contentType": "text/csv", "base64": "…"}';
  if (!Array.isArray(raw) || raw.length > MAX_ATTACHMENTS) throw new HttpError(400, shape);
  return raw.map((item: unknown, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new HttpError(400, shape);
    const { name, contentType, base64 } = item as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim() || name.length > MAX_NAME_CHARS) throw new HttpError(400, `attachments[${index}].name must be the file's name (text, 1–${MAX_NAME_CHARS} characters)`);
    if (contentType !== undefined && (typeof contentType !== 'string' || contentType.length > 100)) throw new HttpError(400, `attachments[${index}].contentType must be a MIME type such as text/csv (at most 100 characters)`);
    if (typeof base64 !== 'string') throw new HttpError(400, `attachments[${index}].base64 must be the file's bytes in base64 (text)`);
    const sizeBytes = decodedBase64Bytes(base64);
    // the size is judged from the text's length, before anything is decoded
    if (sizeBytes > maxFileBytes) throw new HttpError(413, `the file ${JSON.stringify(name.slice(0, 60))} is ${sizeText(sizeBytes)}; allowed: at most ${sizeText(maxFileBytes)} per file`);
    if (base64.length % 4 !== 0 || !BASE64_PATTERN.test(base64)) throw new HttpError(400, `attachments[${index}].base64 is not valid base64 (only A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters)`);
    const attachment: ChatAttachment = {
      name: name.trim(),
      contentType: contentType as string | undefined,
      sizeBytes,
      async read(maxBytes) {
        if (sizeBytes > maxBytes) throw new UserError(`The file is ${sizeText(sizeBytes)}. Allowed: at most ${sizeText(maxBytes)}.`);
        return Buffer.from(base64, 'base64');
      },
    };
    return attachment;
  });
}

/**
 * Points the command's file option at the attached file when the text did not name it (a file
 * dropped on the chat with just `/train`); refuses a file for a command that takes none.
 */
export function attachToOption(options: Record<string, unknown>, attachments: ChatAttachment[], fileOptions: string[], command: string): void {
  if (attachments.length === 0) return;
  const names = attachments.map((a) => a.name);
  if (Object.values(options).some((v) => typeof v === 'string' && names.includes(v))) return;
  const free = fileOptions.find((o) => options[o] === undefined);
  if (fileOptions.length === 0) throw new UserError(`/${command} takes no file. Files go with \`/train data:<file>\` or \`/dataset data:<file>\`.`);
  if (free) options[free] = names[0];
}
