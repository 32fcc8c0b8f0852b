/**
 * An unreachable or stalled Slack API: start-up goes on in the background with one log line and
 * connects when Slack is back; every Web API call has a deadline; and a command stuck on Slack
 * I/O holds no job slot, so other users' runs go ahead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineCommand } from '../../../src/chat/define-command.ts';
import { DEFAULT_LIMITS, setLimits } from '../../../src/chat/limits.ts';
import { dispatchCommand } from '../../../src/chat/router.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { configureJobs } from '../../../src/jobs/index.ts';
import { startInBackground } from '../../../src/platforms/background-start.ts';
import { startSlackApp } from '../../../src/platforms/slack/index.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { FakeResponder, testCaller } from '../../chat/fake-responder.ts';
import { SIGNING_SECRET, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';
import { freePort } from '../../fakes/free-port.ts';

const ran: string[] = [];
const quick = defineCommand({
  name: 'quick', description: 'A heavy command that answers at once', heavy: true, options: [],
  async run(ctx) {
    ran.push(ctx.caller.userId);
    if (ctx.caller.userId === 'U0STUCK') harness.fake.isStalled = true; // Slack stops answering just as the result is ready
    await ctx.reply(`ran for ${ctx.caller.userId}`);
  },
});
const commands: CommandDef[] = [quick];

/** A log that keeps its lines. */
function recordingLog() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (first: unknown, second?: unknown) => void lines.push({ level, message: String(typeof first === 'string' ? first : second) });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } as never };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  setLimits(DEFAULT_LIMITS);
  configureJobs({ threads: 2 });
});

describe('Slack unreachable at start-up', () => {
  it.each(['down (connection refused)', 'stalled (never answers)'])('Slack %s: start-up returns at once, logs one line while retrying, and connects once Slack answers', async (how) => {
    const port = await freePort();
    const fake = new FakeSlack();
    if (how.startsWith('stalled')) {
      fake.isStalled = true;
      await fake.start(port);
    }
    cleanups.push(() => fake.stop());
    let attempts = 0;
    const { lines, log } = recordingLog();
    const background = startInBackground(
      'slack',
      () => {
        attempts += 1;
        return startSlackApp(
          { botToken: fake.botToken, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: `http://127.0.0.1:${port}/api/`, apiTimeoutMs: 200, apiRetries: 0 },
          { commands },
        );
      },
      { log, delays: { firstMs: 50, maxMs: 200 } },
    );
    cleanups.push(() => background.stop());
    while (attempts < 4) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((l) => l.level !== 'info')).toHaveLength(1);
    expect(lines[0]!.message).toMatch(/^slack: cannot reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ .*Retrying in the background/);

    if (how.startsWith('stalled')) fake.isStalled = false;
    else await fake.start(port);
    const app = await background.started;
    expect(app?.httpPort).toBeGreaterThan(0);
    expect(lines.at(-1)!.message).toMatch(/^slack started after \d+ attempts$/);
    const fields = slashCommandFields(fake, '/quick', '', { id: 'U0BACK', name: 'back' });
    const answer = await postSigned(`http://127.0.0.1:${app!.httpPort}/slack/events`, fields);
    expect(answer.status).toBe(200);
    await fake.waitFor(() => ran.includes('U0BACK'), 'the command to run once Slack was reachable');
  });

  it('a refused token is not retried: one "did not start" line', async () => {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.stop());
    const { lines, log } = recordingLog();
    const background = startInBackground('slack', () => startSlackApp({ botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl }, { commands }), { log, delays: { firstMs: 10, maxMs: 10 } });
    expect(await background.started).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error' });
    expect(lines[0]!.message).toMatch(/^slack did not start: Slack: the bot token was refused/);
  });
});

let harness: HttpHarness;

describe('Slack stalls while a command answers', () => {
  it('the stuck command gives up after its deadline and holds no job slot meanwhile: another user\'s run goes ahead', async () => {
    configureJobs({ threads: 1 });
    setLimits({ maxQueuedJobs: 1 });
    harness = await startHttpHarness(commands, { apiTimeoutMs: 1_000, apiRetries: 0 });
    cleanups.push(() => harness.stop());
    const stuck = slashCommandFields(harness.fake, '/quick', '', { id: 'U0STUCK', name: 'stuck' });
    expect((await postSigned(harness.eventsUrl, stuck)).status).toBe(200);
    await harness.fake.waitFor(() => ran.includes('U0STUCK') && harness.fake.stalledRequests.length > 0, 'the stuck command to wait on Slack');

    // meanwhile, two more heavy runs from the web chat: the stuck Slack answer holds neither worker nor queue place
    const others = [new FakeResponder(), new FakeResponder()];
    await Promise.all(others.map((responder, i) => dispatchCommand({ command: 'quick', options: {}, caller: testCaller({ userId: `web-${i}` }), responder, commands })));
    expect(others.map((r) => r.final?.text)).toEqual(['ran for web-0', 'ran for web-1']);

    // the stuck answer is abandoned at its deadline instead of retrying for half an hour
    const stalledBefore = harness.fake.stalledRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(harness.fake.stalledRequests.length).toBeLessThanOrEqual(stalledBefore + 2);
  });
});
