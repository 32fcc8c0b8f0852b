/**
 * An uploaded data file (a ChatAttachment from any surface) → the engine's UserData, or one private
 * UserError naming what was found and what is allowed. Parsing and the row-level checks are the
 * engine's (`parseDataText`, csv-parse inside); this file adds what only an upload has: the file's
 * kind and size, the download's time limit, binary files, spreadsheet formulas, the bot's MAX_POINTS.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../../chat/errors.ts';
import { durationText } from '../../chat/limits.ts';
import type { ChatAttachment } from '../../chat/types.ts';
import { countUserPoints, parseDataText } from '../../engine/user-data.ts';
import type { UserData } from '../../engine/types.ts';

/** File endings an upload may have, and what each one means. */
export const UPLOAD_EXTENSIONS = ['.csv', '.json'] as const;
/** The formats in one phrase, for messages. */
export const UPLOAD_FORMATS = 'a CSV file with the header x1,x2,label (and optionally split), or a JSON file {"train": [[x1, x2, label], ...], "test": [...]} or {"points": [...]}';

/** What reading an upload may use: the bot's limits and the command's signal. */
export interface UploadLimits {
  maxBytes: number;
  maxPoints: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The file name as shown in replies and picture titles: safe characters only (no Markdown, no line breaks), at most 60. */
export function cleanSourceName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9 ._-]+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 60);
  return cleaned || 'upload';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Refuses a file that is not .csv / .json by name, before anything is downloaded. */
export function checkUploadKind(name: string, contentType: string | undefined): void {
  const shown = cleanSourceName(name);
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(shown)?.[0]?.toLowerCase();
  if (!extension || !(UPLOAD_EXTENSIONS as readonly string[]).includes(extension)) {
    const found = extension ? `a ${extension} file` : 'a file without an ending';
    const type = contentType ? ` (${contentType.split(';')[0]})` : '';
    throw new UserError(`\`${shown}\` is ${found}${type}, not CSV or JSON. Allowed: ${UPLOAD_FORMATS}.`);
  }
  // other reported types are read anyway (platforms disagree on CSV's type): the bytes decide
  if (contentType && /^(image|audio|video)\//i.test(contentType)) {
    throw new UserError(`\`${shown}\` is named ${extension} but the upload says it is ${contentType.split(';')[0]}. Allowed: ${UPLOAD_FORMATS}.`);
  }
}

/** Refuses a size the platform reported before downloading. */
export function checkUploadSize(name: string, sizeBytes: number, maxBytes: number): void {
  if (sizeBytes > maxBytes) {
    throw new UserError(`\`${cleanSourceName(name)}\` is ${sizeText(sizeBytes)}. Allowed: at most ${sizeText(maxBytes)} per file (a CSV of the largest allowed dataset is far smaller).`);
  }
}

function timedOutError(shown: string, timeoutMs: number): UserError {
  return new UserError(`Fetching \`${shown}\` took longer than ${durationText(timeoutMs)} and was stopped. Allowed: a file that downloads within ${durationText(timeoutMs)} — try again, or upload a smaller file.`);
}

/** Downloads the attachment's bytes within the size and time limits; a timeout or cancel is a UserError. */
export async function downloadAttachment(attachment: ChatAttachment, limits: UploadLimits): Promise<Buffer> {
  checkUploadKind(attachment.name, attachment.contentType);
  checkUploadSize(attachment.name, attachment.sizeBytes, limits.maxBytes);
  const shown = cleanSourceName(attachment.name);
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, timeout]) : timeout;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    // the adapter's read is given the signal; this bound holds even if it ignores it
    timer = setTimeout(() => reject(timedOutError(shown, limits.timeoutMs)), limits.timeoutMs);
  });
  try {
    const bytes = await Promise.race([attachment.read(limits.maxBytes, signal), timedOut]);
    checkUploadSize(attachment.name, bytes.length, limits.maxBytes);
    return bytes;
  } catch (error) {
    if (limits.signal?.aborted) throw limits.signal.reason instanceof Error ? limits.signal.reason : error;
    if (timeout.aborted && !(error instanceof UserError)) {
      throw timedOutError(shown, limits.timeoutMs);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The bytes as UTF-8 text, or a UserError for a binary file (a spreadsheet workbook, an image renamed .csv). */
function decodeText(bytes: Buffer, shown: string): string {
  const workbook = bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004' ? ' (it starts like a zip archive — an Excel .xlsx workbook?)'
    : bytes.subarray(0, 4).toString('hex') === 'd0cf11e0' ? ' (it starts like an old Excel .xls workbook)' : '';
  const nul = bytes.indexOf(0);
  if (nul >= 0 || workbook) {
    throw new UserError(`\`${shown}\` is a binary file, not text${workbook || ` (a zero byte at byte ${nul + 1})`}. Allowed: ${UPLOAD_FORMATS} as plain text — in a spreadsheet use File → Save as → CSV.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`\`${shown}\` is not UTF-8 text (it has bytes no text file has). Allowed: ${UPLOAD_FORMATS}, saved as UTF-8 text.`);
  }
}

/** A cell a spreadsheet would run as a formula (=…, @…, or +/− followed by something that is not a number). */
function isFormula(cell: string): boolean {
  const text = cell.trim();
  return /^[=@]/.test(text) || (/^[+-]/.test(text) && !/^[+-]?(\d|\.\d)/.test(text));
}

/** Refuses the first CSV cell holding a spreadsheet formula: it is text, never evaluated. */
function refuseCsvFormulas(text: string, shown: string): void {
  // the full scan (a second CSV parse) only when a cell may start like a formula; signed numbers do not
  if (!/(^|[,\n\r])\s*"?\s*([=@]|[+-](?![\d.]))/.test(text)) return;
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof rows;
  } catch {
    return; // the engine's parse names the CSV fault
  }
  const header = rows[0]?.record ?? [];
  for (const { info, record } of rows.slice(1)) {
    const column = record.findIndex(isFormula);
    if (column >= 0) {
      throw new UserError(`${shown} line ${info.lines}, column ${header[column]?.trim() || column + 1}: \`${record[column]!.trim().slice(0, 40).replace(/`/g, "'")}\` is a spreadsheet formula; formulas are read as text and refused. Allowed: numbers only — in the spreadsheet, paste the column as values before saving as CSV.`);
    }
  }
}

/**
 * The data in an uploaded file's bytes: text (not binary), no formulas, parsed by the engine (every
 * row checked), at most `maxPoints` points. Throws a UserError naming the file, row and what is allowed.
 */
export function parseUploadedBytes(bytes: Buffer, name: string, maxPoints: number): UserData {
  const shown = cleanSourceName(name);
  if (bytes.length === 0) throw new UserError(`\`${shown}\` is empty (0 bytes). Allowed: ${UPLOAD_FORMATS}.`);
  const text = decodeText(bytes, shown);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new UserError(`\`${shown}\` is empty (only blank lines). Allowed: ${UPLOAD_FORMATS}.`);
  if (/\.csv$/i.test(shown)) refuseCsvFormulas(text, shown);
  let data: UserData;
  try {
    data = parseDataText(text, { source: shown });
  } catch (error) {
    if (error instanceof Error && (error.name === 'DataError' || error.name === 'SpecError')) {
      throw new UserError(error.message.replace(/--task regression/g, 'labels that are numbers (regression)').replace(/or --task regression for numbers/g, 'or numbers as labels for regression'));
    }
    throw error;
  }
  const count = countUserPoints(data);
  if (count > maxPoints) throw new UserError(`\`${shown}\` has ${count} points. Allowed: at most ${maxPoints} points on this bot.`);
  return data;
}

/** Downloads and parses an uploaded data file (see downloadAttachment and parseUploadedBytes). */
export async function readUploadedData(attachment: ChatAttachment, limits: UploadLimits): Promise<UserData> {
  const bytes = await downloadAttachment(attachment, limits);
  return parseUploadedBytes(bytes, attachment.name, limits.maxPoints);
}
