/** `npm run migrate` on the configured database, and `npm run store:copy` from SQLite into Postgres with verified counts. */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { copySqliteToPostgres } from '../../src/store/copy-to-postgres.ts';
import { STORE_TABLES } from '../../src/store/kysely/schema.ts';
import { startPostgres, type PrivatePostgres } from '../fakes/postgres.ts';
import { otherRunReason } from './dialects.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

let server: PrivatePostgres | undefined;
let url = process.env.DATABASE_URL;
let failure: string | undefined;
beforeAll(async () => {
  failure = otherRunReason('postgres');
  if (url || failure) return;
  try {
    server = await startPostgres();
    url = server.url;
  } catch (error) {
    failure = `Postgres tests skipped: ${(error as Error).message}`;
    console.warn(failure);
  }
}, 120_000);
afterAll(() => { server?.stop(); cleanupTempDirs(); });

const needPostgres = (ctx: TestContext) => { if (failure) ctx.skip(failure); };
const T = Date.UTC(2026, 1, 23, 10);

/** A SQLite database with rows in every table. */
async function filledSqlite(): Promise<string> {
  const dataDir = tempDir();
  const s = openSqliteStore({ dataDir });
  await s.users.upsert({ platform: 'test', userId: 'ann', displayName: 'Ann' }, T);
  await s.progress.save({ userKey: 'test:ann', lessonId: 'l1', stepIndex: 2, completed: true, answers: { 1: 0 }, updatedAt: T });
  await s.cards.save({ userKey: 'test:ann', questionId: 'q', due: T + 5, stability: 2.25, difficulty: 4.5, elapsedDays: 0, scheduledDays: 2, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: T });
  await s.cards.addLog({ userKey: 'test:ann', questionId: 'q', rating: 3, state: 0, due: T, stability: 0, difficulty: 0, scheduledDays: 0, review: T });
  await s.answers.add({ userKey: 'test:ann', questionId: 'q', lessonId: 'l1', mode: 'solo', isCorrect: true, answeredAt: T });
  await s.answers.setPending({ userKey: 'test:ann', questionId: 'q2', topic: null, askedAt: T });
  await s.live.create({ id: 'ses', platform: 'test', spaceId: null, channelId: 'c', lecturerKey: 'test:prof', questionIds: ['q'], secondsPerQuestion: 20, currentIndex: 0, status: 'ended', questionStartedAt: T, pausedRemainingMs: null, createdAt: T, endedAt: T + 1 });
  await s.live.addAnswer({ sessionId: 'ses', questionIndex: 0, userKey: 'test:ann', displayName: 'Ann', choice: 1, isCorrect: true, elapsedMs: 10, points: 995, answeredAt: T });
  await s.scores.add({ userKey: 'test:ann', displayName: 'Ann', platform: 'test', spaceId: null, channelId: 'c', points: 995, source: 'live', createdAt: T });
  for (let i = 0; i < 3; i++) await s.specs.add('test:ann', { seed: i }, T + i);
  await s.datasets.setLast('test:ann', { points: [1, 2] }, 2, T);
  await s.runQuestions.add({ id: 'rq1', userKey: 'test:ann', demo: 'cnn', question: { prompt: 'p', choices: ['a', 'b'], answer: 1, explanation: 'e' }, createdAt: T });
  await s.datasets.save({ ownerKey: 'test:ann', name: 'moons', data: { points: [1, 2] }, points: 2, sizeBytes: 0, createdAt: T }, { maxCount: 5, maxBytes: 10_000 });
  await s.close();
  return dataDir;
}

describe('npm run store:copy', () => {
  it('copies every table of a SQLite database into Postgres, verifies the counts, and the copy reads back the same', async (ctx) => {
    needPostgres(ctx);
    const dataDir = await filledSqlite();
    const schema = `copy_${randomBytes(5).toString('hex')}`;
    const counts = await copySqliteToPostgres(dataDir, url!, { schema });
    for (const table of STORE_TABLES.filter((t) => !t.startsWith('report_'))) expect(counts[table], table).toBeGreaterThan(0);
    const pg = openPostgresStore({ connectionString: url!, schema });
    const sqlite = openSqliteStore({ dataDir });
    try {
      for (const s of [pg, sqlite]) await s.ready();
      expect(await pg.cards.get('test:ann', 'q')).toEqual(await sqlite.cards.get('test:ann', 'q'));
      expect(await pg.progress.list('test:ann')).toEqual(await sqlite.progress.list('test:ann'));
      expect(await pg.live.totals('ses')).toEqual(await sqlite.live.totals('ses'));
      expect(await pg.scores.leaderboard({ platform: 'test', channelId: 'c', limit: 5 })).toEqual([{ userKey: 'test:ann', displayName: 'Ann', points: 995 }]);
      expect(await pg.datasets.get('test:ann', 'moons')).toEqual(await sqlite.datasets.get('test:ann', 'moons'));
      expect(await pg.runQuestions.get('rq1')).toEqual(await sqlite.runQuestions.get('rq1'));
      // the ids buttons refer to survive the move, and new ones continue after them
      const last = (await sqlite.specs.recent('test:ann', 1))[0];
      expect(await pg.specs.recent('test:ann', 1)).toEqual([last]);
      expect(await pg.specs.get(3)).toMatchObject({ spec: { seed: 2 } });
      expect(await pg.specs.add('test:bob', { seed: 9 }, T)).toBe(4);
    } finally {
      await pg.close();
      await sqlite.close();
    }
  });

  it('refuses to copy into a Postgres database that already holds data', async (ctx) => {
    needPostgres(ctx);
    const dataDir = await filledSqlite();
    const schema = `copy_${randomBytes(5).toString('hex')}`;
    await copySqliteToPostgres(dataDir, url!, { schema });
    await expect(copySqliteToPostgres(dataDir, url!, { schema })).rejects.toThrow(/already holds data in users \(1\)/);
  });
});

describe('npm run migrate', () => {
  it('on SQLite (no DATABASE_URL) migrates the file in DATA_DIR, then reports it up to date', () => {
    const dataDir = tempDir();
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const first = spawnSync('npm', ['run', '--silent', 'migrate'], { encoding: 'utf8', env, cwd: process.cwd() });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Applied to .*nn-tutor\.sqlite: 0001_initial_schema, 0002_saved_datasets_and_last_uploaded_data, 0003_report_indexes/);
    const second = spawnSync('npm', ['run', '--silent', 'migrate'], { encoding: 'utf8', env, cwd: process.cwd() });
    expect(second.stdout).toMatch(/nn-tutor\.sqlite is up to date/);
  });

  it('with DATABASE_URL=postgres://… migrates Postgres', (ctx) => {
    needPostgres(ctx);
    const run = spawnSync('npm', ['run', '--silent', 'migrate'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: tempDir(), DATABASE_URL: url! }, cwd: process.cwd() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/(Applied to postgres:\/\/.*0001_initial_schema|postgres:\/\/\S+ is up to date)/);
    expect(run.stdout).toContain('Schema: 0001_initial_schema, 0002_saved_datasets_and_last_uploaded_data, 0003_report_indexes');
  });

  it('a DATABASE_URL that is not postgres:// is refused with what is allowed', () => {
    const run = spawnSync('npm', ['run', '--silent', 'migrate'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: tempDir(), DATABASE_URL: 'mysql://x@y/z' }, cwd: process.cwd() });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
  });
});
