import { defineCommand } from '../../../src/chat/define-command.ts';
import { BusyError, ServiceUnavailableError, UserError } from '../../../src/chat/errors.ts';
import type { CommandDef } from '../../../src/chat/types.ts';

/**
 * Commands that exist only in the local-chat tests: `whoami` answers with the caller the server
 * built (to check where identity comes from), `secret` answers privately, and the others fail
 * the ways a real command can (busy, unavailable, the user's mistake).
 */
export const TEST_COMMANDS: CommandDef[] = [
  defineCommand({
    name: 'whoami',
    description: 'Test: answers with the caller',
    options: [],
    async run(ctx) {
      await ctx.reply({ text: `you are ${ctx.caller.displayName}`, data: { userId: ctx.caller.userId, isLecturer: ctx.caller.isLecturer } });
    },
  }),
  defineCommand({
    name: 'secret',
    description: 'Test: a private answer',
    options: [],
    async run(ctx) {
      await ctx.reply({ text: `private note for ${ctx.caller.displayName}`, ephemeral: true });
    },
  }),
  defineCommand({
    name: 'slow',
    description: 'Test: takes a while, stops when cancelled',
    options: [{ name: 'ms', type: 'integer', description: 'How long', min: 1, max: 60_000, default: 1000 }],
    async run(ctx) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, Number(ctx.options.ms));
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        }, { once: true });
      });
      await ctx.reply({ text: `finished after ${ctx.options.ms} ms` });
    },
  }),
  defineCommand({
    name: 'busy',
    description: 'Test: the tutor is busy',
    options: [],
    async run() {
      throw new BusyError('The tutor is busy right now; try again in a moment.', 7);
    },
  }),
  defineCommand({
    name: 'unavailable',
    description: 'Test: progress store unavailable',
    options: [],
    async run() {
      throw new ServiceUnavailableError('Progress is unavailable right now.', 12);
    },
  }),
  defineCommand({
    name: 'mistake',
    description: 'Test: a user mistake',
    options: [],
    async run() {
      throw new UserError('`size` must be a whole number from 1 to 10.');
    },
  }),
];
