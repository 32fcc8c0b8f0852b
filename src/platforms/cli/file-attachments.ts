/**
 * Files named on the command line for a chat command's file options (`nn-tutor dataset --data points.csv`,
 * or `data:points.csv`): each becomes a ChatAttachment read from disk, so the command checks and parses
 * it exactly as it does an upload in the chat.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../chat/errors.ts';
import type { ChatAttachment, CommandDef } from '../../chat/types.ts';
import { CliUsageError } from './cli-error.ts';

/** A file on disk as an attachment; `read` refuses it when it grew past `maxBytes`. */
async function fileAttachment(file: string): Promise<ChatAttachment> {
  let sizeBytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliUsageError(`${file}: not a file. Give the path of a CSV or JSON file.`);
    sizeBytes = info.size;
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`}. Give the path of a readable CSV or JSON file.`);
  }
  return {
    name: path.basename(file),
    contentType: undefined,
    sizeBytes,
    async read(maxBytes) {
      const bytes = await readFile(file);
      if (bytes.length > maxBytes) throw new UserError(`${path.basename(file)} is ${bytes.length} bytes. Allowed: at most ${maxBytes} bytes.`);
      return bytes;
    },
  };
}

/**
 * Replaces each file option's value (a path) by the file's name and returns the files as attachments;
 * `--data` given without a path is a usage error.
 */
export async function attachFilesFromOptions(def: CommandDef, options: Record<string, unknown>): Promise<ChatAttachment[]> {
  const attachments: ChatAttachment[] = [];
  for (const option of def.options.filter((o) => o.type === 'attachment')) {
    const value = options[option.name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === 'true' || value.trim() === '') throw new CliUsageError(`--${option.name} needs a file, e.g. --${option.name} points.csv (header x1,x2,label) or points.json.`);
    const attachment = await fileAttachment(value);
    attachments.push(attachment);
    options[option.name] = attachment.name;
  }
  return attachments;
}
