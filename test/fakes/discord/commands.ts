/** The application's registered slash commands: bulk overwrite (PUT) with Discord's definition limits, and lookup by name. */
import { checkCommandList } from './checks.ts';
import { HttpError } from './http-error.ts';
import { newSnowflake } from './payloads.ts';
import type { FakeDiscordState } from './state.ts';
import type { FakeCommand } from './types.ts';

/** A registered command by name; guild commands shadow global ones, as in the Discord client. */
export function findCommand(fake: FakeDiscordState, name: string): FakeCommand | undefined {
  return fake.guildCommands.find((c) => c.name === name) ?? fake.globalCommands.find((c) => c.name === name);
}

/** PUT .../commands — replaces the whole list (keeping ids of names that stay); refused whole when a definition breaks a limit. */
export function overwriteCommands(fake: FakeDiscordState, scope: 'global' | 'guild', body: unknown, store: FakeCommand[]): FakeCommand[] {
  const error = checkCommandList(body);
  fake.commandPuts.push({ scope, body, accepted: !error });
  if (error) throw new HttpError(error);
  const list = body as FakeCommand[];
  store.length = 0;
  for (const command of list) {
    const previous = store.find((c) => c.name === command.name);
    store.push({
      ...command,
      id: previous?.id ?? newSnowflake(),
      application_id: fake.applicationId,
      ...(scope === 'guild' ? { guild_id: fake.guild.id } : {}),
      version: newSnowflake(),
      type: 1,
      default_member_permissions: command.default_member_permissions ?? null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
    });
  }
  return store;
}
