/** Opens the Postgres store (DATABASE_URL=postgres://…): a pg connection pool under Kysely's Postgres dialect, migrations applied. */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createKyselyStore, type KyselyStore } from '../kysely/store.ts';
import type { StoreDatabase } from '../kysely/schema.ts';
import { guardStore } from '../guard.ts';
import { createDatabaseFromTemplate } from './database-per-folder.ts';

/** Where the Postgres store lives and how many connections one instance may hold. */
export interface PostgresStoreOptions {
  connectionString: string;
  /** Pool size per instance (default 10). */
  maxConnections?: number;
  /** A schema of its own (created when missing) instead of the connection's default, usually public. */
  schema?: string;
  /** Creates the connection's database, when missing, as a copy of this template database (the test suite on Postgres). */
  templateDatabase?: { name: string; adminConnectionString: string };
}

// int8 (COUNT, bigint columns) and numeric (SUM of bigint) arrive as text by default; every value
// the store keeps fits a double exactly (epoch ms, points), so both are read as numbers.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The URL with its password hidden (for messages and logs). */
export function redactedUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable DATABASE_URL)';
  }
}

/** Whether a DATABASE_URL names a Postgres database. */
export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** A Kysely instance on a new pool (the copy tool and tests use it directly). */
export function createPostgresKysely(options: PostgresStoreOptions): Kysely<StoreDatabase> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`The Postgres schema name "${options.schema}" must be lower-case letters, digits and _.`);
  const pool = new pg.Pool({
    connectionString: options.connectionString, max: options.maxConnections ?? 10, types: typeParsers, connectionTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // a client losing its server must not crash the process: idle ones are reported to the pool, and
  // one checked out between two queries of a transaction to itself (its query, or the next one, fails
  // and is reported as the store being unavailable)
  pool.on('error', () => undefined);
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  return new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * CREATE SCHEMA IF NOT EXISTS is not safe against itself: two instances starting together can both
 * pass the check and one then fails on pg_namespace's unique index (23505). That one lost a race
 * that leaves the schema existing, which is all it wanted.
 */
async function createSchemaOnce(kysely: Kysely<StoreDatabase>, schema: string): Promise<void> {
  try {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(kysely);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** Opens the Postgres store; connection and migration problems reject ready() and every repository call with a StoreUnavailableError. */
export function openPostgresStore(options: PostgresStoreOptions): KyselyStore {
  const kysely = createPostgresKysely(options);
  const { schema, templateDatabase } = options;
  const database = new URL(options.connectionString).pathname.slice(1);
  const prepare = schema || templateDatabase ? async () => {
    if (templateDatabase) await createDatabaseFromTemplate(templateDatabase.adminConnectionString, database, templateDatabase.name);
    if (schema) await createSchemaOnce(kysely, schema);
  } : undefined;
  return guardStore(redactedUrl(options.connectionString), createKyselyStore(kysely, 'postgres', prepare, options.schema ?? 'public'));
}
