/** SQLite repository of users' recent training specs ("train again"). */
import type Database from 'better-sqlite3';
import type { RecentSpecRepository } from '../types.ts';

/** How many specs are kept per user; older ones are pruned on insert. */
export const RECENT_SPECS_KEPT = 20;

/** The last RECENT_SPECS_KEPT training specs per user. */
export function createRecentSpecRepository(db: Database.Database): RecentSpecRepository {
  const add = db.prepare('INSERT INTO recent_specs (user_key, spec_json, created_at) VALUES (?, ?, ?)');
  const prune = db.prepare(`DELETE FROM recent_specs WHERE user_key = ? AND id NOT IN (
    SELECT id FROM recent_specs WHERE user_key = ? ORDER BY created_at DESC, id DESC LIMIT ?)`);
  const recent = db.prepare('SELECT spec_json, created_at FROM recent_specs WHERE user_key = ? ORDER BY created_at DESC, id DESC LIMIT ?');
  const get = db.prepare('SELECT id, user_key, spec_json, created_at FROM recent_specs WHERE id = ?');
  // insert and prune together, so a crash never leaves more than the kept count
  const addAndPrune = db.transaction((userKey: string, specJson: string, nowMs: number): number => {
    const id = Number(add.run(userKey, specJson, nowMs).lastInsertRowid);
    prune.run(userKey, userKey, RECENT_SPECS_KEPT);
    return id;
  });
  return {
    add(userKey, spec, nowMs) {
      return addAndPrune(userKey, JSON.stringify(spec), nowMs);
    },
    get(id) {
      if (!Number.isSafeInteger(id) || id <= 0) return undefined;
      const row = get.get(id) as { id: number; user_key: string; spec_json: string; created_at: number } | undefined;
      return row && { id: row.id, userKey: row.user_key, spec: JSON.parse(row.spec_json) as unknown, createdAt: row.created_at };
    },
    recent(userKey, limit) {
      return (recent.all(userKey, limit) as { spec_json: string; created_at: number }[])
        .map((r) => ({ spec: JSON.parse(r.spec_json) as unknown, createdAt: r.created_at }));
    },
  };
}
