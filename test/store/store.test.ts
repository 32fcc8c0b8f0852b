/**
 * The store on both dialects: the same repository tests run on SQLite and on Postgres; then what
 * only SQLite has (the file, WAL, adopting a database made before Kysely).
 */
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/index.ts';
import { migrate as legacyMigrate, MIGRATIONS as LEGACY_MIGRATIONS, schemaVersion as legacySchemaVersion } from '../../src/store/sqlite/migrations.ts';
import { appliedMigrations, migrateToLatest, migrationName, STORE_MIGRATIONS, type StoreMigration } from '../../src/store/kysely/migrations.ts';
import type { KyselyStore } from '../../src/store/kysely/store.ts';
import { closeStore, getStore, RECENT_SPECS_KEPT } from '../../src/store/index.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';
import { DIALECTS, storeFactory } from './dialects.ts';

const opened: KyselyStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  await closeStore();
  cleanupTempDirs();
});

const LATEST = STORE_MIGRATIONS.map(migrationName);

describe.each(DIALECTS)('store on %s', (dialect) => {
  const factory = storeFactory(dialect);
  /** A fresh store of this dialect (skips the test, saying why, when the dialect is unavailable). */
  function fresh(ctx: TestContext): { store: KyselyStore; location: string } {
    const reason = factory.skipReason();
    if (reason) ctx.skip(reason);
    const made = factory.open();
    opened.push(made.store);
    return made;
  }
  /** Where Postgres keeps this store's migration record (its own schema). */
  const schemaOf = (location: string) => (dialect === 'postgres' ? location : undefined);
  const reopen = (location: string) => { const s = factory.reopen(location); opened.push(s); return s; };

  it('a new database gets every migration, recorded by Kysely\'s migrator', async (ctx) => {
    const { store } = fresh(ctx);
    await store.ready();
    expect(await appliedMigrations(store.kysely)).toEqual(LATEST);
  });

  it('migrations run once: reopening applies nothing, and a new migration is applied after the others', async (ctx) => {
    const { store, location } = fresh(ctx);
    await store.ready();
    expect(await migrateToLatest(store.kysely, dialect, undefined, schemaOf(location))).toEqual([]);
    const extra: StoreMigration = { version: 99, name: 'test column', up: async (db) => { await db.schema.alterTable('users').addColumn('nickname', 'text').execute(); } };
    expect(await migrateToLatest(store.kysely, dialect, [...STORE_MIGRATIONS, extra], schemaOf(location))).toEqual([migrationName(extra)]);
    expect(await migrateToLatest(store.kysely, dialect, [...STORE_MIGRATIONS, extra], schemaOf(location))).toEqual([]);
    await store.close();
    // this release does not know step 99: it refuses the database instead of guessing at its schema
    const older = reopen(location);
    await expect(older.ready()).rejects.toThrow(/has migration 0099_test_column, which this version of nn-tutor does not know/);
    await expect(older.users.get('x')).rejects.toThrow(/newer release/);
    expect(await appliedMigrations(older.kysely)).toEqual([...LATEST, migrationName(extra)]);
  });

  it('a failing migration is rolled back and not recorded', async (ctx) => {
    const { store, location } = fresh(ctx);
    await store.ready();
    const broken: StoreMigration = {
      version: 50, name: 'broken',
      up: async (db) => {
        await db.schema.createTable('half').addColumn('a', 'integer').execute();
        await sql`THIS IS NOT SQL`.execute(db);
      },
    };
    await expect(migrateToLatest(store.kysely, dialect, [...STORE_MIGRATIONS, broken], schemaOf(location))).rejects.toThrow(/0050_broken/);
    expect(await appliedMigrations(store.kysely)).toEqual(LATEST);
    const tables = (await store.kysely.introspection.getTables()).filter((t) => dialect === 'sqlite' || t.schema === location).map((t) => t.name);
    expect(tables).toContain('users');
    expect(tables).not.toContain('half');
  });

  it('users are upserted by platform and id; the display name is refreshed', async (ctx) => {
    const { store } = fresh(ctx);
    const first = await store.users.upsert({ platform: 'discord', userId: '42', displayName: 'Ada' }, 1);
    const second = await store.users.upsert({ platform: 'discord', userId: '42', displayName: 'Ada L.' }, 2);
    expect(first.userKey).toBe('discord:42');
    expect(second).toEqual({ userKey: 'discord:42', platform: 'discord', userId: '42', displayName: 'Ada L.', createdAt: 1, leaderboardOptOut: false });
    await store.users.setLeaderboardOptOut('discord:42', true);
    expect((await store.users.get('discord:42'))?.leaderboardOptOut).toBe(true);
    expect(await store.users.get('discord:nobody')).toBeUndefined();
  });

  it('everything written is still there, with the same types, after closing and reopening', async (ctx) => {
    const { store, location } = fresh(ctx);
    const bigTime = Date.UTC(2026, 1, 23, 10); // epoch ms do not fit 32 bits
    await store.progress.save({ userKey: 'u', lessonId: 'l', stepIndex: 3, completed: false, answers: { 1: 2 }, updatedAt: bigTime });
    const card = { userKey: 'u', questionId: 'q', due: bigTime + 1, stability: 1.2345678901234, difficulty: 5.5, elapsedDays: 0.25, scheduledDays: 1.5, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: null };
    await store.cards.save(card);
    await store.cards.addLog({ userKey: 'u', questionId: 'q', rating: 3, state: 2, due: bigTime, stability: 1.5, difficulty: 5, scheduledDays: 1, review: bigTime });
    await store.answers.add({ userKey: 'u', questionId: 'q', lessonId: 'l', mode: 'solo', isCorrect: true, answeredAt: bigTime });
    await store.answers.setPending({ userKey: 'u', questionId: 'q2', topic: null, askedAt: bigTime });
    await store.specs.add('u', { dataset: 'xor' }, 7);
    await store.close();
    const reopened = reopen(location);
    expect(await reopened.progress.get('u', 'l')).toEqual({ userKey: 'u', lessonId: 'l', stepIndex: 3, completed: false, answers: { 1: 2 }, updatedAt: bigTime });
    expect(await reopened.progress.list('u')).toHaveLength(1);
    expect(await reopened.cards.get('u', 'q')).toEqual(card);
    expect(await reopened.cards.logs('u')).toEqual([{ userKey: 'u', questionId: 'q', rating: 3, state: 2, due: bigTime, stability: 1.5, difficulty: 5, scheduledDays: 1, review: bigTime }]);
    expect(await reopened.answers.list('u')).toEqual([{ userKey: 'u', questionId: 'q', lessonId: 'l', mode: 'solo', isCorrect: true, answeredAt: bigTime }]);
    expect(await reopened.answers.getPending('u')).toEqual({ userKey: 'u', questionId: 'q2', topic: null, askedAt: bigTime });
    expect(await reopened.specs.recent('u', 5)).toEqual([{ spec: { dataset: 'xor' }, createdAt: 7 }]);
  });

  it('taking the pending question succeeds once: a second (racing) take finds it gone', async (ctx) => {
    const { store } = fresh(ctx);
    await store.answers.setPending({ userKey: 'u', questionId: 'q', topic: 'x', askedAt: 1 });
    expect(await store.answers.takePending('u', 'other')).toBe(false);
    const takes = await Promise.all([store.answers.takePending('u', 'q'), store.answers.takePending('u', 'q')]);
    expect(takes.sort()).toEqual([false, true]);
    expect(await store.answers.getPending('u')).toBeUndefined();
  });

  it('a live answer is stored once per user and question; the second insert reports false', async (ctx) => {
    const { store } = fresh(ctx);
    const answer = { sessionId: 's', questionIndex: 0, userKey: 'u', displayName: 'U', choice: 1, isCorrect: true, elapsedMs: 5, points: 999, answeredAt: 5 };
    expect(await store.live.addAnswer(answer)).toBe(true);
    expect(await store.live.addAnswer({ ...answer, choice: 2 })).toBe(false);
    expect(await store.live.answers('s', 0)).toEqual([answer]);
    expect(await store.live.totals('s')).toEqual([{ userKey: 'u', displayName: 'U', points: 999, correct: 1, answered: 1 }]);
  });

  it('a conditional session update wins once: of two writers expecting the same state, one gets the row', async (ctx) => {
    const { store } = fresh(ctx);
    const session = {
      id: 'live1', platform: 'test', spaceId: null, channelId: 'c', lecturerKey: 'test:prof', questionIds: ['a', 'b'], secondsPerQuestion: 20,
      currentIndex: 0, status: 'asking' as const, questionStartedAt: Date.UTC(2026, 1, 23), pausedRemainingMs: null, createdAt: 1, endedAt: null,
    };
    await store.live.create(session);
    expect(await store.live.activeIn('test', 'c')).toEqual(session);
    const expected = { statuses: ['asking' as const, 'paused' as const], currentIndex: 0 };
    const results = await Promise.all([
      store.live.updateIf({ ...session, status: 'revealed' }, expected),
      store.live.updateIf({ ...session, status: 'revealed' }, expected),
    ]);
    expect(results.filter(Boolean)).toEqual([{ ...session, status: 'revealed' }]);
    expect(await store.live.updateIf({ ...session, status: 'paused' }, { statuses: ['asking'], currentIndex: 0 })).toBeUndefined();
    expect((await store.live.get('live1'))?.status).toBe('revealed');
  });

  it('leaderboards sum points per user, newest display name, opted-out users left out', async (ctx) => {
    const { store } = fresh(ctx);
    const add = (userKey: string, displayName: string, points: number, createdAt: number) =>
      store.scores.add({ userKey, displayName, platform: 'test', spaceId: 'sp', channelId: 'c', points, source: 'live', createdAt });
    await store.users.upsert({ platform: 'test', userId: 'ann', displayName: 'Ann B.' }, 1);
    await store.users.upsert({ platform: 'test', userId: 'hid', displayName: 'Hidden' }, 1);
    await store.users.setLeaderboardOptOut('test:hid', true);
    await add('test:ann', 'Ann', 500, 10);
    await add('test:ann', 'Ann', 700, 20);
    await add('test:bob', 'Bob', 1200, 5);
    await add('test:hid', 'Hidden', 5000, 5);
    await add('test:zero', 'Zero', 0, 5);
    expect(await store.scores.leaderboard({ platform: 'test', channelId: 'c', limit: 10 }))
      .toEqual([{ userKey: 'test:bob', displayName: 'Bob', points: 1200 }, { userKey: 'test:ann', displayName: 'Ann B.', points: 1200 }]);
    expect(await store.scores.leaderboard({ platform: 'test', spaceId: 'sp', sinceMs: 15, limit: 10 })).toEqual([{ userKey: 'test:ann', displayName: 'Ann B.', points: 700 }]);
  });

  it('recent specs keep the newest few per user, newest first', async (ctx) => {
    const { store } = fresh(ctx);
    for (let i = 0; i < RECENT_SPECS_KEPT + 5; i++) await store.specs.add('u', { seed: i }, i);
    const recent = await store.specs.recent('u', 100);
    expect(recent).toHaveLength(RECENT_SPECS_KEPT);
    expect(recent[0].spec).toEqual({ seed: RECENT_SPECS_KEPT + 4 });
  });

  it('transaction rolls back every write when the function throws, and commits them otherwise', async (ctx) => {
    const { store } = fresh(ctx);
    await expect(store.transaction(async () => {
      await store.specs.add('u', { a: 1 }, 1);
      await store.users.upsert({ platform: 'test', userId: 'x', displayName: 'X' }, 1);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.specs.recent('u', 5)).toEqual([]);
    expect(await store.users.get('test:x')).toBeUndefined();
    await store.transaction(async () => { await store.users.upsert({ platform: 'test', userId: 'y', displayName: 'Y' }, 1); });
    expect((await store.users.get('test:y'))?.displayName).toBe('Y');
  });
});

describe('SQLite store file', () => {
  it('creates the data folder and database file, in WAL mode', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openSqliteStore({ dataDir });
    opened.push(store);
    await store.ready();
    expect(existsSync(databasePath({ dataDir }))).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('a database made before Kysely (schema_migrations, version 1) is adopted with its data, and new migrations are added after it', async () => {
    const dataDir = tempDir();
    // exactly what the previous release did on first start, plus some progress
    const legacy = new Database(databasePath({ dataDir }));
    legacy.pragma('journal_mode = WAL');
    expect(legacyMigrate(legacy, LEGACY_MIGRATIONS.slice(0, 1))).toEqual([1]);
    legacy.prepare(`INSERT INTO users (user_key, platform, user_id, display_name, created_at) VALUES ('test:ann', 'test', 'ann', 'Ann', 5)`).run();
    legacy.prepare(`INSERT INTO recent_specs (user_key, spec_json, created_at) VALUES ('test:ann', '{"dataset":"xor"}', 6)`).run();
    legacy.prepare(`INSERT INTO live_answers (session_id, question_index, user_key, display_name, choice, is_correct, elapsed_ms, points, answered_at) VALUES ('s', 0, 'test:ann', 'Ann', 1, 1, 50, 990, 7)`).run();
    legacy.close();

    const store = openSqliteStore({ dataDir });
    opened.push(store);
    await store.ready();
    expect(await appliedMigrations(store.kysely)).toEqual(LATEST);
    expect(legacySchemaVersion(store.db)).toBe(1); // the old record is left as it was
    // the steps after version 1 ran on it: their tables are there
    expect(await store.datasets.list('test:ann')).toEqual([]);
    expect(await store.users.get('test:ann')).toMatchObject({ displayName: 'Ann', createdAt: 5 });
    expect(await store.specs.recent('test:ann', 5)).toEqual([{ spec: { dataset: 'xor' }, createdAt: 6 }]);
    expect(await store.live.addAnswer({ sessionId: 's', questionIndex: 0, userKey: 'test:ann', displayName: 'Ann', choice: 2, isCorrect: false, elapsedMs: 1, points: 0, answeredAt: 8 })).toBe(false);
    // AUTOINCREMENT carried over: a new spec gets a larger id than the adopted one
    const id = await store.specs.add('test:bob', { dataset: 'gauss' }, 9);
    expect(id).toBe(2);
    // a step after the known ones is new to this database and runs
    const extra: StoreMigration = { version: 100, name: 'nickname', up: async (db) => { await db.schema.alterTable('users').addColumn('nickname', 'text').execute(); } };
    expect(await migrateToLatest(store.kysely, 'sqlite', [...STORE_MIGRATIONS, extra])).toEqual([migrationName(extra)]);
  });

  it('a database the previous release brought to its latest version is adopted without running a step again', async () => {
    const dataDir = tempDir();
    const legacy = new Database(databasePath({ dataDir }));
    expect(legacyMigrate(legacy)).toEqual(LEGACY_MIGRATIONS.map((m) => m.version));
    legacy.prepare(`INSERT INTO saved_datasets (owner_key, name, data_json, points, size_bytes, created_at) VALUES ('test:ann', 'moons', '{"p":1}', 1, 7, 5)`).run();
    legacy.close();
    const store = openSqliteStore({ dataDir });
    opened.push(store);
    await store.ready(); // a step run again would fail: CREATE TABLE saved_datasets already exists
    expect(await appliedMigrations(store.kysely)).toEqual(LATEST);
    expect((await store.datasets.get('test:ann', 'moons'))?.data).toEqual({ p: 1 });
  });

  it('getStore opens one shared store in the given data folder', async () => {
    const dataDir = tempDir();
    const a = getStore({ dataDir, databaseUrl: null });
    expect(getStore()).toBe(a);
    expect(a.dialect).toBe('sqlite');
    expect(existsSync(join(dataDir, 'nn-tutor.sqlite'))).toBe(true);
  });
});
