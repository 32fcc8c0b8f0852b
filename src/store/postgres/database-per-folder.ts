/**
 * Test-suite support (STORE_DATABASE_PER_DATA_DIR=<template database>): each data folder gets a
 * Postgres database of its own, as it would get a SQLite file of its own, created on first use as a
 * file copy of a template database that already holds the migrated schema (tens of milliseconds,
 * instead of running every migration again).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';

/** The connection string with its database name replaced. */
export function withDatabaseName(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The database name for a data folder: `d_` and a hash of its absolute path. */
export function databaseNameForDataDir(dataDir: string): string {
  return `d_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 20)}`;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates `database` as a copy of `template` on the server of `connectionString`, unless it exists.
 * Two processes creating the same one at once is fine: the loser sees it exist (42P04/23505).
 */
export async function createDatabaseFromTemplate(connectionString: string, database: string, template: string): Promise<void> {
  if (!NAME.test(database) || !NAME.test(template)) throw new Error(`Postgres database names must be lower-case letters, digits and _ (got "${database}", "${template}").`);
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount) return;
    // FILE_COPY copies the template's files (a few MB) instead of writing every block to the WAL: faster for a small database
    await client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
