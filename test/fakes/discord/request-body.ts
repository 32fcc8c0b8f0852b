/** Reads a REST request body the way Discord accepts it: JSON, or multipart/form-data with `payload_json` plus files. */
import type { IncomingMessage } from 'node:http';
import { fail } from './http-error.ts';

/** A request body: its JSON part and any uploaded files. */
export interface ParsedBody {
  json: Record<string, unknown>;
  files: { field: string; filename: string; contentType: string; data: Buffer }[];
  isMultipart: boolean;
}

/** Reads and parses a request body; invalid JSON is refused with Discord's 50109 "invalid JSON". */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const files: ParsedBody['files'] = [];
    let json: Record<string, unknown> = {};
    const pairs: [string, FormDataEntryValue][] = [];
    form.forEach((value, field) => pairs.push([field, value]));
    for (const [field, value] of pairs) {
      if (field === 'payload_json') json = JSON.parse(String(value));
      else if (typeof value !== 'string') {
        files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { json, files, isMultipart: true };
  }
  if (raw.length === 0) return { json: {}, files: [], isMultipart: false };
  try {
    return { json: JSON.parse(raw.toString('utf8')), files: [], isMultipart: false };
  } catch {
    return fail(400, 50109, 'The request body contains invalid JSON.');
  }
}
