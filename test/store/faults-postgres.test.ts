/**
 * The Postgres store's faults, the counterparts of faults.test.ts's SQLite file faults: a server
 * that refuses connections, a database that does not exist, a read-only database, and the server
 * stopped while the tutor runs. Each gives one clear error naming the server (password hidden) and
 * what to do; progress commands answer "progress is unavailable" while training keeps working;
 * nothing saved before the outage is lost and the tutor recovers when the server is back.
 * A private server of this file's own (it is stopped and started), not the suite's.
 */
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import { logger } from '../../src/chat/logger.ts';
import type { CommandDef } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore, StoreUnavailableError } from '../../src/store/index.ts';
import { databaseNameForDataDir, withDatabaseName } from '../../src/store/postgres/database-per-folder.ts';
import lessonCommand from '../../commands/lesson.ts';
import quizCommand from '../../commands/quiz.ts';
import leaderboardCommand from '../../commands/leaderboard.ts';
import trainCommand from '../../commands/train.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';
import { freePort } from '../fakes/free-port.ts';
import { startPostgres, type PrivatePostgres } from '../fakes/postgres.ts';
import { createTemplateDatabase, TEMPLATE_DATABASE } from '../postgres-global-setup.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';
import { otherRunReason } from './dialects.ts';

const commands: CommandDef[] = [lessonCommand, quizCommand, leaderboardCommand, trainCommand];
const UNAVAILABLE = /^Progress is unavailable right now/;

let server: PrivatePostgres | undefined;
let skipReason: string | undefined;
const savedEnv = { url: process.env.DATABASE_URL, perDir: process.env.STORE_DATABASE_PER_DATA_DIR };

beforeAll(async () => {
  configureJobs({ mode: 'inline' });
  skipReason = otherRunReason('postgres');
  if (skipReason) return;
  try {
    server = await startPostgres();
    await createTemplateDatabase(server.url);
  } catch (error) {
    skipReason = `Postgres fault tests skipped: ${(error as Error).message}`;
    console.warn(skipReason);
    return;
  }
  // this file's stores (and the processes it starts) use the private server, a database per data folder
  process.env.DATABASE_URL = server.url;
  process.env.STORE_DATABASE_PER_DATA_DIR = TEMPLATE_DATABASE;
}, 120_000);
afterAll(() => {
  server?.stop();
  process.env.DATABASE_URL = savedEnv.url;
  process.env.STORE_DATABASE_PER_DATA_DIR = savedEnv.perDir;
  cleanupTempDirs();
});
beforeEach((ctx) => { if (skipReason) ctx.skip(skipReason); });
afterEach(async () => {
  vi.restoreAllMocks();
  await closeStore();
});

/** A URL on a loopback port where nothing listens (the server is down or the port is wrong). */
async function deadUrl(): Promise<string> {
  return `postgres://nntutor:secret-password@127.0.0.1:${await freePort()}/nn_tutor`;
}

async function run(command: string, options: Record<string, unknown>, userId = 'ann'): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchCommand({ command, options, caller: testCaller({ userId, displayName: userId }), responder, commands });
  return responder;
}

async function click(id: string, userId = 'ann'): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchComponent({ id, caller: testCaller({ userId, displayName: userId }), responder, commands });
  return responder;
}

/** Runs lesson, quiz and leaderboard and expects each to say progress is unavailable (a user error, not a crash). */
async function expectProgressUnavailable(): Promise<void> {
  for (const [command, options] of [['lesson', { name: 'exercise-1' }], ['quiz', {}], ['leaderboard', {}]] as const) {
    const responder = await run(command, options, `u-${command}`);
    expect(responder.final?.text, command).toMatch(UNAVAILABLE);
    expect(responder.final?.error?.kind, command).toBe('user');
  }
}

describe('opening a Postgres store that cannot be used', () => {
  it('a server that refuses connections: one error naming the server, password hidden, and what to check', async () => {
    const url = await deadUrl();
    const store = getStore({ dataDir: tempDir(), databaseUrl: url });
    const error = await store.ready().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error!.message).toMatch(/^The database server postgres:\/\/nntutor:\*\*\*@127\.0\.0\.1:\d+\/\w+ refuses connections \(is Postgres running/);
    expect(error!.message).not.toContain('secret-password');
  });

  it('a database that does not exist is named, with what to do', async () => {
    const missing = withDatabaseName(server!.url, 'no_such_database');
    const store = getStore({ dataDir: tempDir(), databaseUrl: missing });
    const error = await store.ready().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error!.message).toMatch(/has no such database \(create it, or fix the name in DATABASE_URL\)/);
  });

  it('a read-only database (a standby, or default_transaction_read_only): reads work, saving progress is refused as unavailable', async () => {
    const dataDir = tempDir();
    const store = getStore({ dataDir });
    await store.users.upsert({ platform: 'test', userId: 'ann', displayName: 'Ann' }, 1);
    await closeStore();
    const admin = new pg.Client({ connectionString: server!.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${databaseNameForDataDir(dataDir)} SET default_transaction_read_only = on`);
    await admin.end();
    const reopened = getStore({ dataDir });
    expect(await reopened.users.get('test:ann')).toMatchObject({ displayName: 'Ann' });
    const error = await reopened.users.upsert({ platform: 'test', userId: 'bob', displayName: 'Bob' }, 2).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error!.message).toMatch(/is read-only \(a standby\?\)\. Point DATABASE_URL at the primary/);
  });
});

describe('npm start with the Postgres server down', () => {
  it('logs one clear start-up error naming the server and what to do, and still serves the web chat', async () => {
    const url = await deadUrl();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, VITEST: '', LOG_LEVEL: 'info', DATA_DIR: tempDir(), DATABASE_URL: url, STORE_DATABASE_PER_DATA_DIR: '', LOCAL_CHAT_ENABLED: 'true', LOCAL_CHAT_HOST: '127.0.0.1', LOCAL_CHAT_PORT: '0', JOB_THREADS: '1' },
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
      expect(errors[0]).toMatch(/progress \(lessons, quizzes, leaderboard\) is unavailable.*postgres:\/\/nntutor:\*\*\*@127\.0\.0\.1:\d+\/\w+ refuses connections/);
      expect(errors[0]).not.toContain('secret-password');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('progress commands when the Postgres server is unreachable', () => {
  it('lesson, quiz and leaderboard answer "progress is unavailable" (logged, naming the server) while /train still trains', async () => {
    const url = await deadUrl();
    const store = getStore({ dataDir: tempDir(), databaseUrl: url });
    await store.ready().catch(() => undefined);
    const logged = vi.spyOn(logger, 'error');
    await expectProgressUnavailable();
    expect(logged.mock.calls.some(([, message]) => /127\.0\.0\.1:\d+\/\w+ refuses connections/.test(String(message)))).toBe(true);
    const train = await run('train', { dataset: 'gauss', epochs: 20 }, 'trainer');
    expect(train.final?.error).toBeUndefined();
    expect(train.final?.images?.length).toBeGreaterThan(0);
  });
});

describe('npm run backup on Postgres', () => {
  it('refuses, since it copies the SQLite file, and names pg_dump instead (password hidden)', () => {
    const url = withDatabaseName(server!.url.replace('nntutor@', 'nntutor:secret-password@'), 'nn_tutor');
    const run = spawnSync('npm', ['run', '--silent', 'backup'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: tempDir(), DATABASE_URL: url }, cwd: process.cwd() });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Backup failed: the store is on Postgres \(DATABASE_URL=postgres:\/\/nntutor:\*\*\*@127\.0\.0\.1:\d+\/nn_tutor\).*pg_dump --format=custom/);
    expect(run.stderr).not.toContain('secret-password');
  });
});

describe('the Postgres server stopped while the tutor runs', () => {
  it('users are told progress is unavailable, nothing saved before is lost, and it all works again once the server is back', async () => {
    const dataDir = tempDir();
    await getStore({ dataDir }).ready();
    // progress saved before the outage: ann is at step 3 of a lesson
    await run('lesson', { name: 'overfitting' });
    await click('lesson:go:overfitting:2');
    expect((await run('lesson', { name: 'overfitting' })).final?.text).toContain('resuming at step 3');

    server!.halt();
    try {
      await expectProgressUnavailable();
      // a step taken during the outage is refused out loud, not dropped silently
      expect((await click('lesson:go:overfitting:1')).final?.text).toMatch(UNAVAILABLE);
      const train = await run('train', { dataset: 'gauss', epochs: 20 }, 'trainer');
      expect(train.final?.images?.length).toBeGreaterThan(0);
    } finally {
      server!.restart();
    }
    // the same process, no restart of the tutor: the saved step is there and saving works again
    await vi.waitFor(async () => expect((await run('lesson', { name: 'overfitting' })).final?.text).toContain('resuming at step 3'), { timeout: 15_000, interval: 300 });
    expect((await click('lesson:go:overfitting:1')).final?.text).not.toMatch(UNAVAILABLE);
    expect((await run('lesson', { name: 'overfitting' })).final?.text).toContain('resuming at step 2');
  }, 60_000);

  it('a live quiz\'s reveal timer logs the fault instead of crashing the tutor', async () => {
    await getStore({ dataDir: tempDir() }).ready();
    const logged = vi.spyOn(logger, 'error');
    const start = new FakeResponder();
    await dispatchCommand({ command: 'quiz', options: { mode: 'live', questions: 1, seconds: 5 }, caller: testCaller({ userId: 'prof', isLecturer: true }), responder: start, commands });
    expect(start.calls.some((c) => 'reply' in c && (c.reply.data as { liveSession?: string } | undefined)?.liveSession)).toBe(true);
    server!.halt();
    try {
      await vi.waitFor(() => expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(StoreUnavailableError) }), 'live quiz reveal failed'), { timeout: 15_000, interval: 200 });
    } finally {
      server!.restart();
    }
  }, 60_000);
});
