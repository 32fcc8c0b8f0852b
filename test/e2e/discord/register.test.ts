/**
 * `npm run register` and registerCommands: the command JSON for every real command passes the
 * fake's independent check of Discord's documented limits; broken definitions fail loudly.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { CommandDefinitionError } from '../../../src/platforms/discord/command-json.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { checkCommandList } from '../../fakes/discord/checks.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await new FakeDiscord().start();
});
afterAll(async () => fake?.stop());

function runRegisterScript(env: Record<string, string>) {
  return run('npx', ['tsx', 'src/platforms/discord/register.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_URL: '', ...env },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const fakeCommand = (overrides: Partial<CommandDef>): CommandDef => ({
  name: 'ok',
  description: 'A fine command',
  options: [],
  run: async () => undefined,
  ...overrides,
});

describe('npm run register', () => {
  it('with DISCORD_GUILD_ID, PUTs every command in commands/ to that guild and Discord accepts the JSON', async () => {
    const result = await runRegisterScript({ DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guild.id, DISCORD_API_URL: fake.apiUrl });
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    const names = (await loadCommands()).map((c) => c.name);
    expect(result.stdout).toContain(`Registered ${names.length} commands to guild ${fake.guild.id}`);
    const put = fake.commandPuts.at(-1)!;
    expect(put).toMatchObject({ scope: 'guild', accepted: true });
    expect(fake.guildCommands.map((c) => c.name).sort()).toEqual([...names].sort());
    expect(fake.violations).toEqual([]);
  });

  it('with a bad token, exits 1 and says to copy the token again', async () => {
    const result = await runRegisterScript({ DISCORD_TOKEN: 'wrong', DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guild.id, DISCORD_API_URL: fake.apiUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
  });

  it('without DISCORD_TOKEN, exits 1 and says which variable to set', async () => {
    const result = await runRegisterScript({});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DISCORD_TOKEN is not set/);
  });
});

describe('the command JSON of the real commands', () => {
  it('without a guild id goes to the global scope and passes Discord’s limits there too', async () => {
    const commands = await loadCommands();
    const result = await registerCommands({ token: fake.token, clientId: fake.applicationId, apiUrl: fake.apiUrl }, commands);
    expect(result.scope).toBe('global');
    expect(fake.globalCommands).toHaveLength(commands.length);
    expect(checkCommandList(result.body)).toBeNull();
  });

  it('types options, lists choices, carries min/max, offers autocomplete and puts required options first', async () => {
    const commands = await loadCommands();
    const { body } = await registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, commands);
    const train = body.find((c) => c.name === 'train')!;
    const option = (name: string) => train.options.find((o) => o.name === name)!;
    // `dataset` also takes saved sets (my:NAME, class:NAME), so it offers the names by autocomplete
    expect(option('dataset')).toMatchObject({ type: 3, autocomplete: true });
    expect(option('data')).toEqual({ type: 11, name: 'data', description: expect.any(String) });
    expect(option('activation').choices!.map((c) => c.value)).toContain('relu');
    expect(option('epochs')).toMatchObject({ type: 4, min_value: 1 });
    expect(option('lr').type).toBe(10);
    expect(option('animate').type).toBe(5);
    expect(option('epochs').description).toMatch(/\(default \d+\)$/);
    for (const command of body) {
      const firstOptional = command.options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(command.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
      for (const o of command.options) expect(o.choices !== undefined && o.autocomplete === true).toBe(false);
    }
    const lecturerOnly = commands.filter((c) => c.lecturerOnly).map((c) => c.name);
    for (const command of body) expect(command.default_member_permissions).toBe(lecturerOnly.includes(command.name) ? '32' : null);
  });

  it('are stored by Discord with their option types (epochs as INTEGER, so the client sends numbers)', async () => {
    const typed = fake.guildCommands.find((c) => c.name === 'train')!.options!.find((o) => o.name === 'epochs')!;
    expect(typed.type).toBe(4);
  });
});

describe('a broken definition', () => {
  it('fails before anything is sent, naming each command, option and limit', async () => {
    const putsBefore = fake.commandPuts.length;
    const broken = [
      fakeCommand({ name: 'Train', description: 'x'.repeat(101) }),
      fakeCommand({
        name: 'pick',
        options: [
          { name: 'colour', description: 'Too many choices', type: 'string', choices: Array.from({ length: 26 }, (_, i) => `c${i}`) },
          { name: 'must', description: 'Required after optional', type: 'string', required: true },
        ],
      }),
      fakeCommand({ name: 'range', options: [{ name: 'n', description: 'Bad range', type: 'integer', min: 5, max: 1 }] }),
    ];
    const attempt = registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, broken);
    await expect(attempt).rejects.toBeInstanceOf(CommandDefinitionError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toMatch(/\/Train: name "Train" must be 1-32 lower-case/);
    expect(message).toMatch(/\/Train: description must be 1-100 characters \(it has 101\)/);
    expect(message).toMatch(/\/pick option "colour": 26 choices; Discord allows 25/);
    expect(message).toMatch(/\/range option "n": min 5 is above max 1/);
    expect(fake.commandPuts.length).toBe(putsBefore);
  });

  it('required options declared after optional ones are reordered rather than refused', async () => {
    const def = fakeCommand({
      name: 'order',
      options: [
        { name: 'later', description: 'Optional', type: 'string' },
        { name: 'first', description: 'Required', type: 'string', required: true },
      ],
    });
    const { body } = await registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, [def]);
    expect(body[0]!.options.map((o) => o.name)).toEqual(['first', 'later']);
    expect(fake.commandPuts.at(-1)!.accepted).toBe(true);
  });

  it('a definition too large in total (over 4000 characters) is refused with the count', async () => {
    const options = Array.from({ length: 5 }, (_, i) => ({
      name: `o${i}`,
      description: 'd'.repeat(100),
      type: 'string' as const,
      choices: Array.from({ length: 25 }, (_, j) => `choice-${i}-${j}-${'v'.repeat(20)}`),
    }));
    await expect(
      registerCommands({ token: fake.token, clientId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl }, [fakeCommand({ name: 'huge', options })]),
    ).rejects.toThrow(/\/huge: \d+ characters in names, descriptions and choices together; Discord allows 4000/);
  });
});
