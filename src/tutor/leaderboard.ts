/** Leaderboards per server or channel for this week, this term and all time. */
import type { LeaderboardRow, Store } from '../store/types.ts';

/** Periods a leaderboard can cover. */
export const LEADERBOARD_PERIODS = ['week', 'term', 'all'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** Start of the ISO week (Monday 00:00 UTC) containing nowMs. */
export function weekStartMs(nowMs: number): number {
  const d = new Date(nowMs);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/**
 * Start of the current university term, taken as the semesters of a UK academic year:
 * 1 September and 1 February (UTC). A deployment with other dates passes termStartMs instead.
 */
export function termStartMs(nowMs: number): number {
  const d = new Date(nowMs);
  const year = d.getUTCFullYear();
  const candidates = [Date.UTC(year, 8, 1), Date.UTC(year, 1, 1), Date.UTC(year - 1, 8, 1)];
  return Math.max(...candidates.filter((t) => t <= nowMs));
}

/** The first moment counted in a period. */
export function periodStartMs(period: LeaderboardPeriod, nowMs: number, termStart?: number): number | undefined {
  if (period === 'week') return weekStartMs(nowMs);
  if (period === 'term') return termStart ?? termStartMs(nowMs);
  return undefined;
}

/** Which leaderboard: place (server or channel), period, and the clock. */
export interface LeaderboardOptions {
  platform: string;
  scope: 'server' | 'channel';
  spaceId?: string | null;
  channelId: string;
  period: LeaderboardPeriod;
  nowMs: number;
  limit?: number;
  termStartMs?: number;
}

/** Top players for a place and period, opted-out users excluded. Without a server, 'server' falls back to the channel. */
export function leaderboard(store: Store, options: LeaderboardOptions): Promise<LeaderboardRow[]> {
  const byChannel = options.scope === 'channel' || !options.spaceId;
  return store.scores.leaderboard({
    platform: options.platform,
    channelId: byChannel ? options.channelId : undefined,
    spaceId: byChannel ? undefined : options.spaceId,
    sinceMs: periodStartMs(options.period, options.nowMs, options.termStartMs),
    limit: options.limit ?? 10,
  });
}
