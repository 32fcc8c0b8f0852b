/** Starts the fake Discord and the real adapter (discord.js Client) against it, for the e2e tests. */
import { startDiscordBot, type DiscordOptions } from '../../../src/platforms/discord/index.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/fake-discord.ts';

/** A running fake plus a bot connected to it. */
export interface Harness {
  fake: FakeDiscord;
  bot: { stop(): Promise<void> };
  close(): Promise<void>;
}

/** Fake first, then the bot pointed at it through `apiUrl` (DISCORD_API_URL); `options` may depend on the running fake (e.g. its CDN's origin). */
export async function startHarness(
  commands: CommandDef[],
  options: Partial<DiscordOptions> | ((fake: FakeDiscord) => Partial<DiscordOptions>) = {},
  fakeOptions: FakeDiscordOptions = {},
): Promise<Harness> {
  const fake = await new FakeDiscord(fakeOptions).start();
  try {
    const bot = await startDiscordBot(
      { token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl, lecturerRole: 'Lecturer', ...(typeof options === 'function' ? options(fake) : options) },
      { commands },
    );
    let closed = false;
    return {
      fake,
      bot,
      async close() {
        if (closed) return;
        closed = true;
        await bot.stop();
        await fake.stop();
      },
    };
  } catch (error) {
    await fake.stop();
    throw error;
  }
}

/** startHarness, then the commands registered in the fake's guild as the bot's start-up does (most e2e tests begin here). */
export async function startRegisteredHarness(...args: Parameters<typeof startHarness>): Promise<Harness> {
  const harness = await startHarness(...args);
  const { fake } = harness;
  await registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, args[0]);
  return harness;
}
