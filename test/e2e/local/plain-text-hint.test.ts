/**
 * Issue 14: a line typed without a slash in the local web chat gets a private hint — the command
 * it asks for when it is a recognisable request — that nobody else in the room sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import type { ChatMessage } from '../../../src/platforms/local/channel.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0 }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
});

async function say(text: string, user: { id: string; name: string }): Promise<number> {
  const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, user }) });
  return response.status;
}

/** Waits until the channel holds a message matching `test` (or fails after 5 s). */
async function waitForMessage(test: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  for (let i = 0; i < 100; i++) {
    const found = server.channel.historyFor('__all__').concat(server.channel.historyFor('ada'), server.channel.historyFor('bob')).find(test);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no such message');
}

describe('local web chat: plain text', () => {
  it('"train a spiral" → a hint with /train dataset:spiral, visible only to its author', async () => {
    expect(await say('train a spiral', { id: 'ada', name: 'Ada' })).toBe(202);
    const hint = await waitForMessage((m) => m.author.isBot && (m.text ?? '').includes('/train dataset:spiral'));
    expect(hint.visibleTo).toBe('ada');
    expect(hint.text).toContain('Did you mean `/train dataset:spiral`?');
    expect(server.channel.historyFor('bob').some((m) => m.id === hint.id)).toBe(false);
    // the line itself still reaches the room
    expect(server.channel.historyFor('bob').some((m) => m.text === 'train a spiral')).toBe(true);
  });

  it('ordinary chat → one private pointer to `/`, not repeated on the next line', async () => {
    await say('hello everyone', { id: 'bob', name: 'Bob' });
    const pointer = await waitForMessage((m) => m.author.isBot && m.visibleTo === 'bob' && (m.text ?? '').startsWith('Your message went to the room'));
    await say('how is everyone', { id: 'bob', name: 'Bob' });
    await waitForMessage((m) => m.text === 'how is everyone');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.channel.historyFor('bob').filter((m) => m.author.isBot && (m.text ?? '').startsWith('Your message went to the room'))).toEqual([pointer]);
  });
});
