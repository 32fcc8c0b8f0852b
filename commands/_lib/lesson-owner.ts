/** Whose lesson a button belongs to: an owner tag at the end of its id, and the answer to anyone else who presses it. */
import { createHash } from 'node:crypto';
import type { Caller, Reply } from '../../src/chat/types.ts';
import type { Store } from '../../src/store/types.ts';

/** A platform user id that can stand in a button id as it is (Discord and Slack ids, web-chat ids). */
const PLAIN_ID = /^[\w.-]{1,32}$/;

/**
 * The tag that marks a caller's lesson buttons: their platform user id when it is short and plain
 * (such ids are already visible on every platform), else a 12-character hash of it, so a button id
 * stays within Discord's 100 characters.
 */
export function ownerTagOf(caller: Pick<Caller, 'platform' | 'userId'>): string {
  if (PLAIN_ID.test(caller.userId)) return caller.userId;
  return `~${createHash('sha256').update(`${caller.platform}:${caller.userId}`).digest('base64url').slice(0, 12)}`;
}

/**
 * Splits a button's state into its arguments and its owner tag: ids made before buttons carried
 * owners have exactly `arity` arguments and no tag (they act for whoever presses them).
 */
export function splitOwner(state: readonly string[], arity: number): { args: string[]; owner?: string } {
  if (state.length > arity) return { args: state.slice(0, arity), owner: state.slice(arity).join(':') };
  return { args: [...state] };
}

/** The owner's display name when the tag is a plain user id this store knows. */
export async function ownerNameOf(store: Store, platform: string, owner: string): Promise<string | undefined> {
  if (!PLAIN_ID.test(owner)) return undefined;
  return (await store.users.get(`${platform}:${owner}`))?.displayName;
}

/** The private answer to someone pressing another person's lesson button: whose it is and how to start their own. */
export function othersLessonReply(ownerName: string | undefined, lessonId: string): Reply {
  const whose = ownerName ? `${ownerName}'s lesson` : 'someone else\'s lesson';
  return {
    text: `This is ${whose} — its buttons move only their progress. Start your own with \`/lesson name:${lessonId}\`.`,
    ephemeral: true,
  };
}
