/** `npx nn-tutor report class --out DIR`: the real executable writes the heatmap and the CSV files from the store in DATA_DIR. */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { CLASS_QUESTION_COLUMNS, CLASS_STUDENT_COLUMNS } from '../../src/tutor/reports/report-csv.ts';
import { seedTerm } from '../../bench/report-seed.ts';
import { kyselyOf } from '../store/under-test.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

const BIN = path.resolve('bin/nn-tutor.mjs');

afterAll(() => cleanupTempDirs());

describe('nn-tutor report', () => {
  it('report class --out DIR writes mastery-heatmap.png and the two CSV files; the text names the most-missed questions', async () => {
    const dataDir = tempDir();
    const store = createStore({ dataDir }); // SQLite, or in the Postgres run the database the executable finds for DATA_DIR
    await store.ready(); // migrations first, then the raw seed
    await seedTerm(kyselyOf(store), getContent(), { students: 8, questions: 15, answersPerCard: 3, nowMs: Date.now(), termWeeks: 2 });
    await store.close();
    const outDir = path.join(tempDir(), 'out');
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'report', 'class', '--out', outDir], { env: { ...process.env, DATA_DIR: dataDir }, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err }));
    });
    expect(stderr).not.toContain('Error');
    expect(code).toBe(0);
    expect(stdout).toContain('Class report · 8 students');
    expect(stdout).toContain('Ten most-missed questions');
    // the terminal gets plain text: no Markdown backslash escapes such as `gradient\-based`
    expect(stdout).not.toMatch(/\\[-()*_.!#+]/);
    expect((await readdir(outDir)).sort()).toEqual(['class-report-questions.csv', 'class-report-students.csv', 'mastery-heatmap.png']);
    const students = parse(await readFile(path.join(outDir, 'class-report-students.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(students[0]!)).toEqual([...CLASS_STUDENT_COLUMNS]);
    expect(new Set(students.map((r) => r.user_key)).size).toBe(8);
    const questions = parse(await readFile(path.join(outDir, 'class-report-questions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(questions[0]!)).toEqual([...CLASS_QUESTION_COLUMNS]);
  }, 60_000);
});
