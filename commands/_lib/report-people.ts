/** Finds the student a lecturer names in `/report student user:…`: a Discord/Slack mention, a display name or a user id on this platform. */
import { UserError } from '../../src/chat/errors.ts';
import { escapeMarkdown } from '../../src/chat/escape-markdown.ts';
import type { UserRecord } from '../../src/store/types.ts';

/** The one user `who` names among `users` of this platform; a UserError says what went wrong (none, or several). */
export function resolveStudent(who: string, platform: string, users: readonly UserRecord[]): UserRecord {
  const text = who.trim();
  // <@123> / <@!123> (Discord), <@U123> / <@U123|ana> (Slack)
  const mention = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  const here = users.filter((u) => u.platform === platform);
  if (mention) {
    const found = here.find((u) => u.userId === mention[1]);
    if (!found) throw new UserError('That person has not used the tutor yet, so there is no report for them.');
    return found;
  }
  const name = text.replace(/^@/, '').toLowerCase();
  if (!name) throw new UserError('Name the student: `/report student user:@name` (a mention, their display name or their user id).');
  const byId = here.find((u) => u.userId === text);
  if (byId) return byId;
  const matches = here.filter((u) => u.displayName.toLowerCase() === name);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new UserError(`${matches.length} students are called "${escapeMarkdown(text)}"; mention them (@…) or give the user id: ${matches.map((u) => `\`${u.userId}\``).join(', ')}.`);
  throw new UserError(`No student called "${escapeMarkdown(text)}" has used the tutor here. Mention them (@…) or give their display name or user id.`);
}
