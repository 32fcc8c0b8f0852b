/** Records who is calling and returns their user key. */
import type { Store } from '../store/types.ts';

/** The caller's identity as the tutor needs it (structurally a chat Caller). */
export interface TutorUser {
  platform: string;
  userId: string;
  displayName: string;
  channelId: string;
  spaceId?: string;
}

/** Create or refresh the user's record; returns the user key used by every table. */
export async function ensureUser(store: Store, user: TutorUser, nowMs: number): Promise<string> {
  return (await store.users.upsert({ platform: user.platform, userId: user.userId, displayName: user.displayName }, nowMs)).userKey;
}
