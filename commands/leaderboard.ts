import { defineCommand } from '../src/chat/define-command.ts';
import { getStore } from '../src/store/index.ts';
import { leaderboard, LEADERBOARD_PERIODS, type LeaderboardPeriod } from '../src/tutor/leaderboard.ts';
import { ensureUser } from '../src/tutor/users.ts';
import { escapeMarkdown } from '../src/chat/escape-markdown.ts';

const PERIOD_LABEL: Record<LeaderboardPeriod, string> = { week: 'this week', term: 'this term', all: 'all time' };

/** /leaderboard: quiz points for this server or channel, this week / term / all time; opt out or back in. */
export default defineCommand({
  name: 'leaderboard',
  description: 'Quiz points for this server or channel: this week, this term or all time',
  options: [
    { name: 'period', type: 'string', description: 'week (default), term or all', choices: LEADERBOARD_PERIODS, default: 'week' },
    { name: 'scope', type: 'string', description: 'server (default) or this channel only', choices: ['server', 'channel'], default: 'server' },
    { name: 'hide-me', type: 'boolean', description: 'true: leave the leaderboards; false: join them again' },
  ],
  examples: ['/leaderboard', '/leaderboard period:term', '/leaderboard scope:channel period:all', '/leaderboard hide-me:true'],
  async run(ctx) {
    const store = getStore();
    const now = Date.now();
    const userKey = ensureUser(store, ctx.caller, now);
    const hideMe = ctx.options['hide-me'];
    if (typeof hideMe === 'boolean') {
      store.users.setLeaderboardOptOut(userKey, hideMe);
      await ctx.reply({
        text: hideMe ? 'You are now hidden from leaderboards (your own progress is kept). Your lecturer still sees your results in their class reports (`/help report`). `/leaderboard hide-me:false` brings you back.' : 'You are back on the leaderboards.',
        ephemeral: true,
      });
      return;
    }
    const period = (ctx.options.period as LeaderboardPeriod | undefined) ?? 'week';
    const scope = (ctx.options.scope as 'server' | 'channel' | undefined) ?? 'server';
    const rows = leaderboard(store, { platform: ctx.caller.platform, scope, spaceId: ctx.caller.spaceId, channelId: ctx.caller.channelId, period, nowMs: now });
    const place = scope === 'channel' || !ctx.caller.spaceId ? 'this channel' : 'this server';
    const medals = ['🥇', '🥈', '🥉'];
    const lines = rows.map((r, i) => `${medals[i] ?? `${i + 1}.`} **${escapeMarkdown(r.displayName)}** — ${r.points} pts`);
    await ctx.reply({
      text: `**Leaderboard — ${place}, ${PERIOD_LABEL[period]}**\n${lines.join('\n') || '_No points yet: play a live quiz or revise with `/quiz`._'}\n\n*Live quiz: 500–1000 per right answer (faster = more); solo revision: 100 per right answer.*`,
      data: { period, scope, rows },
    });
  },
});
