import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineCommand } from '../../src/chat/define-command.ts';
import { UserError } from '../../src/chat/errors.ts';
import { setLimits, DEFAULT_LIMITS } from '../../src/chat/limits.ts';
import { logger } from '../../src/chat/logger.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { CommandDef } from '../../src/chat/types.ts';
import { FakeResponder, testCaller } from './fake-responder.ts';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const gate = deferred();
const echo = defineCommand({
  name: 'echo',
  description: 'Echo the text',
  options: [{ name: 'text', type: 'string', description: 'What to say', required: true }],
  async run(ctx) {
    await ctx.reply({ text: String(ctx.options.text), buttons: [[{ id: 'echo:again:hi', label: 'Again' }]] });
  },
  async onComponent(ctx) {
    await ctx.reply(`clicked ${ctx.action} with ${ctx.state.join('/')} by ${ctx.caller.displayName}`);
  },
});
const slow = defineCommand({
  name: 'slow',
  description: 'A heavy command that waits',
  heavy: true,
  options: [],
  async run(ctx) {
    await ctx.progress(0.5, 'half way');
    await Promise.race([gate.promise, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))]);
    await ctx.reply('finished');
  },
});
const broken = defineCommand({ name: 'broken', description: 'Throws a bug', options: [], async run() { throw new TypeError('x is undefined'); } });
const picky = defineCommand({ name: 'picky', description: 'Throws a user error', options: [], async run() { throw new UserError('Pick a smaller network.'); } });
const secret = defineCommand({ name: 'secret', description: 'Lecturers only', lecturerOnly: true, options: [], async run(ctx) { await ctx.reply('ok'); } });
const commands: CommandDef[] = [echo, slow, broken, picky, secret];

afterEach(() => {
  setLimits(DEFAULT_LIMITS);
  configureJobs({ threads: 2 });
  vi.restoreAllMocks();
});

/** A chat whose every answer fails (e.g. the platform is down), to see that routing still never throws. */
class UnreachableResponder extends FakeResponder {
  override async reply(): Promise<void> {
    throw new Error('platform unreachable');
  }
}

describe('dispatchCommand', () => {
  it('runs a command with validated options and delivers its reply', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'echo', options: { text: 'hello' }, caller: testCaller(), responder, commands });
    expect(responder.final?.text).toBe('hello');
    expect(responder.violations).toEqual([]);
  });

  it('answers an unknown command with an ephemeral hint naming the closest command', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'ecko', options: {}, caller: testCaller(), responder, commands });
    expect(responder.final).toMatchObject({ ephemeral: true, error: { kind: 'user' } });
    expect(responder.final?.text).toContain('Did you mean `/echo`?');
  });

  it('shows an unknown command name with backticks and a link as inert code, not as a link', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'x` [click](https://evil.example) `', options: {}, caller: testCaller(), responder, commands });
    const text = responder.final!.text!;
    const code = text.match(/^There is no command `([^`]*)`\./)?.[1];
    expect(code).toBeDefined();
    expect(code).toContain('[click](https://evil.example)');
    expect(text.replace(/`[^`]*`/g, '')).not.toMatch(/\[click\]/);
  });

  it('answers invalid options with an ephemeral user error before running anything', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'echo', options: {}, caller: testCaller(), responder, commands });
    expect(responder.calls).toHaveLength(1);
    expect(responder.final?.text).toMatch(/`text` is required/);
    expect(responder.final?.error?.kind).toBe('user');
  });

  it('shows a UserError thrown by a command to the user without an error id', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'picky', options: {}, caller: testCaller(), responder, commands });
    expect(responder.final).toMatchObject({ text: 'Pick a smaller network.', ephemeral: true, error: { kind: 'user' } });
    expect(responder.final?.error?.errorId).toBeUndefined();
  });

  it('turns a bug into a short apology with an error id and no stack trace', async () => {
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'broken', options: {}, caller: testCaller(), responder, commands });
    const final = responder.final!;
    expect(final.error?.kind).toBe('internal');
    expect(final.error?.errorId).toMatch(/^e-[0-9a-f]{6}$/);
    expect(final.text).toContain(final.error!.errorId!);
    expect(final.text).not.toContain('x is undefined');
    expect(final.text).not.toMatch(/at .*\.ts/);
  });

  it('refuses a lecturer-only command to a student and runs it for a lecturer', async () => {
    const student = new FakeResponder();
    await dispatchCommand({ command: 'secret', options: {}, caller: testCaller(), responder: student, commands });
    expect(student.final?.text).toMatch(/Only lecturers/);
    const lecturer = new FakeResponder();
    await dispatchCommand({ command: 'secret', options: {}, caller: testCaller({ isLecturer: true }), responder: lecturer, commands });
    expect(lecturer.final?.text).toBe('ok');
  });

  it('defers a heavy command first, then shows progress, then the answer', async () => {
    const responder = new FakeResponder();
    const run = dispatchCommand({ command: 'slow', options: {}, caller: testCaller({ userId: 'order' }), responder, commands });
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve();
    await run;
    expect(responder.calls.map((c) => c.kind)).toEqual(['defer', 'progress', 'edit']);
    expect(responder.violations).toEqual([]);
  });

  it('allows one heavy job per user: a second one is refused while the first runs', async () => {
    const hold = deferred();
    const holder = defineCommand({ name: 'hold', description: 'Holds', heavy: true, options: [], async run(ctx) { await hold.promise; await ctx.reply('done'); } });
    const first = new FakeResponder();
    const running = dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: 'same' }), responder: first, commands: [holder] });
    const second = new FakeResponder();
    await dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: 'same' }), responder: second, commands: [holder] });
    expect(second.final?.text).toMatch(/already have a run going/);
    const other = new FakeResponder();
    const otherRun = dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: 'someone-else' }), responder: other, commands: [holder] });
    hold.resolve();
    await Promise.all([running, otherRun]);
    expect(first.final?.text).toBe('done');
    expect(other.final?.text).toBe('done');
  });

  it('says "busy, try again" (a BusyError, not the user\'s fault) when the workers and the queue are full', async () => {
    configureJobs({ threads: 1 });
    setLimits({ maxQueuedJobs: 1 });
    const hold = deferred();
    const holder = defineCommand({ name: 'hold', description: 'Holds', heavy: true, options: [], async run(ctx) { await hold.promise; await ctx.reply('done'); } });
    const responders = [new FakeResponder(), new FakeResponder(), new FakeResponder()];
    const runs = responders.map((responder, i) => dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: `u${i}` }), responder, commands: [holder] }));
    await new Promise((r) => setTimeout(r, 10));
    expect(responders[2]!.final?.text).toMatch(/^The tutor is busy with other people's runs right now .* Please try again in about \d+ s\.$/);
    expect(responders[2]!.final?.text).not.toMatch(/fewer|smaller/);
    hold.resolve();
    await Promise.all(runs);
    expect(responders.slice(0, 2).map((r) => r.final?.text)).toEqual(['done', 'done']);
  });

  it('cancels a heavy command at its time budget and tells the user what to change', async () => {
    setLimits({ commandBudgetMs: 50 });
    const never = defineCommand({
      name: 'never', description: 'Never ends', heavy: true, options: [],
      async run(ctx) { await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))); },
    });
    const responder = new FakeResponder();
    await dispatchCommand({ command: 'never', options: {}, caller: testCaller(), responder, commands: [never] });
    expect(responder.final?.text).toMatch(/took longer than the 50 ms limit and was stopped. Try fewer epochs/);
    expect(responder.final?.error?.kind).toBe('user');
  });
});

describe('dispatchComponent', () => {
  it('routes a button id back to its command with action, state and the clicker', async () => {
    const responder = new FakeResponder();
    await dispatchComponent({ id: 'echo:again:a:b', caller: testCaller({ displayName: 'Grace' }), responder, commands });
    expect(responder.final?.text).toBe('clicked again with a/b by Grace');
  });

  it('says a button no longer works when its command is gone', async () => {
    const responder = new FakeResponder();
    await dispatchComponent({ id: 'vanished:go', caller: testCaller(), responder, commands });
    expect(responder.final).toMatchObject({ ephemeral: true, error: { kind: 'user' } });
    expect(responder.final?.text).toMatch(/no longer works/);
  });
});

describe('an error reply that cannot be delivered', () => {
  const cases: [string, (responder: FakeResponder) => Promise<void>][] = [
    ['an unknown command', (responder) => dispatchCommand({ command: 'ecko', options: {}, caller: testCaller(), responder, commands })],
    ['a failing command', (responder) => dispatchCommand({ command: 'broken', options: {}, caller: testCaller(), responder, commands })],
    ['a stale button', (responder) => dispatchComponent({ id: 'vanished:go', caller: testCaller(), responder, commands })],
  ];
  it.each(cases)('after %s is logged and dispatch still resolves', async (_situation, dispatch) => {
    const logged = vi.spyOn(logger, 'error');
    await expect(dispatch(new UnreachableResponder())).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ message: 'platform unreachable' }) }),
      'could not deliver the error reply',
    );
  });
});
