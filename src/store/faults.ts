/** Database files that cannot be used: each fault named with its file and what to do about it. */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The store cannot be used right now (read-only, corrupt, empty or vanished file, full disk…).
 * The message names the file and what to do; progress commands answer "unavailable" instead of
 * failing, and training keeps working.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, readonly filePath: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const RESTORE = 'restore it from a backup (`npm run backup` makes one) or move it away to start with an empty database';

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the database file before SQLite opens it, because SQLite would quietly treat a 0-byte
 * file as a new empty database and open a read-only one for reading only. Throws a
 * StoreUnavailableError for an empty file, a file whose write-ahead log survived it (deleted or
 * moved while in use), or a file or folder this process cannot write.
 */
export function checkDatabaseFile(filePath: string): void {
  if (!existsSync(filePath)) {
    if (existsSync(`${filePath}-wal`))
      throw new StoreUnavailableError(`The database ${filePath} is missing but its write-ahead log ${filePath}-wal is still there: it was deleted or moved while in use. Put the file back, ${RESTORE.replace('restore it', 'or restore it')}; delete ${filePath}-wal and ${filePath}-shm only to start over with an empty database.`, filePath);
    if (!isWritable(dirname(filePath)))
      throw new StoreUnavailableError(`The data folder ${dirname(filePath)} is read-only, so the database ${filePath} cannot be created. Make the folder writable for this user or set DATA_DIR to a writable folder.`, filePath);
    return;
  }
  const stat = statSync(filePath);
  if (!stat.isFile()) throw new StoreUnavailableError(`The database path ${filePath} is not a file. Set DATA_DIR to a folder for nn-tutor's data.`, filePath);
  if (stat.size === 0)
    throw new StoreUnavailableError(`The database ${filePath} is empty (0 bytes): it was truncated or a copy of it failed, and opening it would silently start a new database and lose everyone's progress. Please ${RESTORE}.`, filePath);
  if (!isWritable(filePath) || !isWritable(dirname(filePath)))
    throw new StoreUnavailableError(`The database ${filePath} (or its folder, which needs room for the -wal and -shm files) is read-only for this user, so progress cannot be saved. Make both writable (e.g. \`chmod u+w\` and check the owner) or set DATA_DIR to a writable folder.`, filePath);
}

/** SQLite result codes that mean the file, not the query, is at fault. */
const FILE_FAULTS: Record<string, string> = {
  SQLITE_READONLY: 'is read-only for this user, so progress cannot be saved. Make it and its folder writable (e.g. `chmod u+w`) or set DATA_DIR to a writable folder',
  SQLITE_CORRUPT: `is damaged (SQLite reports corruption). Please ${RESTORE}`,
  SQLITE_NOTADB: `is not a SQLite database (its header is wrong: truncated, overwritten or a different file). Please ${RESTORE}`,
  SQLITE_IOERR: `cannot be read or written (input/output error: a vanished, truncated or unmounted file?). Check the disk and the file; if it is damaged, ${RESTORE}`,
  SQLITE_CANTOPEN: 'cannot be opened (missing folder or no permission). Check DATA_DIR and its permissions',
  SQLITE_FULL: 'cannot grow: the disk is full. Free some space',
};

/** Postgres and network error codes that mean the server, not the query, is at fault. */
const SERVER_FAULTS: Record<string, string> = {
  ECONNREFUSED: 'refuses connections (is Postgres running, and are DATABASE_URL\'s host and port right?)',
  ENOTFOUND: 'has a host name that does not resolve (check DATABASE_URL)',
  ECONNRESET: 'dropped the connection (restarting or overloaded?); try again shortly',
  ETIMEDOUT: 'did not answer in time (network or server overloaded?)',
  '57P01': 'is shutting down (administrator command); try again when it is back',
  '57P03': 'is starting up and not accepting connections yet; try again shortly',
  '53100': 'has a full disk. Free some space on the database server',
  '53300': 'has too many connections. Lower the number of instances or raise max_connections',
  '28P01': 'rejected the password in DATABASE_URL',
  '3D000': 'has no such database (create it, or fix the name in DATABASE_URL)',
  '25006': 'is read-only (a standby?). Point DATABASE_URL at the primary',
  '57P02': 'shut down after a crash of another server process; try again when it is back',
  '08000': 'lost the connection; try again shortly',
  '08003': 'lost the connection; try again shortly',
  '08006': 'lost the connection; try again shortly',
  EPIPE: 'dropped the connection (restarting or stopped?); try again shortly',
  EHOSTUNREACH: 'cannot be reached (network down, or a wrong host in DATABASE_URL?)',
};

/** node-postgres errors that carry no code but mean the server went away under a query or connection. */
const LOST_CONNECTION = /^(Connection terminated unexpectedly|Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout)$/;

/** The StoreUnavailableError behind a SQLite error about the file itself (read-only, corrupt, I/O, full) or a Postgres server fault, or undefined for any other error. */
export function asStoreFault(error: unknown, filePath: string): StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    const message = error instanceof Error ? error.message : '';
    if (!LOST_CONNECTION.test(message)) return undefined;
    return new StoreUnavailableError(`The database server ${filePath} is unreachable: the connection was lost or could not be made in time (stopped, restarting or overloaded?); try again shortly. (${message})`, filePath, { cause: error });
  }
  if (SERVER_FAULTS[code]) return new StoreUnavailableError(`The database server ${filePath} ${SERVER_FAULTS[code]}. (${code}: ${(error as Error).message})`, filePath, { cause: error });
  const base = Object.keys(FILE_FAULTS).find((c) => code === c || code.startsWith(`${c}_`));
  if (!base) return undefined;
  return new StoreUnavailableError(`The database ${filePath} ${FILE_FAULTS[base]}. (${code}: ${(error as Error).message})`, filePath, { cause: error });
}
