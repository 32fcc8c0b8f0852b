/**
 * `npm run backup [destination]`: a consistent copy of the database made with SQLite's online
 * backup API while the tutor keeps running (committed transactions, the write-ahead log included;
 * nothing half-written), then checked with `integrity_check`. Default destination:
 * DATA_DIR/backups/nn-tutor-<UTC time>.sqlite.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../config.ts';
import { checkDatabaseFile, StoreUnavailableError } from './faults.ts';
import { databasePath } from './sqlite/index.ts';
import { isPostgresUrl, redactedUrl } from './postgres/index.ts';

/** Where a backup taken at `now` goes by default. */
export function defaultBackupPath(dataDir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  return join(dataDir, 'backups', `nn-tutor-${stamp}.sqlite`);
}

/** Copies `sourcePath` to `destinationPath` with SQLite's online backup and checks the copy; throws StoreUnavailableError for a bad source. */
export async function backupDatabase(sourcePath: string, destinationPath: string): Promise<{ path: string; bytes: number }> {
  if (!existsSync(sourcePath)) throw new StoreUnavailableError(`There is no database at ${sourcePath} to back up. Check DATA_DIR.`, sourcePath);
  const stat = statSync(sourcePath);
  if (stat.size === 0) checkDatabaseFile(sourcePath); // throws the "empty file" explanation
  if (existsSync(destinationPath)) throw new Error(`${destinationPath} already exists; choose another destination.`);
  mkdirSync(dirname(destinationPath), { recursive: true });
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(destinationPath);
  } finally {
    source.close();
  }
  const copy = new Database(destinationPath, { readonly: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup ${destinationPath} failed its integrity check (${String(result)}); the source may be damaged.`);
  } finally {
    copy.close();
  }
  return { path: destinationPath, bytes: statSync(destinationPath).size };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url))
    throw new Error(`the store is on Postgres (DATABASE_URL=${redactedUrl(url!)}), and \`npm run backup\` copies only the SQLite file in DATA_DIR. Back Postgres up with its own tool: pg_dump --format=custom --file=nn-tutor.dump "$DATABASE_URL" (restore with pg_restore).`);
  const dataDir = loadConfig().dataDir;
  const destination = process.argv[2] ?? defaultBackupPath(dataDir);
  const { path, bytes } = await backupDatabase(databasePath({ dataDir }), destination);
  console.log(`Backup written: ${path} (${Math.ceil(bytes / 1024)} KB, integrity ok)`);
}

if (process.argv[1]?.endsWith('src/store/backup.ts')) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main().catch((error: unknown) => {
    console.error(`Backup failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
