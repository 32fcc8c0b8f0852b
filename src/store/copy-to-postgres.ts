/**
 * `npm run store:copy [sqlite-file]`: copies a SQLite database (default: the one in DATA_DIR) into the
 * Postgres database in DATABASE_URL — migrations first, then every table in one transaction, in
 * batches, with the auto-numbered ids kept (and their sequences moved past them) — then checks that
 * every table holds as many rows as the source. Refuses a target that already holds data.
 */
import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../config.ts';
import { openSqliteStore, databasePath } from './sqlite/index.ts';
import { isPostgresUrl, openPostgresStore, redactedUrl } from './postgres/index.ts';
import { STORE_TABLES, type StoreDatabase } from './kysely/schema.ts';

/** Tables whose `id` is a serial on Postgres. */
const SERIAL_TABLES = new Set(['review_logs', 'answers', 'score_events', 'recent_specs']);
const BATCH_ROWS = 500;

/** Rows per table. */
export async function countRows(db: Kysely<StoreDatabase>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of STORE_TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Copies every table from the SQLite file to Postgres and verifies the counts; returns them. */
export async function copySqliteToPostgres(sqliteDataDir: string, postgresUrl: string, options: { schema?: string } = {}): Promise<Record<string, number>> {
  const source = openSqliteStore({ dataDir: sqliteDataDir });
  const target = openPostgresStore({ connectionString: postgresUrl, schema: options.schema });
  try {
    await source.ready();
    await target.ready();
    const existing = await countRows(target.kysely);
    const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0).map(([t, n]) => `${t} (${n})`);
    if (nonEmpty.length) throw new Error(`The Postgres database already holds data in ${nonEmpty.join(', ')}; copy into an empty database.`);
    const expected = await countRows(source.kysely);
    await target.kysely.transaction().execute(async (trx) => {
      for (const table of STORE_TABLES) {
        for (let offset = 0; offset < expected[table]!; offset += BATCH_ROWS) {
          // rowid order: the order the rows were written in
          const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY rowid LIMIT ${BATCH_ROWS} OFFSET ${offset}`.execute(source.kysely);
          if (rows.rows.length) await trx.insertInto(table).values(rows.rows as never).execute();
        }
        if (SERIAL_TABLES.has(table)) {
          await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(trx);
        }
      }
    });
    const copied = await countRows(target.kysely);
    const wrong = STORE_TABLES.filter((t) => copied[t] !== expected[t]);
    if (wrong.length) throw new Error(`Row counts differ after the copy: ${wrong.map((t) => `${t} ${expected[t]} → ${copied[t]}`).join(', ')}`);
    return copied;
  } finally {
    await source.close();
    await target.close();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !isPostgresUrl(url)) throw new Error('Set DATABASE_URL=postgres://user:password@host:5432/database to the Postgres database to copy into.');
  const fileArg = process.argv[2];
  const dataDir = fileArg ? fileArg.replace(/\/[^/]*\.sqlite$/, '') || '.' : loadConfig().dataDir;
  if (fileArg && !fileArg.endsWith('nn-tutor.sqlite')) throw new Error('Give the path of an nn-tutor.sqlite file (or nothing, for the one in DATA_DIR).');
  if (!existsSync(databasePath({ dataDir }))) throw new Error(`There is no database at ${databasePath({ dataDir })}.`);
  const counts = await copySqliteToPostgres(dataDir, url);
  console.log(`Copied ${databasePath({ dataDir })} → ${redactedUrl(url)}; rows verified:`);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(18)} ${n}`);
}

if (process.argv[1]?.endsWith('src/store/copy-to-postgres.ts')) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main().catch((error: unknown) => {
    console.error(`Copy failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
