/** Reading an uploaded data file: good files become UserData; every bad one gets one message naming what was found and what is allowed. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/chat/errors.ts';
import type { ChatAttachment } from '../../../src/chat/types.ts';
import { cleanSourceName, parseUploadedBytes, readUploadedData } from '../../../src/tutor/user-datasets/read-upload.ts';
import { twoMoonsCsv } from './two-moons.ts';

const LIMITS = { maxBytes: 64 * 1024, maxPoints: 2000, timeoutMs: 2000 };

/** An attachment whose bytes are at hand (as the web chat's are). */
function fileOf(name: string, content: string | Buffer, contentType?: string, sizeBytes?: number): ChatAttachment {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { name, contentType, sizeBytes: sizeBytes ?? bytes.length, read: async () => bytes };
}

async function refusal(attachment: ChatAttachment, limits = LIMITS): Promise<string> {
  const error = await readUploadedData(attachment, limits).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe('good uploads', () => {
  it('a two-moons CSV → 300 classification points with 2 classes, named after the file', async () => {
    const data = await readUploadedData(fileOf('moons.csv', twoMoonsCsv(300), 'text/csv'), LIMITS);
    expect(data.source).toBe('moons.csv');
    expect(data.task).toBe('classification');
    expect(data.classes).toBe(2);
    expect(data.layout === 'pool' && data.points.length).toBe(300);
  });

  it('a JSON file with train and test sets keeps them as given', async () => {
    const json = JSON.stringify({ train: [[1, 1, 1], [-1, -1, 0], [2, 2, 1]], test: [[1.5, 1, 1], [-2, -1, 0]] });
    const data = await readUploadedData(fileOf('points.json', json, 'application/json'), LIMITS);
    expect(data.layout === 'split' && [data.train.length, data.test.length]).toEqual([3, 2]);
  });

  it('a spreadsheet-saved CSV with a BOM, Windows line ends and a quoted header is read', async () => {
    const data = await readUploadedData(fileOf('excel.csv', '\uFEFF"x1","x2","label"\r\n1,2,1\r\n-1,-2,0\r\n3,1,1\r\n'), LIMITS);
    expect(data.layout === 'pool' && data.points.length).toBe(3);
  });

  it('an odd file name is cleaned for titles and messages (no Markdown, no path)', () => {
    expect(cleanSourceName('../../etc/**my** `data`.csv')).toBe('-my- -data-.csv');
    expect(cleanSourceName('C:\\Users\\ada\\points.csv')).toBe('points.csv');
  });
});

describe('bad uploads: one clear message each', () => {
  it('not CSV or JSON → names the ending found and the formats allowed', async () => {
    const message = await refusal(fileOf('photo.png', 'x', 'image/png'));
    expect(message).toMatch(/`photo\.png` is a \.png file \(image\/png\), not CSV or JSON\. Allowed: a CSV file with the header x1,x2,label/);
  });

  it('a .csv name with an image content type → refused before reading', async () => {
    let wasRead = false;
    const message = await refusal({ name: 'x.csv', contentType: 'image/jpeg', sizeBytes: 10, read: async () => { wasRead = true; return Buffer.from(''); } });
    expect(message).toMatch(/named \.csv but the upload says it is image\/jpeg/);
    expect(wasRead).toBe(false);
  });

  it('too many bytes (as reported, before downloading) → names the size and the limit', async () => {
    let wasRead = false;
    const message = await refusal({ name: 'big.csv', sizeBytes: 5 * 1024 * 1024, read: async () => { wasRead = true; return Buffer.alloc(0); } });
    expect(message).toMatch(/`big\.csv` is 5\.0 MB\. Allowed: at most 64 KB per file/);
    expect(wasRead).toBe(false);
  });

  it('more points than MAX_POINTS → names the count and the limit', async () => {
    const message = await refusal(fileOf('many.csv', twoMoonsCsv(300)), { ...LIMITS, maxPoints: 200 });
    expect(message).toMatch(/`many\.csv` has 300 points\. Allowed: at most 200 points on this bot/);
  });

  it('a missing column → names the header found and the columns allowed', async () => {
    const message = await refusal(fileOf('two-cols.csv', 'x1,x2\n1,2\n3,4\n'));
    expect(message).toMatch(/two-cols\.csv: the header \(line 1\) has no column 'label'; found x1, x2\. Allowed columns: x1, x2, label, and optionally split/);
  });

  it('an extra column → names it and the columns allowed', async () => {
    const message = await refusal(fileOf('extra.csv', 'x1,x2,label,colour\n1,2,1,red\n'));
    expect(message).toMatch(/unknown column 'colour' in the header \(line 1\)\. Allowed columns: x1, x2, label/);
  });

  it('a non-numeric value → names the line and the column', async () => {
    const message = await refusal(fileOf('text.csv', 'x1,x2,label\n1,2,1\n3,four,0\n'));
    expect(message).toMatch(/text\.csv line 3, column x2: "four" is not a finite number/);
  });

  it('NaN and Infinity → named with their row', async () => {
    expect(await refusal(fileOf('nan.csv', 'x1,x2,label\n1,2,1\nNaN,2,0\n'))).toMatch(/nan\.csv line 3, column x1: "NaN" is not a finite number/);
    expect(await refusal(fileOf('inf.csv', 'x1,x2,label\n1,Infinity,1\n2,2,0\n'))).toMatch(/inf\.csv line 2, column x2: "Infinity" is not a finite number/);
    expect(await refusal(fileOf('huge.json', '{"points": [[1, 2, 1], [1e999, 2, 0]]}'))).toMatch(/points\[1\] \(x1\).*not a finite number/);
  });

  it('one class only → says every label is the same and that two classes are needed', async () => {
    const message = await refusal(fileOf('one.csv', 'x1,x2,label\n1,2,1\n3,4,1\n5,6,1\n'));
    expect(message).toMatch(/one\.csv: every label is 1, one class only\. Allowed: at least two classes/);
  });

  it('a label that is neither a class nor a number → names the row', async () => {
    const message = await refusal(fileOf('words.csv', 'x1,x2,label\n1,2,cat\n3,4,dog\n'));
    expect(message).toMatch(/words\.csv line 2, column label: "cat" is not a finite number/);
  });

  it('an empty file, or one with only blank lines → says it is empty', async () => {
    expect(await refusal(fileOf('empty.csv', ''))).toMatch(/`empty\.csv` is empty \(0 bytes\)/);
    expect(await refusal(fileOf('blank.csv', '\n\n  \n'))).toMatch(/`blank\.csv` is empty \(only blank lines\)/);
  });

  it('a binary file with a .csv name (an Excel workbook renamed) → says it is binary and how to save a CSV', async () => {
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from([0, 0, 8, 0, 1, 2, 3])]);
    expect(await refusal(fileOf('sheet.csv', xlsx))).toMatch(/`sheet\.csv` is a binary file, not text \(it starts like a zip archive — an Excel \.xlsx workbook\?\)\..*Save as → CSV/);
    expect(await refusal(fileOf('blob.csv', Buffer.from([0x78, 0x31, 0x00, 0x2c])))).toMatch(/binary file, not text \(a zero byte at byte 3\)/);
    expect(await refusal(fileOf('latin.csv', Buffer.from([0x78, 0x31, 0xff, 0xfe, 0x0a])))).toMatch(/not UTF-8 text/);
  });

  it('a spreadsheet formula as a value → read as text and refused, naming the line and column', async () => {
    const message = await refusal(fileOf('formula.csv', 'x1,x2,label\n1,2,1\n=A2*2,3,0\n'));
    expect(message).toMatch(/formula\.csv line 3, column x1: `=A2\*2` is a spreadsheet formula; formulas are read as text and refused/);
    expect(await refusal(fileOf('at.csv', 'x1,x2,label\n1,2,1\n2,@SUM(A1),0\n'))).toMatch(/column x2: `@SUM\(A1\)` is a spreadsheet formula/);
    // a minus sign on a number is not a formula
    await expect(readUploadedData(fileOf('neg.csv', 'x1,x2,label\n-1,-2.5,1\n+3,-.5,0\n'), LIMITS)).resolves.toMatchObject({ classes: 2 });
  });

  it('a download that does not finish in time → says it timed out, within the time limit', async () => {
    const hanging: ChatAttachment = { name: 'slow.csv', sizeBytes: 10, read: () => new Promise(() => undefined) };
    const started = Date.now();
    const message = await refusal(hanging, { ...LIMITS, timeoutMs: 150 });
    expect(message).toMatch(/Fetching `slow\.csv` took longer than 150 ms and was stopped/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('not valid JSON → names the file and what JSON is allowed', () => {
    expect(() => parseUploadedBytes(Buffer.from('{"train": [1, 2'), 'broken.json', 2000)).toThrow(/broken\.json: not valid JSON .*Allowed: \{"train"/);
  });
});
