import { setMaxListeners } from 'node:events';
import { createContext, OrderedResponder } from './context.ts';
import { BusyError, reportError, ServiceUnavailableError, UserError } from './errors.ts';
import { HeavyWorkLease } from './heavy-work-lease.ts';
import { unknownCommandMessage } from './input-messages.ts';
import { SlotReleasingResponder } from './slot-releasing-responder.ts';
import { storeFaultAsUnavailable } from './store-unavailable.ts';
import { JobNeverStartedError, runWithJobAdmitter } from '../jobs/index.ts';
import { durationText, getLimits } from './limits.ts';
import { logger } from './logger.ts';
import { parseOptions } from './options.ts';
import { loadCommands } from './registry.ts';
import type { Caller, ChatAttachment, CommandDef, ComponentContext, Responder } from './types.ts';

/** One slash-command call from an adapter. */
export interface DispatchCommandInput {
  command: string;
  /** Option name → raw value; anything but an object of them (a JSON array, a string) is refused with a message. */
  options: Record<string, unknown> | unknown;
  caller: Caller;
  responder: Responder;
  /** Commands to route to (default: every file in commands/). */
  commands?: CommandDef[];
  /** Aborts the run from outside (e.g. the adapter's shutdown). */
  signal?: AbortSignal;
  /** Files sent with the command; 'attachment' options name one of them. */
  attachments?: ChatAttachment[];
}

/** One button click or select choice from an adapter. */
export interface DispatchComponentInput {
  /** `<command>:<action>[:<state>...]` as the command made it. */
  id: string;
  values?: string[];
  caller: Caller;
  responder: Responder;
  commands?: CommandDef[];
  signal?: AbortSignal;
}

const shutdown = new AbortController();
// Every running command listens on the shutdown signal; many at once is expected, not a leak.
setMaxListeners(0, shutdown.signal);

/** Cancels every running command (graceful shutdown); running jobs stop and say so. */
export function cancelAllCommands(reason = 'The tutor is shutting down; please try again in a minute.'): void {
  shutdown.abort(new ServiceUnavailableError(reason, 30));
}

function findCommand(commands: CommandDef[], name: string): CommandDef {
  const wanted = name.replace(/^\//, '').trim().toLowerCase();
  const def = commands.find((c) => c.name === wanted);
  if (def) return def;
  throw new UserError(unknownCommandMessage(wanted, commands.map((c) => c.name)));
}

/**
 * Answers a failure only to the caller: a UserError in its own words, anything else as an apology
 * with a logged error id. Never throws; an error reply that cannot be delivered is logged instead.
 */
async function replyWithError(responder: OrderedResponder, error: unknown, context: Record<string, unknown>): Promise<void> {
  const report = reportError(storeFaultAsUnavailable(error, context) ?? error, context);
  try {
    await responder.reply({ text: report.message, ephemeral: true, error: report });
  } catch (replyError) {
    logger.error({ err: replyError, ...context }, 'could not deliver the error reply');
  }
}

interface RunFrame {
  def: CommandDef;
  caller: Caller;
  responder: OrderedResponder;
  /** The adapter's responder as the router wrapped it; answering through it releases the job slot. */
  slotResponder: SlotReleasingResponder;
  external?: AbortSignal;
  label: string;
  /** Takes a job slot before `work` starts (heavy commands and their heavy buttons). */
  isHeavy: boolean;
  work: (signal: AbortSignal) => Promise<void>;
}

/**
 * A job that was still waiting in the shared queue (REDIS_URL) when the command budget ran out never
 * ran, so the user hears "busy", not "ask for less" (there the first budget bounds the wait for a worker).
 */
function neverStartedInBudget(error: unknown, signal: AbortSignal, budgetReason: UserError | undefined): BusyError | undefined {
  if (!(error instanceof JobNeverStartedError) || !budgetReason || signal.reason !== budgetReason) return undefined;
  const budgetMs = getLimits().commandBudgetMs;
  return new BusyError(`The tutor is still busy with other people's runs after ${durationText(budgetMs)}, so yours did not start. Please try again in a minute.`, 60);
}

/**
 * Runs one command or component handler with limits, budget, cancellation and error mapping.
 * All heavy work is admitted through one lease: up front for heavy commands, at the first job for
 * buttons and lesson steps. The time budget runs only while a worker slot is held, and the slot is
 * given back before any answer goes to the platform.
 */
async function runFramed(frame: RunFrame): Promise<void> {
  const { def, caller, responder } = frame;
  let timer: NodeJS.Timeout | undefined;
  let budgetReason: UserError | undefined;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // a command may run many jobs on one signal (/compare)
  const onAbort = (why: unknown) => controller.abort(why);
  const stopListening: (() => void)[] = [];
  for (const source of [shutdown.signal, frame.external]) {
    if (!source) continue;
    if (source.aborted) onAbort(source.reason);
    const listener = () => onAbort(source.reason);
    source.addEventListener('abort', listener, { once: true });
    stopListening.push(() => source.removeEventListener('abort', listener));
  }
  const lease = new HeavyWorkLease(`${caller.platform}:${caller.userId}`, controller.signal, {
    beforeWait: () => responder.defer(),
    onWaiting: (ahead) => void responder.progress(0, `Waiting for a free worker: ${ahead === 1 ? '1 run is' : `${ahead} runs are`} ahead of yours…`),
    onStart: () => {
      const budgetMs = getLimits().commandBudgetMs;
      clearTimeout(timer); // with the shared queue the budget starts over when the job reaches a worker
      timer = setTimeout(() => {
        budgetReason = new UserError(`This took longer than the ${durationText(budgetMs)} limit and was stopped. Try fewer epochs, fewer points or a smaller network.`);
        controller.abort(budgetReason);
      }, budgetMs);
    },
    onRelease: () => clearTimeout(timer),
  });
  frame.slotResponder.beforeAnswer = () => lease.release();
  try {
    if (def.lecturerOnly && !caller.isLecturer)
      throw new UserError(`Only lecturers can use \`/${def.name}\`.`);
    await runWithJobAdmitter(lease, async () => {
      if (frame.isHeavy) await lease.admit();
      await frame.work(controller.signal);
    });
    if (responder.state === 'deferred') await responder.edit({ text: 'Done.' });
  } catch (error) {
    const cause = neverStartedInBudget(error, controller.signal, budgetReason) ?? (controller.signal.aborted && !(error instanceof UserError) ? controller.signal.reason ?? error : error);
    await replyWithError(responder, cause, { command: frame.label, platform: caller.platform, userId: caller.userId });
  } finally {
    lease.close();
    for (const stop of stopListening) stop();
  }
}

/**
 * Routes a slash command: finds it, checks lecturer-only, validates options (UserError naming the
 * option), enforces the job limits, defers heavy commands, runs it and maps failures to replies.
 * Never throws; every outcome reaches the caller through the responder.
 */
export async function dispatchCommand(input: DispatchCommandInput): Promise<void> {
  const slotResponder = new SlotReleasingResponder(input.responder);
  const responder = new OrderedResponder(slotResponder);
  let def: CommandDef;
  let options: ReturnType<typeof parseOptions>;
  try {
    const commands = input.commands ?? (await loadCommands());
    def = findCommand(commands, input.command);
    options = parseOptions(def.name, def.options, input.options);
    def.checkOptions?.(options);
  } catch (error) {
    await replyWithError(responder, error, { command: input.command, platform: input.caller.platform });
    return;
  }
  await runFramed({
    def,
    caller: input.caller,
    responder,
    slotResponder,
    external: input.signal,
    label: def.name,
    isHeavy: def.heavy ?? false,
    work: (signal) => def.run(createContext({ caller: input.caller, options, signal, attachments: input.attachments }, responder)),
  });
}

/** Splits a component id `<command>:<action>[:<state>...]` into its parts. */
export function parseComponentId(id: string): { command: string; action: string; state: string[] } {
  const [command = '', action = '', ...state] = id.split(':');
  return { command, action, state };
}

/**
 * Routes a button click or select choice back to the command named in its id, with the same
 * checks, limits and error mapping as a command.
 */
export async function dispatchComponent(input: DispatchComponentInput): Promise<void> {
  const slotResponder = new SlotReleasingResponder(input.responder);
  const responder = new OrderedResponder(slotResponder);
  const { command, action, state } = parseComponentId(input.id);
  let def: CommandDef;
  try {
    const commands = input.commands ?? (await loadCommands());
    def = commands.find((c) => c.name === command) as CommandDef;
    if (!def?.onComponent || !action) throw new UserError('This button no longer works. Run the command again.');
  } catch (error) {
    await replyWithError(responder, error, { component: input.id, platform: input.caller.platform });
    return;
  }
  await runFramed({
    def,
    caller: input.caller,
    responder,
    slotResponder,
    external: input.signal,
    label: `${def.name}:${action}`,
    isHeavy: (def.heavy ?? false) && !def.lightActions?.includes(action),
    work: (signal) => {
      const base = createContext({ caller: input.caller, options: {}, signal }, responder);
      const { options: _unused, ...rest } = base;
      const ctx: ComponentContext = { ...rest, action, state, values: input.values ?? [] };
      return def.onComponent!(ctx);
    },
  });
}
