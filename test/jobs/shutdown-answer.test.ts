/** Shutting down is not the user's fault: running commands are told so as a ServiceUnavailableError (503), not a 400. */
import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/chat/define-command.ts';
import { ServiceUnavailableError } from '../../src/chat/errors.ts';
import { cancelAllCommands, dispatchCommand } from '../../src/chat/router.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

describe('cancelAllCommands (shutdown)', () => {
  it('a running heavy command stops with a ServiceUnavailableError saying the tutor is shutting down', async () => {
    let reason: unknown;
    const waiting = defineCommand({
      name: 'waiting', description: 'Waits until cancelled', heavy: true, options: [],
      async run(ctx) {
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => { reason = ctx.signal.reason; reject(ctx.signal.reason); }));
      },
    });
    const responder = new FakeResponder();
    const run = dispatchCommand({ command: 'waiting', options: {}, caller: testCaller(), responder, commands: [waiting] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancelAllCommands();
    await run;
    expect(reason).toBeInstanceOf(ServiceUnavailableError);
    expect(responder.final?.text).toMatch(/shutting down; please try again/);
    expect(responder.final?.text).not.toMatch(/fewer|smaller/);
  });
});
