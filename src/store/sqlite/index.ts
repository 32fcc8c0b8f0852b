/** Opens the SQLite store: a file in the data directory, WAL journal, migrations applied. */
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../types.ts';
import { migrate } from './migrations.ts';
import { asStoreFault, checkDatabaseFile, StoreUnavailableError } from '../faults.ts';
import { guardStore } from '../guard.ts';
import { createUserRepository } from './users.ts';
import { createProgressRepository } from './progress.ts';
import { createCardRepository } from './cards.ts';
import { createAnswerRepository } from './answers.ts';
import { createLiveQuizRepository } from './live.ts';
import { createScoreRepository } from './scores.ts';
import { createRecentSpecRepository } from './specs.ts';
import { createSavedDatasetRepository } from './saved-datasets.ts';
import { createReportRepository } from './reports.ts';

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
export function openSqliteStore(options: SqliteStoreOptions): Store & { db: Database.Database; checkFile(): void } {
  const filePath = databasePath(options);
  let db: Database.Database | undefined;
  try {
    mkdirSync(options.dataDir, { recursive: true });
    checkDatabaseFile(filePath);
    db = new Database(filePath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    checkIntegrity(db, filePath);
    migrate(db);
  } catch (error) {
    if (db?.open) db.close();
    throw asStoreFault(error, filePath) ?? error;
  }
  const openedIno = statSync(filePath).ino;
  return guardStore(filePath, {
    db,
    checkFile: () => checkFileUnchanged(filePath, openedIno),
    users: createUserRepository(db),
    progress: createProgressRepository(db),
    cards: createCardRepository(db),
    answers: createAnswerRepository(db),
    live: createLiveQuizRepository(db),
    scores: createScoreRepository(db),
    specs: createRecentSpecRepository(db),
    datasets: createSavedDatasetRepository(db),
    reports: createReportRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => { if (db.open) db.close(); },
  });
}

/**
 * Throws when the open database file was deleted, replaced or truncated under the running tutor
 * (SQLite would go on reading its cache and write into a file that no longer holds the data).
 */
function checkFileUnchanged(filePath: string, openedIno: number): void {
  let stat;
  try {
    stat = statSync(filePath);
  } catch {
    throw new StoreUnavailableError(`The database ${filePath} was deleted or moved while the tutor was running. Put it back and restart, or restore it from a backup (\`npm run backup\` makes one).`, filePath);
  }
  if (stat.ino !== openedIno)
    throw new StoreUnavailableError(`The database ${filePath} was replaced by another file while the tutor was running. Restart the tutor to use the new file.`, filePath);
  if (stat.size === 0)
    throw new StoreUnavailableError(`The database ${filePath} was truncated to 0 bytes while the tutor was running. Stop the tutor and restore the file from a backup (\`npm run backup\` makes one).`, filePath);
}

/** Throws when SQLite's quick check finds damage (pages a truncation or a bad copy left behind). */
function checkIntegrity(db: Database.Database, filePath: string): void {
  const problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((row) => row.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0)
    throw new StoreUnavailableError(`The database ${filePath} is damaged (${problems.join('; ')}). Please restore it from a backup (\`npm run backup\` makes one) or move it away to start with an empty database.`, filePath);
}
