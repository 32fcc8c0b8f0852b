/** SQLite users repository. */
import type Database from 'better-sqlite3';
import type { UserRecord, UserRepository } from '../types.ts';

interface Row { user_key: string; platform: string; user_id: string; display_name: string; leaderboard_opt_out: number; created_at: number }

const toRecord = (r: Row): UserRecord => ({
  userKey: r.user_key, platform: r.platform, userId: r.user_id, displayName: r.display_name,
  leaderboardOptOut: r.leaderboard_opt_out === 1, createdAt: r.created_at,
});

/** The key every other table uses for a user. */
export function userKeyOf(platform: string, userId: string): string {
  return `${platform}:${userId}`;
}

/** Users keyed by platform and id, with the leaderboard opt-out. */
export function createUserRepository(db: Database.Database): UserRepository {
  const upsert = db.prepare(`INSERT INTO users (user_key, platform, user_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name`);
  const get = db.prepare('SELECT * FROM users WHERE user_key = ?');
  const optOut = db.prepare('UPDATE users SET leaderboard_opt_out = ? WHERE user_key = ?');
  return {
    upsert(user, nowMs) {
      const key = userKeyOf(user.platform, user.userId);
      upsert.run(key, user.platform, user.userId, user.displayName, nowMs);
      return toRecord(get.get(key) as Row);
    },
    get(userKey) {
      const row = get.get(userKey) as Row | undefined;
      return row && toRecord(row);
    },
    setLeaderboardOptOut(userKey, isOptOut) {
      optOut.run(isOptOut ? 1 : 0, userKey);
    },
  };
}
