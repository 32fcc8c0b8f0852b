/** Every kind of heavy work goes through one admission path: commands, buttons, lesson experiments, quiz charts. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineCommand } from '../../src/chat/define-command.ts';
import { BusyError, ServiceUnavailableError } from '../../src/chat/errors.ts';
import { JobTicket, maxWaitingJobs, resetJobQueueEstimate } from '../../src/chat/job-gate.ts';
import { DEFAULT_LIMITS, setLimits } from '../../src/chat/limits.ts';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { chartImages } from '../../commands/_lib/quiz-charts.ts';
import type { CommandDef } from '../../src/chat/types.ts';
import { closeJobPool, configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import lessonCommand from '../../commands/lesson.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

const commands: CommandDef[] = [lessonCommand];

beforeAll(() => {
  getStore({ dataDir: tempDir() });
  configureJobs({ mode: 'pool', threads: 2 });
});
afterAll(async () => {
  await closeJobPool();
  closeStore();
  cleanupTempDirs();
});

describe('lesson experiments go through the job limits', () => {
  it('200 simultaneous "Run the experiment" clicks from one user → one run, the rest told they already have one going', async () => {
    const responders = Array.from({ length: 200 }, () => new FakeResponder());
    await Promise.all(
      responders.map((responder) =>
        dispatchComponent({ id: 'lesson:run:exercise-1:3', caller: testCaller({ userId: 'clicker' }), responder, commands }),
      ),
    );
    const ran = responders.filter((r) => (r.final?.images?.length ?? 0) > 0);
    const refused = responders.filter((r) => /already have a run going/.test(r.final?.text ?? ''));
    expect(ran).toHaveLength(1);
    expect(refused).toHaveLength(199);
    expect(refused.every((r) => r.final?.ephemeral === true && r.final.error?.kind === 'user')).toBe(true);
  });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A heavy command that holds its worker until `hold` resolves, noting when it started and finished. */
function holdingCommand(name: string, hold: Promise<void>, log: string[]): CommandDef {
  return defineCommand({
    name, description: 'Holds a worker', heavy: true, options: [],
    async run(ctx) {
      log.push(`${ctx.caller.userId} started`);
      await Promise.race([hold, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))]);
      log.push(`${ctx.caller.userId} finished`);
      await ctx.reply('done');
    },
  });
}

describe('the job queue', () => {
  afterEach(() => {
    setLimits(DEFAULT_LIMITS);
    configureJobs({ threads: 2 });
  });

  it('a job waiting for a worker starts after the one ahead and its wait is not charged to its time budget', async () => {
    configureJobs({ threads: 1 });
    // each job holds its worker for 60 % of the budget: charged for its wait, ben's would run out (120 %);
    // the 40 % margins keep the test right on a slow, shared machine
    const budgetMs = 1000;
    const holdMs = 600;
    setLimits({ commandBudgetMs: budgetMs });
    const log: string[] = [];
    const holdA = deferred();
    const holdB = deferred();
    const defs = [holdingCommand('a', holdA.promise, log), holdingCommand('b', holdB.promise, log)];
    const first = new FakeResponder();
    const second = new FakeResponder();
    const runA = dispatchCommand({ command: 'a', options: {}, caller: testCaller({ userId: 'ann' }), responder: first, commands: defs });
    const runB = dispatchCommand({ command: 'b', options: {}, caller: testCaller({ userId: 'ben' }), responder: second, commands: defs });
    setTimeout(() => holdA.resolve(), holdMs);
    await vi.waitFor(() => expect(log).toContain('ben started'), { timeout: 10_000, interval: 5 });
    setTimeout(() => holdB.resolve(), holdMs);
    await Promise.all([runA, runB]);
    expect(log).toEqual(['ann started', 'ann finished', 'ben started', 'ben finished']);
    expect(first.final?.text).toBe('done');
    expect(second.final?.text).toBe('done');
    expect(second.progressCalls.map((p) => p.text)).toContain('Waiting for a free worker: 1 run is ahead of yours…');
  });

  it('a quiz picture is refused while the same user has a run going, and drawn once it has finished', async () => {
    const hold = deferred();
    const question = getContent().questions.find((q) => q.type === 'chart' && q.chart.kind === 'activation-plot')!;
    const picture = defineCommand({
      name: 'picture', description: 'Draws a quiz chart', options: [],
      async run(ctx) { await ctx.reply({ images: await chartImages(ctx, question) }); },
    });
    const defs = [holdingCommand('hold', hold.promise, []), picture];
    const caller = testCaller({ userId: 'quizzer' });
    const running = dispatchCommand({ command: 'hold', options: {}, caller, responder: new FakeResponder(), commands: defs });
    await new Promise((r) => setTimeout(r, 10));
    const refused = new FakeResponder();
    await dispatchCommand({ command: 'picture', options: {}, caller, responder: refused, commands: defs });
    expect(refused.final?.text).toMatch(/already have a run going/);
    hold.resolve();
    await running;
    const drawn = new FakeResponder();
    await dispatchCommand({ command: 'picture', options: {}, caller, responder: drawn, commands: defs });
    expect(drawn.final?.images).toHaveLength(1);
  });

  it('refuses with a BusyError (retry-after, no advice to ask for less) when every worker and waiting place is taken', () => {
    configureJobs({ threads: 1 });
    setLimits({ maxQueuedJobs: 1 });
    const tickets = [JobTicket.enter('x'), JobTicket.enter('y')];
    let refusal: unknown;
    try {
      JobTicket.enter('z');
    } catch (error) {
      refusal = error;
    }
    for (const t of tickets) t.release();
    expect(refusal).toBeInstanceOf(BusyError);
    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect((refusal as BusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refusal as Error).message).toMatch(/tutor is busy/);
    expect((refusal as Error).message).not.toMatch(/fewer|smaller/);
  });

  it('sizes the waiting room from threads × command budget / typical job, not a fixed 64', () => {
    resetJobQueueEstimate();
    // before any job has finished a job is assumed to take 2 s: 2 threads finish 90 of them in the 90 s budget
    configureJobs({ threads: 2 });
    expect(maxWaitingJobs()).toBe(Math.floor((2 * 90_000) / 2_000)); // 90
    configureJobs({ threads: 1 });
    expect(maxWaitingJobs()).toBe(45);
    setLimits({ commandBudgetMs: 30_000 });
    expect(maxWaitingJobs()).toBe(15);
  });

  it('jobs too far back to start within their wait (at the measured job length) are told busy at once, the front of the queue keeps waiting', async () => {
    configureJobs({ threads: 1 });
    setLimits({ commandBudgetMs: 2_000, maxQueuedJobs: 50 });
    resetJobQueueEstimate();
    const never = new AbortController().signal;
    // measure one job of about 300 ms so the gate knows how long jobs take
    const measured = JobTicket.enter('m');
    await measured.waitForSlot(never);
    await new Promise((r) => setTimeout(r, 300));
    measured.release();
    const runningTicket = JobTicket.enter('r');
    await runningTicket.waitForSlot(never);
    // 2 s of waiting at ≥ 300 ms a job: the first few can start in time, the tenth cannot
    const outcomes: ('waiting' | 'busy' | 'other')[] = [];
    const tickets = Array.from({ length: 10 }, (_, i) => JobTicket.enter(`w${i}`));
    const waits = tickets.map((t, i) => {
      outcomes[i] = 'waiting';
      return t.waitForSlot(never).then(
        () => undefined,
        (error: unknown) => { outcomes[i] = error instanceof BusyError && /would not start in time/.test((error as Error).message) ? 'busy' : 'other'; },
      );
    });
    await new Promise((r) => setTimeout(r, 0));
    const seen = [...outcomes];
    for (const t of [runningTicket, ...tickets]) t.release();
    await Promise.all(waits);
    resetJobQueueEstimate();
    expect(seen[0]).toBe('waiting');
    expect(seen[9]).toBe('busy');
    expect(seen).not.toContain('other');
    // told in queue order: once one is turned away, everyone behind it is too
    expect(seen.indexOf('busy')).toBeGreaterThan(0);
    expect(seen.slice(seen.indexOf('busy')).every((o) => o === 'busy')).toBe(true);
  });

  it('a job still waiting when its time to wait runs out is told the tutor is busy, never to ask for less', async () => {
    configureJobs({ threads: 1 });
    setLimits({ commandBudgetMs: 100 });
    const hold = deferred();
    const defs = [holdingCommand('hold', hold.promise, [])];
    const first = new FakeResponder();
    const running = dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: 'p' }), responder: first, commands: defs });
    const waiting = new FakeResponder();
    await dispatchCommand({ command: 'hold', options: {}, caller: testCaller({ userId: 'q' }), responder: waiting, commands: defs });
    await new Promise((r) => setTimeout(r, 50)); // p's own budget ends about when q gives up waiting
    hold.resolve();
    await running;
    expect(waiting.final?.text).toMatch(/still busy with other people's runs after 100 ms, so yours did not start/);
    expect(waiting.final?.text).not.toMatch(/fewer|smaller/);
    expect(first.final?.text).toMatch(/took longer than the 100 ms limit.*Try fewer epochs/);
  });
});
