/** Users' saved datasets (own uploads and drawings, shared by lecturers) and each user's last data, on Kysely (SQLite and Postgres). */
import { sql } from 'kysely';
import type { SavedDatasetRecord, SavedDatasetRepository, SavedDatasetSummary } from '../types.ts';
import type { DbSource } from './repositories.ts';
import type { StoreDialect } from './migrations.ts';
import type { SavedDatasetsTable } from './schema.ts';

const SUMMARY_COLUMNS = ['owner_key', 'name', 'points', 'size_bytes', 'created_at', 'shared_scope', 'shared_at'] as const;
type SummaryRow = Omit<SavedDatasetsTable, 'data_json'>;

const toSummary = (r: SummaryRow): SavedDatasetSummary => ({
  ownerKey: r.owner_key, name: r.name, points: Number(r.points), sizeBytes: Number(r.size_bytes), createdAt: Number(r.created_at),
  sharedScope: r.shared_scope, sharedAt: r.shared_at === null ? null : Number(r.shared_at),
});
const toRecord = (r: SavedDatasetsTable): SavedDatasetRecord => ({ ...toSummary(r), data: JSON.parse(r.data_json) as unknown });

/**
 * Serialises one owner's saves across connections and bot instances until the transaction ends, so
 * the limit check and the insert are atomic. SQLite needs nothing: its transactions begin
 * IMMEDIATE, holding the file's write lock from the start. Postgres's READ COMMITTED would let two
 * transactions count the same rows and both insert; a transaction-scoped advisory lock on the
 * owner (a row lock would not do: the row about to be inserted does not exist yet) queues the
 * second until the first commits, and it then counts the first one's row. Sharing a name with a
 * class takes the same kind of lock on (class, name), so two owners sharing one name at once get
 * 'shared' and 'taken' instead of a unique-index error.
 */
async function lockUntilCommit(db: DbSource, dialect: StoreDialect, key: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db());
}

/** Saved datasets keyed by (owner, name); the limit check and the write share one transaction, serialised per owner. */
export function createSavedDatasetRepository(db: DbSource, inTransaction: <T>(fn: () => Promise<T>) => Promise<T>, dialect: StoreDialect): SavedDatasetRepository {
  const getRow = (ownerKey: string, name: string) =>
    db().selectFrom('saved_datasets').selectAll().where('owner_key', '=', ownerKey).where('name', '=', name).executeTakeFirst();
  const getSharedRow = (scope: string, name: string) =>
    db().selectFrom('saved_datasets').selectAll().where('shared_scope', '=', scope).where('name', '=', name).executeTakeFirst();
  return {
    save: (record, limits) => inTransaction(async () => {
      await lockUntilCommit(db, dialect, `saved_datasets:${record.ownerKey}`);
      const json = JSON.stringify(record.data);
      const usageRow = await db().selectFrom('saved_datasets')
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), eb.lit(0)).as('bytes')])
        .where('owner_key', '=', record.ownerKey).where('name', '<>', record.name).executeTakeFirstOrThrow();
      const usage = { count: Number(usageRow.count), bytes: Number(usageRow.bytes) };
      const sizeBytes = Buffer.byteLength(json);
      if (usage.count + 1 > limits.maxCount) return { isSaved: false as const, reason: 'count' as const, usage };
      if (usage.bytes + sizeBytes > limits.maxBytes) return { isSaved: false as const, reason: 'bytes' as const, usage };
      await db().insertInto('saved_datasets')
        .values({ owner_key: record.ownerKey, name: record.name, data_json: json, points: record.points, size_bytes: sizeBytes, created_at: record.createdAt, shared_scope: null, shared_at: null })
        .onConflict((oc) => oc.columns(['owner_key', 'name']).doUpdateSet((eb) => ({
          data_json: eb.ref('excluded.data_json'), points: eb.ref('excluded.points'), size_bytes: eb.ref('excluded.size_bytes'), created_at: eb.ref('excluded.created_at'),
        })))
        .execute();
      return { isSaved: true as const };
    }),
    async get(ownerKey, name) {
      const row = await getRow(ownerKey, name);
      return row && toRecord(row);
    },
    async list(ownerKey) {
      return (await db().selectFrom('saved_datasets').select(SUMMARY_COLUMNS).where('owner_key', '=', ownerKey).orderBy('name').execute()).map(toSummary);
    },
    async delete(ownerKey, name) {
      const result = await db().deleteFrom('saved_datasets').where('owner_key', '=', ownerKey).where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    share: (ownerKey, name, scope, nowMs) => inTransaction(async () => {
      await lockUntilCommit(db, dialect, `shared_dataset:${scope}:${name}`);
      if (!(await getRow(ownerKey, name))) return 'missing' as const;
      const holder = await getSharedRow(scope, name);
      if (holder && holder.owner_key !== ownerKey) return 'taken' as const;
      await db().updateTable('saved_datasets').set({ shared_scope: scope, shared_at: nowMs }).where('owner_key', '=', ownerKey).where('name', '=', name).execute();
      return 'shared' as const;
    }),
    async getShared(scope, name) {
      const row = await getSharedRow(scope, name);
      return row && toRecord(row);
    },
    async listShared(scope) {
      return (await db().selectFrom('saved_datasets').select(SUMMARY_COLUMNS).where('shared_scope', '=', scope).orderBy('name').execute()).map(toSummary);
    },
    async listSharedNames(limit) {
      const rows = await db().selectFrom('saved_datasets').select(['shared_scope', 'name']).where('shared_scope', 'is not', null)
        .orderBy('shared_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({ scope: r.shared_scope!, name: r.name }));
    },
    async setLast(ownerKey, data, points, nowMs) {
      const json = JSON.stringify(data);
      await db().insertInto('last_user_data')
        .values({ owner_key: ownerKey, data_json: json, points, size_bytes: Buffer.byteLength(json), created_at: nowMs })
        .onConflict((oc) => oc.column('owner_key').doUpdateSet((eb) => ({
          data_json: eb.ref('excluded.data_json'), points: eb.ref('excluded.points'), size_bytes: eb.ref('excluded.size_bytes'), created_at: eb.ref('excluded.created_at'),
        })))
        .execute();
    },
    async getLast(ownerKey) {
      const row = await db().selectFrom('last_user_data').selectAll().where('owner_key', '=', ownerKey).executeTakeFirst();
      return row && { data: JSON.parse(row.data_json) as unknown, points: Number(row.points), sizeBytes: Number(row.size_bytes), createdAt: Number(row.created_at) };
    },
  };
}
