/** SQLite repository of users' saved datasets (own uploads and drawings, shared by lecturers) and each user's last data. */
import type Database from 'better-sqlite3';
import type { SavedDatasetRecord, SavedDatasetRepository, SavedDatasetSummary } from '../types.ts';

interface Row {
  owner_key: string; name: string; data_json?: string; points: number; size_bytes: number; created_at: number;
  shared_scope: string | null; shared_at: number | null;
}

const SUMMARY_COLUMNS = 'owner_key, name, points, size_bytes, created_at, shared_scope, shared_at';

function toSummary(row: Row): SavedDatasetSummary {
  return { ownerKey: row.owner_key, name: row.name, points: row.points, sizeBytes: row.size_bytes, createdAt: row.created_at, sharedScope: row.shared_scope, sharedAt: row.shared_at };
}

function toRecord(row: Row): SavedDatasetRecord {
  return { ...toSummary(row), data: JSON.parse(row.data_json ?? 'null') as unknown };
}

/**
 * Saved datasets keyed by (owner, name). Methods return Promises (the store's async contract) but
 * do their SQLite work synchronously, so a database fault is thrown where the store guard sees it.
 */
export function createSavedDatasetRepository(db: Database.Database): SavedDatasetRepository {
  const usage = db.prepare('SELECT COUNT(*) AS count, COALESCE(SUM(size_bytes), 0) AS bytes FROM saved_datasets WHERE owner_key = ? AND name <> ?');
  const upsert = db.prepare(`INSERT INTO saved_datasets (owner_key, name, data_json, points, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (owner_key, name) DO UPDATE SET data_json = excluded.data_json, points = excluded.points, size_bytes = excluded.size_bytes, created_at = excluded.created_at`);
  const get = db.prepare('SELECT * FROM saved_datasets WHERE owner_key = ? AND name = ?');
  const list = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM saved_datasets WHERE owner_key = ? ORDER BY name`);
  const remove = db.prepare('DELETE FROM saved_datasets WHERE owner_key = ? AND name = ?');
  const getShared = db.prepare('SELECT * FROM saved_datasets WHERE shared_scope = ? AND name = ?');
  const listShared = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM saved_datasets WHERE shared_scope = ? ORDER BY name`);
  const sharedNames = db.prepare('SELECT shared_scope, name FROM saved_datasets WHERE shared_scope IS NOT NULL ORDER BY shared_at DESC LIMIT ?');
  const share = db.prepare('UPDATE saved_datasets SET shared_scope = ?, shared_at = ? WHERE owner_key = ? AND name = ?');
  const setLast = db.prepare(`INSERT INTO last_user_data (owner_key, data_json, points, size_bytes, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (owner_key) DO UPDATE SET data_json = excluded.data_json, points = excluded.points, size_bytes = excluded.size_bytes, created_at = excluded.created_at`);
  const getLast = db.prepare('SELECT data_json, points, size_bytes, created_at FROM last_user_data WHERE owner_key = ?');

  const saveWithinLimits = db.transaction((record: Omit<SavedDatasetRecord, 'sharedScope' | 'sharedAt'>, limits: { maxCount: number; maxBytes: number }) => {
    const json = JSON.stringify(record.data);
    const others = usage.get(record.ownerKey, record.name) as { count: number; bytes: number };
    const sizeBytes = Buffer.byteLength(json);
    if (others.count + 1 > limits.maxCount) return { isSaved: false as const, reason: 'count' as const, usage: others };
    if (others.bytes + sizeBytes > limits.maxBytes) return { isSaved: false as const, reason: 'bytes' as const, usage: others };
    upsert.run(record.ownerKey, record.name, json, record.points, sizeBytes, record.createdAt);
    return { isSaved: true as const };
  });
  const shareUnlessTaken = db.transaction((ownerKey: string, name: string, scope: string, nowMs: number) => {
    if (!get.get(ownerKey, name)) return 'missing' as const;
    const holder = getShared.get(scope, name) as Row | undefined;
    if (holder && holder.owner_key !== ownerKey) return 'taken' as const;
    share.run(scope, nowMs, ownerKey, name);
    return 'shared' as const;
  });

  return {
    save: (record, limits) => Promise.resolve(saveWithinLimits(record, limits)),
    get: (ownerKey, name) => {
      const row = get.get(ownerKey, name) as Row | undefined;
      return Promise.resolve(row && toRecord(row));
    },
    list: (ownerKey) => Promise.resolve((list.all(ownerKey) as Row[]).map(toSummary)),
    delete: (ownerKey, name) => Promise.resolve(remove.run(ownerKey, name).changes > 0),
    share: (ownerKey, name, scope, nowMs) => Promise.resolve(shareUnlessTaken(ownerKey, name, scope, nowMs)),
    getShared: (scope, name) => {
      const row = getShared.get(scope, name) as Row | undefined;
      return Promise.resolve(row && toRecord(row));
    },
    listShared: (scope) => Promise.resolve((listShared.all(scope) as Row[]).map(toSummary)),
    listSharedNames: (limit) => Promise.resolve((sharedNames.all(limit) as { shared_scope: string; name: string }[]).map((r) => ({ scope: r.shared_scope, name: r.name }))),
    setLast: (ownerKey, data, points, nowMs) => {
      const json = JSON.stringify(data);
      setLast.run(ownerKey, json, points, Buffer.byteLength(json), nowMs);
      return Promise.resolve();
    },
    getLast: (ownerKey) => {
      const row = getLast.get(ownerKey) as { data_json: string; points: number; size_bytes: number; created_at: number } | undefined;
      return Promise.resolve(row && { data: JSON.parse(row.data_json) as unknown, points: row.points, sizeBytes: row.size_bytes, createdAt: row.created_at });
    },
  };
}
