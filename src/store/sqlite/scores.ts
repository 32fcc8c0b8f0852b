/** SQLite repository of score events and the leaderboards summed from them (opted-out users left out). */
import type Database from 'better-sqlite3';
import type { LeaderboardRow, ScoreRepository } from '../types.ts';

/** Score events summed per user for a place and period. */
export function createScoreRepository(db: Database.Database): ScoreRepository {
  const add = db.prepare(`INSERT INTO score_events (user_key, display_name, platform, space_id, channel_id, points, source, created_at)
    VALUES (@userKey, @displayName, @platform, @spaceId, @channelId, @points, @source, @createdAt)`);
  return {
    add(event) { add.run(event); },
    leaderboard(query) {
      const where = ['s.platform = @platform', 's.created_at >= @since', 'COALESCE(u.leaderboard_opt_out, 0) = 0'];
      if (query.channelId !== undefined) where.push('s.channel_id = @channelId');
      else if (query.spaceId !== undefined && query.spaceId !== null) where.push('s.space_id = @spaceId');
      const sql = `SELECT s.user_key AS userKey, COALESCE(u.display_name, MAX(s.display_name)) AS displayName, SUM(s.points) AS points
        FROM score_events s LEFT JOIN users u ON u.user_key = s.user_key
        WHERE ${where.join(' AND ')}
        GROUP BY s.user_key HAVING SUM(s.points) > 0
        ORDER BY points DESC, MIN(s.created_at) ASC LIMIT @limit`;
      return db.prepare(sql).all({
        platform: query.platform, since: query.sinceMs ?? 0, channelId: query.channelId ?? null,
        spaceId: query.spaceId ?? null, limit: query.limit,
      }) as LeaderboardRow[];
    },
  };
}
