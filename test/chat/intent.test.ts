import { beforeAll, describe, expect, it } from 'vitest';
import { createPlainTextHinter, GENERAL_HINT_QUIET_MS } from '../../src/chat/intent-hint.ts';
import { matchIntent } from '../../src/chat/intent.ts';
import { loadCommands } from '../../src/chat/registry.ts';
import type { CommandDef } from '../../src/chat/types.ts';

let commands: CommandDef[];
beforeAll(async () => {
  commands = await loadCommands();
});

describe('matchIntent: a request typed without a slash → the command that does it', () => {
  const requests: [string, string][] = [
    ['train a spiral', '/train dataset:spiral'],
    ['Train XOR with 8,8 layers and relu for 300 epochs', '/train dataset:xor layers:8,8 activation:relu epochs:300'],
    ['show me relu', '/activation name:relu'],
    ['what does sigmoid look like?', '/activation name:sigmoid'],
    ['plot leaky relu', '/activation name:leaky-relu'],
    ['compare relu and tanh', '/compare setting:activation values:relu,tanh'],
    ['compare adam vs sgd on spiral', '/compare setting:optimizer values:adam,sgd dataset:spiral'],
    ['quiz me', '/quiz'],
    ['test me please', '/quiz'],
    ['teach me about optimisers', '/lesson name:optimisers'],
    ['can we see the gaussian dataset', '/dataset dataset:gauss'],
    ['show me the sprial', '/dataset dataset:spiral'],
    ['how many parameters does 784,128,10 have', '/cost layers:784,128,10'],
    ['overfitting', '/overfit'],
    ['what can you do', '/help'],
    ['train dataset:spiral layers:8,8', '/train dataset:spiral layers:8,8'],
    ['trian dataset:xor', '/train dataset:xor'],
  ];
  for (const [text, command] of requests) {
    it(`"${text}" → ${command}`, () => {
      expect(matchIntent(text, commands)?.command).toBe(command);
    });
  }

  it('ordinary chat between people is not mistaken for a request', () => {
    for (const text of ['hello everyone', 'lol', 'I am late, sorry', 'the answer is 4', 'see you tomorrow', 'ok thanks', 'which one is yours?'])
      expect(matchIntent(text, commands)).toBeUndefined();
  });

  it('a very long line is chat, not a request (and is not searched)', () => {
    expect(matchIntent(`train a spiral ${'and then some more words '.repeat(20)}`, commands)).toBeUndefined();
  });

  it('only suggests names the commands offer: without /train loaded, "train a spiral" suggests nothing', () => {
    expect(matchIntent('train a spiral', commands.filter((c) => c.name !== 'train'))).toBeUndefined();
  });
});

describe('createPlainTextHinter: the private hint for a line without a slash', () => {
  it('a recognisable request → the command, every time', () => {
    const hinter = createPlainTextHinter(commands);
    for (let i = 0; i < 3; i++) expect(hinter.hintFor('ada', 'train a spiral', 1000 + i)).toBe('Did you mean `/train dataset:spiral`? Commands start with `/` — a line without one goes to the room. `/help` lists them all.');
  });

  it('other plain text → how to ask the tutor, once per person per quiet period', () => {
    const hinter = createPlainTextHinter(commands);
    const first = hinter.hintFor('ada', 'hello everyone', 0);
    expect(first).toMatch(/^Your message went to the room\. To ask the tutor, start with `\/`/);
    expect(hinter.hintFor('ada', 'how is everyone', 1000)).toBeUndefined();
    expect(hinter.hintFor('bob', 'hi ada', 1000)).toBe(first);
    expect(hinter.hintFor('ada', 'back again', GENERAL_HINT_QUIET_MS + 1)).toBe(first);
  });
});
