import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databasePath, openSqliteStore } from '../../src/store/sqlite/index.ts';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/store/sqlite/migrations.ts';
import { RECENT_SPECS_KEPT } from '../../src/store/sqlite/specs.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { cleanupTempDirs, tempDir, tempStore } from '../tutor/helpers.ts';

afterEach(() => { closeStore(); cleanupTempDirs(); });

describe('SQLite store', () => {
  it('creates the data folder and database file, in WAL mode, at the latest schema version', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openSqliteStore({ dataDir });
    expect(existsSync(databasePath({ dataDir }))).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(store.db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    store.close();
  });

  it('migrations run once: reopening applies nothing, and a new migration is applied in order', () => {
    const { store, dataDir } = tempStore();
    expect(migrate(store.db)).toEqual([]);
    const extra = [...MIGRATIONS, { version: 99, name: 'test column', sql: 'ALTER TABLE users ADD COLUMN nickname TEXT' }];
    expect(migrate(store.db, extra)).toEqual([99]);
    expect(migrate(store.db, extra)).toEqual([]);
    store.close();
    const reopened = openSqliteStore({ dataDir });
    expect(schemaVersion(reopened.db)).toBe(99);
    reopened.close();
  });

  it('a failing migration is rolled back and not recorded', () => {
    const { store } = tempStore();
    const broken = [...MIGRATIONS, { version: 50, name: 'broken', sql: 'CREATE TABLE half (a INT); THIS IS NOT SQL' }];
    expect(() => migrate(store.db, broken)).toThrow();
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    store.close();
  });

  it('users are upserted by platform and id; the display name is refreshed', () => {
    const { store } = tempStore();
    const first = store.users.upsert({ platform: 'discord', userId: '42', displayName: 'Ada' }, 1);
    const second = store.users.upsert({ platform: 'discord', userId: '42', displayName: 'Ada L.' }, 2);
    expect(first.userKey).toBe('discord:42');
    expect(second).toMatchObject({ userKey: 'discord:42', displayName: 'Ada L.', createdAt: 1, leaderboardOptOut: false });
    store.users.setLeaderboardOptOut('discord:42', true);
    expect(store.users.get('discord:42')?.leaderboardOptOut).toBe(true);
  });

  it('everything written is still there after closing and reopening', () => {
    const { store, dataDir } = tempStore();
    store.progress.save({ userKey: 'u', lessonId: 'l', stepIndex: 3, completed: false, answers: { 1: 2 }, updatedAt: 5 });
    store.cards.save({ userKey: 'u', questionId: 'q', due: 10, stability: 1.5, difficulty: 5, elapsedDays: 0, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: 3 });
    store.specs.add('u', { dataset: 'xor' }, 7);
    store.close();
    const reopened = openSqliteStore({ dataDir });
    expect(reopened.progress.get('u', 'l')).toEqual({ userKey: 'u', lessonId: 'l', stepIndex: 3, completed: false, answers: { 1: 2 }, updatedAt: 5 });
    expect(reopened.cards.get('u', 'q')).toMatchObject({ due: 10, stability: 1.5, reps: 1, state: 2, lastReview: 3 });
    expect(reopened.specs.recent('u', 5)).toEqual([{ spec: { dataset: 'xor' }, createdAt: 7 }]);
    reopened.close();
  });

  it('a live answer is stored once per user and question; the second insert reports false', () => {
    const { store } = tempStore();
    const answer = { sessionId: 's', questionIndex: 0, userKey: 'u', displayName: 'U', choice: 1, isCorrect: true, elapsedMs: 5, points: 999, answeredAt: 5 };
    expect(store.live.addAnswer(answer)).toBe(true);
    expect(store.live.addAnswer({ ...answer, choice: 2 })).toBe(false);
    expect(store.live.answers('s', 0)).toEqual([answer]);
  });

  it('recent specs keep the newest few per user, newest first', () => {
    const { store } = tempStore();
    for (let i = 0; i < RECENT_SPECS_KEPT + 5; i++) store.specs.add('u', { seed: i }, i);
    const recent = store.specs.recent('u', 100);
    expect(recent).toHaveLength(RECENT_SPECS_KEPT);
    expect(recent[0].spec).toEqual({ seed: RECENT_SPECS_KEPT + 4 });
  });

  it('transaction rolls back every write when the function throws', () => {
    const { store } = tempStore();
    expect(() => store.transaction(() => {
      store.specs.add('u', { a: 1 }, 1);
      throw new Error('boom');
    })).toThrow('boom');
    expect(store.specs.recent('u', 5)).toEqual([]);
  });

  it('getStore opens one shared store in the given data folder', () => {
    const dataDir = tempDir();
    const a = getStore({ dataDir });
    expect(getStore()).toBe(a);
    expect(existsSync(join(dataDir, 'nn-tutor.sqlite'))).toBe(true);
  });
});
