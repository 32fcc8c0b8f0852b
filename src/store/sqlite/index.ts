/** Opens the SQLite store: a file in the data directory, WAL journal, migrations applied. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../types.ts';
import { migrate } from './migrations.ts';
import { createUserRepository } from './users.ts';
import { createProgressRepository } from './progress.ts';
import { createCardRepository } from './cards.ts';
import { createAnswerRepository } from './answers.ts';
import { createLiveQuizRepository } from './live.ts';
import { createScoreRepository } from './scores.ts';
import { createRecentSpecRepository } from './specs.ts';

/** Where the SQLite file lives. */
export interface SqliteStoreOptions {
  /** Folder for the database file; created when missing. */
  dataDir: string;
  /** Defaults to nn-tutor.sqlite. */
  fileName?: string;
}

/** The database file path for these options. */
export function databasePath(options: SqliteStoreOptions): string {
  return join(options.dataDir, options.fileName ?? 'nn-tutor.sqlite');
}

/**
 * Opens (creating if needed) the database in WAL mode — readers never block the writer and a
 * crash loses at most the transaction in flight — and brings the schema up to date.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store & { db: Database.Database } {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(databasePath(options));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    db,
    users: createUserRepository(db),
    progress: createProgressRepository(db),
    cards: createCardRepository(db),
    answers: createAnswerRepository(db),
    live: createLiveQuizRepository(db),
    scores: createScoreRepository(db),
    specs: createRecentSpecRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => { if (db.open) db.close(); },
  };
}
