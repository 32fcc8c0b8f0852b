import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { defineCommand } from '../../src/chat/define-command.ts';

const defineUrl = new URL('../../src/chat/define-command.ts', import.meta.url).href;
const dirs: string[] = [];
async function commandDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nn-commands-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('loadCommands', () => {
  it('loads every command file in commands/, each named after its file', async () => {
    const commands = await loadCommands();
    const names = commands.map((c) => c.name);
    for (const expected of ['train', 'dataset', 'activation', 'compare', 'optimizers', 'overfit', 'cost', 'playground', 'help'])
      expect(names).toContain(expected);
    expect(new Set(names).size).toBe(names.length);
  });

  it('fails naming the file when a command name differs from its file name', async () => {
    const dir = await commandDir({
      'ping.ts': `import { defineCommand } from '${defineUrl}';\nexport default defineCommand({ name: 'pong', description: 'x', options: [], async run() {} });\n`,
    });
    await expect(loadCommands(dir)).rejects.toThrow(/commands\/ping\.ts: command name "pong" must equal the file name "ping"/);
  });

  it('skips helper files starting with "_" and fails on a file without a default command', async () => {
    const dir = await commandDir({ '_helper.ts': 'export const x = 1;\n', 'empty.ts': 'export const y = 2;\n' });
    await expect(loadCommands(dir)).rejects.toThrow(/commands\/empty\.ts: must `export default defineCommand/);
  });
});

describe('defineCommand', () => {
  it('rejects names and option lists that a chat platform would refuse, naming the field', () => {
    const run = async () => undefined;
    expect(() => defineCommand({ name: 'Train', description: 'x', options: [], run })).toThrow(/name must be 1-32 lower-case/);
    expect(() => defineCommand({ name: 'ok', description: 'x'.repeat(101), options: [], run })).toThrow(/description must be 1-100/);
    expect(() =>
      defineCommand({ name: 'ok', description: 'x', run, options: [{ name: 'a', type: 'string', description: 'a' }, { name: 'b', type: 'string', description: 'b', required: true }] }),
    ).toThrow(/option "b": required options must come before optional ones/);
    expect(() =>
      defineCommand({ name: 'ok', description: 'x', run, options: [{ name: 'n', type: 'integer', description: 'n', choices: ['1'] }] }),
    ).toThrow(/choices are only for string options/);
  });
});
