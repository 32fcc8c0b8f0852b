/** Discord unreachable at start-up: the bot keeps trying in the background (one log line) and connects once Discord answers. */
import { afterEach, describe, expect, it } from 'vitest';
import { startInBackground } from '../../../src/platforms/background-start.ts';
import { startDiscordBot } from '../../../src/platforms/discord/index.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { strict } from './test-commands.ts';
import { freePort } from '../../fakes/free-port.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

describe('Discord unreachable at start-up', () => {
  it.each(['down (connection refused)', 'stalled (never answers)'])('Discord %s: retries in the background with one log line, then connects and answers once Discord answers', async (how) => {
    const port = await freePort();
    const fake = new FakeDiscord();
    const isStalled = how.startsWith('stalled');
    if (isStalled) {
      fake.isStalled = true;
      await fake.start(port);
    }
    cleanups.push(() => fake.stop());
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (first: unknown, second?: unknown) => void lines.push({ level, message: String(typeof first === 'string' ? first : second) });
    let attempts = 0;
    const background = startInBackground(
      'discord',
      () => {
        attempts += 1;
        return startDiscordBot({ token: fake.token, clientId: fake.applicationId, apiUrl: `http://127.0.0.1:${port}/api`, apiTimeoutMs: 300, loginTimeoutMs: 3_000 }, { commands: [strict] });
      },
      { log: { info: at('info'), warn: at('warn'), error: at('error') } as never, delays: { firstMs: 50, maxMs: 200 } },
    );
    cleanups.push(() => background.stop());
    while (attempts < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn' });
    expect(lines[0]!.message).toMatch(/^discord: Could not connect to Discord through DISCORD_API_URL .*Retrying in the background/);

    if (isStalled) fake.isStalled = false;
    else await fake.start(port);
    expect(await background.started).toBeDefined();
    expect(lines.at(-1)!.message).toMatch(/^discord started after \d+ attempts$/);
    const interaction = fake.runSlashCommand('strict', { layers: '8,8' });
    expect(await fake.waitFor(() => fake.original(interaction)?.content, 'the answer')).toBe('ok 8,8');
  });
});
