/**
 * Issue 14: a line typed without a slash in the local web chat gets a private hint — the command
 * it asks for when it is a recognisable request — that nobody else in the room sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { openBrowserSession, type BrowserSession, type ServerEvent } from './api-client.ts';

let server: LocalChatServer;
beforeAll(async () => {
  server = await startLocalChat({ host: '127.0.0.1', port: 0 }, { commands: await loadCommands() });
});
afterAll(async () => {
  await server.stop();
});

const texts = (events: ServerEvent[]) => events.filter((e) => e.event === 'message').map((e) => ({ text: String(e.data.text ?? ''), isBot: e.data.author?.isBot === true }));

/** Says `lines` as `speaker` while `listener` and the speaker listen, until the speaker has seen `done`. */
async function sayAndListen(speaker: BrowserSession, listener: BrowserSession, lines: string[], done: (t: string) => boolean) {
  let speakerDone = false;
  const heardBySpeaker = speaker.listen('Ada', (events) => (speakerDone = texts(events).some((m) => m.isBot && done(m.text))));
  const heardByListener = listener.listen('Bob', (events) => speakerDone && texts(events).some((m) => m.text === lines.at(-1)));
  await new Promise((r) => setTimeout(r, 200));
  for (const text of lines) expect((await speaker.post('/api/chat', { text, user: { name: 'Ada' } })).status).toBe(202);
  return { speaker: texts(await heardBySpeaker), listener: texts(await heardByListener) };
}

describe('local web chat: plain text', () => {
  it('"train a spiral" → a hint with /train dataset:spiral, visible only to its author', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const bob = await openBrowserSession(server, 'Bob');
    const heard = await sayAndListen(ada, bob, ['train a spiral'], (t) => t.startsWith('Did you mean `/train dataset:spiral`'));
    expect(heard.speaker.filter((m) => m.isBot).map((m) => m.text)).toEqual([
      'Did you mean `/train dataset:spiral`? Commands start with `/` — a line without one goes to the room. `/help` lists them all.',
    ]);
    expect(heard.listener.some((m) => m.text === 'train a spiral')).toBe(true); // the line still reaches the room
    expect(heard.listener.some((m) => m.isBot)).toBe(false);
  });

  it('ordinary chat → one private pointer to `/`, not repeated on the next line', async () => {
    const ada = await openBrowserSession(server, 'Ada');
    const bob = await openBrowserSession(server, 'Bob');
    const heard = await sayAndListen(ada, bob, ['hello everyone', 'how is everyone', 'show me relu'], (t) => t.startsWith('Did you mean `/activation name:relu`'));
    const hints = heard.speaker.filter((m) => m.isBot).map((m) => m.text);
    expect(hints).toHaveLength(2);
    expect(hints[0]).toMatch(/^Your message went to the room\. To ask the tutor, start with `\/`/);
    expect(hints[1]).toContain('Did you mean `/activation name:relu`?');
    expect(heard.listener.some((m) => m.isBot)).toBe(false);
  });
});
