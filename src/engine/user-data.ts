/**
 * The user's own points (`--data FILE`, a spec's `data` field): reading a JSON or CSV text into a
 * validated UserData, all or nothing. Every refusal is one DataError line naming the source, the
 * row or field, and what is allowed.
 *
 * JSON: `{"train": [[x1, x2, label], ...], "val": [...], "test": [...]}` (val optional; rows may
 * also be `{"x1", "x2", "label"}` objects), or `{"points": [...]}` to be split like generated data.
 * CSV: a header `x1,x2,label` (any order) and an optional `split` column with train / val / test;
 * without it the points are split like generated data.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Point, TaskName, UserData } from './types.ts';
import { TASK_NAMES } from './types.ts';
import { ENGINE_LIMITS, SpecError } from './spec-error.ts';

/** Largest |x1|, |x2| or regression label accepted. */
export const MAX_ABS_VALUE = 1e6;
/** Most classes a classification file may have (labels 0..MAX_CLASSES−1). */
export const MAX_CLASSES = 10;
/** CSV columns: the three required ones and the optional split. */
export const CSV_COLUMNS = ['x1', 'x2', 'label'] as const;
const SPLIT_NAMES = ['train', 'val', 'test'] as const;
type SplitName = (typeof SPLIT_NAMES)[number];

/** Bad user data: the message names the source, the row or field, and what is allowed. */
export class DataError extends SpecError {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** How to read a data text: its name for messages and, optionally, the task (else inferred from the labels). */
export interface DataReadOptions {
  source: string;
  task?: TaskName;
}

/** A point before its label is interpreted, with where it came from (for messages). */
interface RawPoint extends Point {
  where: string;
}

/** Raw points per split, or one pool. */
type RawSets = { layout: 'split'; train: RawPoint[]; val: RawPoint[]; test: RawPoint[] } | { layout: 'pool'; points: RawPoint[] };

/** Reads a data file's text: JSON when the name ends in .json or the text starts with { or [, else CSV. */
export function parseDataText(text: string, options: DataReadOptions): UserData {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new DataError(`${options.source}: the file is empty. Allowed: JSON {"train": [[x1, x2, label], ...], "test": [...]} or CSV with a header x1,x2,label[,split].`);
  const isJson = /\.json$/i.test(options.source) || trimmed.startsWith('{') || trimmed.startsWith('[');
  if (isJson) {
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (error) {
      throw new DataError(`${options.source}: not valid JSON (${(error as Error).message}). Allowed: {"train": [[x1, x2, label], ...], "val": [...], "test": [...]}.`);
    }
    return parseUserData(raw, options);
  }
  return finishUserData(readCsvSets(trimmed, options.source), options);
}

/**
 * Validates data given as a value (a parsed JSON file, or a spec's `data` field, which may already
 * be a UserData): `{train, val?, test}` or `{points}`, rows as [x1, x2, label] or {x1, x2, label}.
 */
export function parseUserData(raw: unknown, options: DataReadOptions): UserData {
  const source = options.source;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataError(`${source}: expected an object {"train": [...], "val": [...], "test": [...]} (or {"points": [...]}), got ${Array.isArray(raw) ? 'an array' : typeof raw}.`);
  }
  const record = raw as Record<string, unknown>;
  const allowed = ['train', 'val', 'test', 'points', 'layout', 'source', 'task', 'classes', 'isTaskInferred'];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new DataError(`${source}: unknown field '${key}'. Allowed: train, val, test (val optional), or points.`);
  }
  const task = options.task ?? (record.isTaskInferred === false && (TASK_NAMES as readonly string[]).includes(String(record.task)) ? (record.task as TaskName) : undefined);
  const hasSplits = record.train !== undefined || record.test !== undefined || record.val !== undefined;
  if (hasSplits && record.points !== undefined) throw new DataError(`${source}: give either train/val/test or points, not both.`);
  let sets: RawSets;
  if (hasSplits) {
    if (record.train === undefined) throw new DataError(`${source}: field 'train' is missing. Allowed: {"train": [[x1, x2, label], ...], "val": [...], "test": [...]}.`);
    if (record.test === undefined) throw new DataError(`${source}: field 'test' is missing. Allowed: {"train": [...], "val": [...], "test": [[x1, x2, label], ...]} (val optional).`);
    sets = {
      layout: 'split',
      train: readJsonRows(record.train, `${source}: train`),
      val: record.val === undefined ? [] : readJsonRows(record.val, `${source}: val`),
      test: readJsonRows(record.test, `${source}: test`),
    };
  } else if (record.points !== undefined) {
    sets = { layout: 'pool', points: readJsonRows(record.points, `${source}: points`) };
  } else {
    throw new DataError(`${source}: no points. Allowed: {"train": [[x1, x2, label], ...], "val": [...], "test": [...]} (or {"points": [...]}).`);
  }
  return finishUserData(sets, { source, task });
}

/** Reads one JSON array of rows; each row is [x1, x2, label] or {x1, x2, label}. */
function readJsonRows(value: unknown, where: string): RawPoint[] {
  if (!Array.isArray(value)) throw new DataError(`${where} must be an array of [x1, x2, label] rows; got ${typeof value}.`);
  checkCount(value.length, where);
  return value.map((row, i) => {
    const at = `${where}[${i}]`;
    let values: unknown[];
    if (Array.isArray(row)) {
      if (row.length !== 3) throw new DataError(`${at} has ${row.length} values. Allowed: exactly [x1, x2, label].`);
      values = row;
    } else if (row && typeof row === 'object') {
      const r = row as Record<string, unknown>;
      const extra = Object.keys(r).find((k) => !(CSV_COLUMNS as readonly string[]).includes(k));
      if (extra !== undefined) throw new DataError(`${at} has an unknown field '${extra}'. Allowed: x1, x2, label.`);
      values = CSV_COLUMNS.map((k) => r[k]);
    } else {
      throw new DataError(`${at} must be [x1, x2, label]; got ${JSON.stringify(row)}.`);
    }
    const [x1, x2, label] = values.map((v, k) => readNumber(v, `${at} (${CSV_COLUMNS[k]})`));
    return { x1, x2, label, where: at };
  });
}

/** A finite number with |v| ≤ MAX_ABS_VALUE; numbers, or numeric text (CSV cells). */
function readNumber(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && /^[\s+\-.\deE]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    throw new DataError(`${where}: ${JSON.stringify(value) ?? String(value)} is not a finite number. Allowed: numbers (no NaN, Infinity or text) with |value| ≤ ${MAX_ABS_VALUE}.`);
  }
  if (Math.abs(n) > MAX_ABS_VALUE) throw new DataError(`${where}: ${n} is too large. Allowed: |value| ≤ ${MAX_ABS_VALUE}.`);
  return n;
}

function checkCount(count: number, where: string): void {
  if (count > ENGINE_LIMITS.maxPoints) throw new DataError(`${where} has ${count} points. Allowed: at most ${ENGINE_LIMITS.maxPoints} points in all.`);
}

/** Parses CSV text (csv-parse) with a header naming x1, x2, label and optionally split. */
function readCsvSets(text: string, source: string): RawSets {
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parseCsv(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (error) {
    throw new DataError(`${source}: not readable as CSV (${(error as Error).message}). Allowed: a header x1,x2,label[,split] and one point per line.`);
  }
  if (rows.length === 0) throw new DataError(`${source}: the file is empty. Allowed: a header x1,x2,label[,split] and one point per line.`);
  const header = rows[0].record.map((h) => h.toLowerCase());
  const allowedColumns = `${CSV_COLUMNS.join(', ')}, and optionally split`;
  for (const name of header) {
    if (![...CSV_COLUMNS, 'split'].includes(name)) throw new DataError(`${source}: unknown column '${name}' in the header (line 1). Allowed columns: ${allowedColumns}.`);
  }
  for (const name of CSV_COLUMNS) {
    if (!header.includes(name)) throw new DataError(`${source}: the header (line 1) has no column '${name}'; found ${header.join(', ')}. Allowed columns: ${allowedColumns}.`);
  }
  if (new Set(header).size !== header.length) throw new DataError(`${source}: the header (line 1) names a column twice: ${header.join(', ')}.`);
  const data = rows.slice(1);
  checkCount(data.length, source);
  const col = (name: string): number => header.indexOf(name);
  const splitCol = col('split');
  const points: RawPoint[] = [];
  const splits: SplitName[] = [];
  for (const { info, record } of data) {
    const where = `${source} line ${info.lines}`;
    const [x1, x2, label] = CSV_COLUMNS.map((name) => readNumber(record[col(name)], `${where}, column ${name}`));
    points.push({ x1, x2, label, where });
    if (splitCol >= 0) {
      const split = record[splitCol].toLowerCase();
      if (!(SPLIT_NAMES as readonly string[]).includes(split)) {
        throw new DataError(`${where}, column split: '${record[splitCol]}' is not a split. Allowed: ${SPLIT_NAMES.join(', ')}.`);
      }
      splits.push(split as SplitName);
    }
  }
  if (splitCol < 0) return { layout: 'pool', points };
  const pick = (name: SplitName): RawPoint[] => points.filter((_, i) => splits[i] === name);
  return { layout: 'split', train: pick('train'), val: pick('val'), test: pick('test') };
}

/** Checks sizes, decides the task and normalises labels (0/1 → −1/+1 for two classes). */
function finishUserData(sets: RawSets, options: DataReadOptions): UserData {
  const { source } = options;
  const all = sets.layout === 'split' ? [...sets.train, ...sets.val, ...sets.test] : sets.points;
  checkCount(all.length, source);
  if (sets.layout === 'split') {
    if (sets.train.length === 0) throw new DataError(`${source}: the train set is empty. Allowed: at least one training point (and one test point).`);
    if (sets.test.length === 0) throw new DataError(`${source}: the test set is empty. Allowed: at least one test point besides the training points.`);
  } else if (all.length < 2) {
    throw new DataError(`${source}: ${all.length} point${all.length === 1 ? '' : 's'}. Allowed: at least 2 (one to train on, one to test).`);
  }
  const labelling = chooseLabelling(all, options);
  const convert = (points: RawPoint[]): Point[] => points.map((p) => ({ x1: p.x1, x2: p.x2, label: labelling.map(p.label) }));
  const info = { source, task: labelling.task, classes: labelling.classes, isTaskInferred: options.task === undefined };
  return sets.layout === 'split'
    ? { ...info, layout: 'split', train: convert(sets.train), val: convert(sets.val), test: convert(sets.test) }
    : { ...info, layout: 'pool', points: convert(sets.points) };
}

interface Labelling {
  task: TaskName;
  classes: number;
  map: (label: number) => number;
}

/**
 * Classification labels: −1/+1 or 0/1 (two classes, stored as −1/+1), or 0..k−1 (k ≤ MAX_CLASSES).
 * Without a given task, labels that are not classes mean regression; one class only is refused.
 */
function chooseLabelling(points: RawPoint[], options: DataReadOptions): Labelling {
  const { source } = options;
  if (options.task === 'regression') return { task: 'regression', classes: 1, map: (v) => v };
  const values = new Set(points.map((p) => p.label));
  const isPlusMinus = [...values].every((v) => v === 1 || v === -1);
  const badClass = isPlusMinus ? undefined : points.find((p) => !Number.isInteger(p.label) || p.label < 0 || p.label >= MAX_CLASSES);
  if (badClass) {
    if (options.task === undefined) return { task: 'regression', classes: 1, map: (v) => v };
    throw new DataError(`${badClass.where} (label): ${badClass.label} is not a class. Allowed for classification: −1/+1, 0/1, or 0..${MAX_CLASSES - 1}; for numbers use --task regression.`);
  }
  if (values.size < 2) {
    throw new DataError(`${source}: every label is ${[...values][0]}, one class only. Allowed: at least two classes for classification (or --task regression for numbers).`);
  }
  if (isPlusMinus) return { task: 'classification', classes: 2, map: (v) => v };
  const classes = Math.max(...values) + 1;
  if (classes === 2) return { task: 'classification', classes: 2, map: (v) => (v === 1 ? 1 : -1) };
  return { task: 'classification', classes, map: (v) => v };
}

/** One line saying what the data is: source, counts per split, task (and that it was inferred). */
export function describeUserData(data: UserData): string {
  const counts = data.layout === 'split'
    ? `${data.train.length} train, ${data.val.length} validation and ${data.test.length} test points (split as given)`
    : `${data.points.length} points, split by --split`;
  const task = data.task === 'regression' ? 'regression' : `classification with ${data.classes} classes`;
  const inferred = data.isTaskInferred ? (data.task === 'regression' ? ' (inferred: the labels are not all class numbers; pass --task classification to insist)' : ' (inferred from the labels)') : '';
  return `${data.source}: ${counts}; ${task}${inferred}.`;
}

/** Number of points in a UserData. */
export function countUserPoints(data: UserData): number {
  return data.layout === 'split' ? data.train.length + data.val.length + data.test.length : data.points.length;
}
