/** Opens the SQLite store: a file in the data directory, WAL journal, migrations applied (Kysely's SQLite dialect over better-sqlite3). */
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';
import { asStoreFault, checkDatabaseFile, StoreUnavailableError } from '../faults.ts';
import { guardStore } from '../guard.ts';
import { createKyselyStore, type KyselyStore } from '../kysely/store.ts';
import type { StoreDatabase } from '../kysely/schema.ts';

/**
 * Kysely's SQLite dialect, told that SQLite's DDL is transactional (it is): the migrator then runs
 * each batch of migrations and its record in one transaction, so a failing step leaves nothing
 * behind. Transactions begin IMMEDIATE: a deferred one that reads, then writes, fails at once with
 * SQLITE_BUSY when another connection to the file writes (busy_timeout cannot help it); an
 * immediate one waits for the write lock.
 */
class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new (class extends SqliteAdapter {
      override get supportsTransactionalDdl(): boolean { return true; }
    })();
  }

  private readonly driverConfig: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driverConfig = config;
  }

  override createDriver(): Driver {
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
    })(this.driverConfig);
  }
}

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
 * crash loses at most the transaction in flight — and brings the schema up to date through
 * Kysely's migrator (repository calls wait for it). Problems with the file itself are thrown here,
 * synchronously, as StoreUnavailableError.
 */
export function openSqliteStore(options: SqliteStoreOptions): KyselyStore & { db: Database.Database; checkFile(): void } {
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
  } catch (error) {
    if (db?.open) db.close();
    throw asStoreFault(error, filePath) ?? error;
  }
  const openedIno = statSync(filePath).ino;
  const store = createKyselyStore(new Kysely<StoreDatabase>({ dialect: new TransactionalDdlSqliteDialect({ database: db }) }), 'sqlite');
  return guardStore(filePath, {
    ...store,
    db,
    checkFile: () => checkFileUnchanged(filePath, openedIno),
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
