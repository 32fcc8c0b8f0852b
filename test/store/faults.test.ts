/**
 * A database that cannot be used (empty, corrupt, vanished, read-only) gives one clear error naming
 * the file and what to do; progress commands then answer "progress is unavailable" (503) while
 * training keeps working; `npm run backup` copies the live database consistently.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchCommand } from '../../src/chat/router.ts';
import { logger } from '../../src/chat/logger.ts';
import type { CommandDef } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, createStore, getStore, StoreUnavailableError } from '../../src/store/index.ts';
import { backupDatabase } from '../../src/store/backup.ts';
import { databasePath } from '../../src/store/sqlite/index.ts';
import lessonCommand from '../../commands/lesson.ts';
import quizCommand from '../../commands/quiz.ts';
import leaderboardCommand from '../../commands/leaderboard.ts';
import trainCommand from '../../commands/train.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

const commands: CommandDef[] = [lessonCommand, quizCommand, leaderboardCommand, trainCommand];
/** These faults are SQLite files'; the suite's Postgres run skips them, saying why (its server's faults are in faults-postgres.test.ts). */
const POSTGRES_RUN_REASON = 'a SQLite file fault (empty, corrupt, truncated, vanished or read-only file; `npm run backup` copies the file): the Postgres run has no such file — the server\'s faults (refused connections, no such or a read-only database, the server stopped mid-run) are tested in test/store/faults-postgres.test.ts';

beforeAll(() => configureJobs({ mode: 'inline' }));
beforeEach((ctx) => { if (process.env.DATABASE_URL) ctx.skip(POSTGRES_RUN_REASON); });
afterEach(async () => {
  await closeStore();
  cleanupTempDirs();
  vi.restoreAllMocks();
});

/** A data folder holding a database with one user in it, closed again. */
async function folderWithDatabase(): Promise<{ dataDir: string; file: string }> {
  const dataDir = tempDir();
  const store = createStore({ dataDir });
  await store.users.upsert({ platform: 'test', userId: 'ann', displayName: 'Ann' }, Date.now());
  await store.close();
  return { dataDir, file: databasePath({ dataDir }) };
}

function openError(dataDir: string): Error {
  try {
    getStore({ dataDir });
  } catch (error) {
    return error as Error;
  }
  throw new Error('the store opened');
}

describe('opening a faulty database', () => {
  it('a 0-byte file is refused with the file named and what to do, not silently made a new database', () => {
    const dataDir = tempDir();
    const file = databasePath({ dataDir });
    writeFileSync(file, '');
    const error = openError(dataDir);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/empty \(0 bytes\).*restore it from a backup/);
    expect(statSync(file).size).toBe(0);
  });

  it('a file that is not a database is refused naming the file', () => {
    const dataDir = tempDir();
    const file = databasePath({ dataDir });
    writeFileSync(file, 'not a database at all '.repeat(300));
    const error = openError(dataDir);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not a SQLite database.*restore it from a backup/);
  });

  it('a database truncated in the middle is found damaged at start-up', async () => {
    const { dataDir, file } = await folderWithDatabase();
    const db = new Database(file);
    db.exec("CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT printf('%0500d', i) FROM n;");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = openError(dataDir);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/damaged|not a SQLite database|cannot be read/);
  });

  it('a database deleted while its write-ahead log is left is reported as vanished, not replaced by an empty one', async () => {
    const dataDir = tempDir();
    const store = createStore({ dataDir });
    await store.users.upsert({ platform: 'test', userId: 'ann', displayName: 'Ann' }, Date.now());
    const file = databasePath({ dataDir });
    renameSync(file, `${file}.moved`); // the WAL stays behind, as when the file is deleted under a running tutor
    const error = openError(dataDir);
    await store.close();
    expect(error.message).toMatch(/missing but its write-ahead log .* is still there/);
    expect(existsSync(file)).toBe(false);
  });

  it('a read-only database file is refused at start-up naming the file and the fix', async () => {
    const { dataDir, file } = await folderWithDatabase();
    chmodSync(file, 0o444);
    // root may write anything, so check as an ordinary user when the tests run as root
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(dataDir, 0o777);
    const script = `import { createStore } from ${JSON.stringify(join(process.cwd(), 'src/store/index.ts'))};
      try { createStore({ dataDir: ${JSON.stringify(dataDir)} }); console.log('opened'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', ...asUser, cwd: process.cwd() });
    expect(child.stderr).toBe('');
    expect(child.stdout).toContain(`StoreUnavailableError: The database ${file}`);
    expect(child.stdout).toMatch(/read-only for this user.*chmod u\+w/);
  });
});

describe('npm start with a faulty database', () => {
  it('logs one clear start-up error naming the file and what to do, and still serves the web chat', async () => {
    const dataDir = tempDir();
    const file = databasePath({ dataDir });
    writeFileSync(file, '');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, VITEST: '', LOG_LEVEL: 'info', DATA_DIR: dataDir, LOCAL_CHAT_ENABLED: 'true', LOCAL_CHAT_HOST: '127.0.0.1', LOCAL_CHAT_PORT: '0', JOB_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no web chat within 45 s; stderr: ${stderr}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/chat: +http:/.test(stdout)) { clearTimeout(timer); resolve(); }
        });
      });
      const errors = stderr.split('\n').filter((line) => /"level":50/.test(line));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(file);
      expect(errors[0]).toMatch(/progress \(lessons, quizzes, leaderboard\) is unavailable.*empty \(0 bytes\).*restore it from a backup/);
      expect(statSync(file).size).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('progress commands when the store is unavailable', () => {
  it('lesson, quiz and leaderboard answer "progress is unavailable" (503-style, logged) while /train still trains', async () => {
    const dataDir = tempDir();
    writeFileSync(databasePath({ dataDir }), 'garbage'.repeat(500));
    expect(() => getStore({ dataDir })).toThrow(StoreUnavailableError);
    const logged = vi.spyOn(logger, 'error');
    for (const [command, options] of [['lesson', { name: 'exercise-1' }], ['quiz', {}], ['leaderboard', {}]] as const) {
      const responder = new FakeResponder();
      await dispatchCommand({ command, options, caller: testCaller({ userId: `u-${command}` }), responder, commands });
      expect(responder.final?.text, command).toMatch(/^Progress is unavailable right now/);
      expect(responder.final?.error?.kind, command).toBe('user');
      expect(responder.final?.error?.errorId, command).toBeUndefined();
    }
    expect(logged.mock.calls.some(([, message]) => String(message).includes(databasePath({ dataDir })))).toBe(true);
    const train = new FakeResponder();
    await dispatchCommand({ command: 'train', options: { dataset: 'gauss', epochs: 20 }, caller: testCaller({ userId: 'trainer' }), responder: train, commands });
    expect(train.final?.error).toBeUndefined();
    expect(train.final?.images?.length).toBeGreaterThan(0);
  });

  it('a database truncated or deleted while the tutor runs makes progress commands answer unavailable', async () => {
    for (const spoil of [(file: string) => truncateSync(file, 0), (file: string) => unlinkSync(file)]) {
      const dataDir = tempDir();
      getStore({ dataDir });
      const file = databasePath({ dataDir });
      spoil(file);
      const responder = new FakeResponder();
      await dispatchCommand({ command: 'leaderboard', options: {}, caller: testCaller(), responder, commands });
      expect(responder.final?.text).toMatch(/^Progress is unavailable right now/);
      expect(() => getStore()).toThrow(file);
      await closeStore();
    }
  });
});

describe('a live quiz when the database goes away', () => {
  it('the reveal timer logs the fault instead of crashing the tutor', async () => {
    const dataDir = tempDir();
    getStore({ dataDir });
    const logged = vi.spyOn(logger, 'error');
    const start = new FakeResponder();
    await dispatchCommand({ command: 'quiz', options: { mode: 'live', questions: 1, seconds: 5 }, caller: testCaller({ userId: 'prof', isLecturer: true }), responder: start, commands });
    expect(start.calls.some((c) => 'reply' in c && (c.reply.data as { liveSession?: string } | undefined)?.liveSession)).toBe(true);
    unlinkSync(databasePath({ dataDir }));
    await vi.waitFor(() => expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(StoreUnavailableError) }), 'live quiz reveal failed'), { timeout: 10_000, interval: 200 });
  });
});

describe('npm run backup', () => {
  it('copies the database consistently while it is open and being written', async () => {
    const dataDir = tempDir();
    const store = getStore({ dataDir });
    for (let i = 0; i < 50; i++) await store.users.upsert({ platform: 'test', userId: `u${i}`, displayName: `User ${i}` }, Date.now());
    const destination = join(tempDir(), 'copy.sqlite');
    const { path, bytes } = await backupDatabase(databasePath({ dataDir }), destination);
    expect(bytes).toBeGreaterThan(0);
    const copy = new Database(path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(50);
    copy.close();
  });

  it('the npm script writes a checked copy into DATA_DIR/backups', async () => {
    const { dataDir } = await folderWithDatabase();
    const run = spawnSync('npm', ['run', '--silent', 'backup'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir }, cwd: process.cwd() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Backup written: .*backups\/nn-tutor-\d{8}T\d{6}Z\.sqlite \(\d+ KB, integrity ok\)/);
    const path = run.stdout.match(/Backup written: (\S+)/)![1]!;
    const copy = new Database(path, { readonly: true });
    expect((copy.prepare('SELECT display_name FROM users').get() as { display_name: string }).display_name).toBe('Ann');
    copy.close();
  });
});
