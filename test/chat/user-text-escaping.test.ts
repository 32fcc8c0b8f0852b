/**
 * Text from users is text: a display name repeated by the bot (leaderboard, podium, live-quiz
 * lines) cannot forge lines, bold, links or mentions in the web chat, Discord or Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import leaderboardCommand from '../../commands/leaderboard.ts';
import { podiumReply } from '../../commands/_lib/live-quiz-replies.ts';
import { escapeMarkdown, unescapeMarkdown } from '../../src/chat/escape-markdown.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { Caller } from '../../src/chat/types.ts';
import { markdownToMrkdwn, markdownToPlain } from '../../src/platforms/slack/mrkdwn.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import type { LiveTotal } from '../../src/store/types.ts';
import { ensureUser } from '../../src/tutor/users.ts';
import { FakeResponder } from './fake-responder.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

const FORGED_LINE = 'Zed\n🥇 **Mallory** — 99999 pts';
const LINK = '[click me](https://evil.example/steal)';
const HOSTILE_NAMES = [FORGED_LINE, LINK, '<@123456> @everyone', '||spoiler|| `code` ~~gone~~ _x_', 'https://evil.example www.evil.example', '# Heading', '&lt;b&gt; :tada:', 'Back\\*slash\\'];

/** The web chat renders replies with marked (GitHub-flavoured, single line breaks kept), as public/markdown.js does. */
const webChat = new Marked({ gfm: true, breaks: true });
const textOf = (html: string) => html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Where a name stands in a line like "🥇 **NAME** — 10 pts": the bold markers around it must stay the only markup. */
function nameShown(name: string): string {
  return name.replace(/[\u0000-\u001f]+/g, ' ').trim();
}

function totals(names: string[]): LiveTotal[] {
  return names.map((displayName, i) => ({ userKey: `k${i}`, displayName, points: 1000 - i, correct: 1, answered: 1 }));
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE_NAMES)('%j renders in the web chat as exactly the name, on one line, with no markup', (name) => {
    const html = webChat.parse(`**${escapeMarkdown(name)}** — 10 pts`) as string;
    expect(html).not.toMatch(/<a |<h\d|<code|<del|<em/);
    expect(html.match(/<strong>/g)).toHaveLength(1);
    expect(html).not.toContain('<br>');
    expect(textOf(html).trim()).toBe(`${nameShown(name)} — 10 pts`);
  });

  it('leaves no markup character of the name unescaped (what Discord reads)', async () => {
    for (const name of HOSTILE_NAMES) {
      const escaped = escapeMarkdown(name);
      expect(escaped).not.toMatch(/\n/);
      // every *, _, ~, `, |, [, ], (, ), <, >, #, : and @ is preceded by a backslash, so Discord shows it as itself
      expect(escaped.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[*_~`|[\]()<>#:@\\]/);
      expect(unescapeMarkdown(escaped)).toBe(nameShown(name));
    }
  });

  it('cuts a very long name', async () => {
    expect([...unescapeMarkdown(escapeMarkdown('A'.repeat(5000)))].length).toBeLessThanOrEqual(80);
  });
});

describe('lines the bot builds from display names', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = tempDir();
    getStore({ dataDir });
  });
  afterAll(async () => {
    closeStore();
    cleanupTempDirs();
  });

  it('the leaderboard shows a forged-line name as one entry in the web chat, not a fake first place', async () => {
    const store = getStore();
    const now = Date.now();
    const where: Omit<Caller, 'userId' | 'displayName'> = { platform: 'test', channelId: 'hall', spaceId: 'uni', isLecturer: false };
    for (const [i, displayName] of HOSTILE_NAMES.entries()) {
      const userKey = await ensureUser(store, { ...where, userId: `u${i}`, displayName }, now);
      await store.scores.add({ userKey, displayName, platform: 'test', spaceId: 'uni', channelId: 'hall', points: 10 + i, source: 'solo', createdAt: now });
    }
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'leaderboard', options: { period: 'all' }, caller: { ...where, userId: 'viewer', displayName: 'Viewer' }, responder, commands: [leaderboardCommand] });
    const html = webChat.parse(responder.final!.text!) as string;
    const lines = textOf(html).split('\n').filter((l) => /pts$/.test(l));
    expect(lines).toHaveLength(HOSTILE_NAMES.length);
    expect(lines.filter((l) => l.includes('99999'))).toHaveLength(1);
    expect(html).not.toMatch(/<a /);
  });

  it('the live-quiz podium (top three and places 4–10) carries no link or forged line on Slack', async () => {
    for (const text of [podiumReply(totals(HOSTILE_NAMES)).text!, podiumReply(totals([...HOSTILE_NAMES].reverse())).text!]) {
      const mrkdwn = markdownToMrkdwn(text);
      expect(mrkdwn).not.toMatch(/<https?:|<@|<!|\|click me>/);
      expect(mrkdwn).not.toContain('*Mallory*');
      expect(mrkdwn).not.toMatch(/:tada:/);
      // one line per player: the forged "🥇 **Mallory**" stays inside Zed's line
      expect(mrkdwn.split('\n').filter((l) => l.includes('Mallory'))).toHaveLength(1);
      expect(mrkdwn.split('\n').find((l) => l.includes('Mallory'))).toMatch(/Zed .*Mallory.* — 99999 pts/);
      expect(markdownToPlain(text)).toContain('Zed 🥇 **Mallory** — 99999 pts');
    }
  });
});
