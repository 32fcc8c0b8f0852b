/**
 * /train with the store open: every run records its spec for the caller, and the buttons under a
 * spec too long for a button id refer to the stored spec, so they still work after a restart.
 * A "restart" here is closing the store and loading every module afresh (no memory carries over).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Caller, Reply, ReplyButton } from '../../src/chat/types.ts';
import type { TrainSpec } from '../../src/engine/types.ts';
import type { Store } from '../../src/store/types.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir } from '../tutor/helpers.ts';

/** One run of the tutor process: fresh modules, inline jobs, the shared store opened on `dataDir` (or none). */
interface Tutor {
  store: Store | undefined;
  openedStore(): Store | undefined;
  train(options: Record<string, unknown>, who: Caller): Promise<Reply>;
  click(id: string, who: Caller): Promise<Reply>;
  stop(): void;
}

async function startTutor(dataDir?: string): Promise<Tutor> {
  vi.resetModules();
  const { dispatchCommand, dispatchComponent } = await import('../../src/chat/router.ts');
  const { configureJobs } = await import('../../src/jobs/index.ts');
  const storeModule = await import('../../src/store/index.ts');
  const commands = [(await import('../../commands/train.ts')).default];
  configureJobs({ mode: 'inline' });
  const store = dataDir === undefined ? undefined : storeModule.getStore({ dataDir });
  const answer = async (send: (responder: FakeResponder) => Promise<void>): Promise<Reply> => {
    const responder = new FakeResponder();
    await send(responder);
    expect(responder.violations).toEqual([]);
    return responder.final!;
  };
  return {
    store,
    openedStore: storeModule.openedStore,
    train: (options, who) => answer((responder) => dispatchCommand({ command: 'train', options, caller: who, responder, commands })),
    click: (id, who) => answer((responder) => dispatchComponent({ id, caller: who, responder, commands })),
    stop: () => storeModule.closeStore(),
  };
}

const ada = testCaller({ userId: 'ada', displayName: 'Ada' });
const bob = testCaller({ userId: 'bob', displayName: 'Bob' });
const grace = testCaller({ userId: 'grace', displayName: 'Grace' });

/** Non-default almost everywhere: its compact state is ~140 characters, too long for a button id. */
const LONG = {
  dataset: 'spiral', points: 100, noise: 10, split: '70,15,15', features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2', layers: '6,6,6',
  activation: 'relu', optimizer: 'adam', lr: 0.003, 'batch-size': '20', epochs: 4, regularization: 'l2', 'reg-rate': 0.001,
  dropout: 0.1, 'early-stopping': 3, seed: 4242,
};

const buttonsOf = (reply: Reply): ReplyButton[] => (reply.buttons ?? []).flat();
const buttonId = (reply: Reply, label: string): string => buttonsOf(reply).find((b) => b.label.startsWith(label))!.id;
const specOf = (reply: Reply): TrainSpec => (reply.data as { spec: TrainSpec }).spec;
const recentSpecs = async (store: Store | undefined, userId: string): Promise<TrainSpec[]> =>
  (await store!.specs.recent(`test:${userId}`, 10)).map((r) => r.spec as TrainSpec);

let running: Tutor | undefined;
afterEach(async () => { running?.stop(); running = undefined; cleanupTempDirs(); });

describe('/train buttons across a restart', () => {
  it('a long-spec button made before a restart re-trains the same spec after it', async () => {
    const dataDir = tempDir();
    running = await startTutor(dataDir);
    const first = await running.train(LONG, ada);
    expect(first.error).toBeUndefined();
    const original = specOf(first);
    const againId = buttonId(first, 'Train again');
    const networkId = buttonId(first, 'Show the network');
    expect(againId).toMatch(/^train:again:r[0-9a-z]+$/);
    for (const b of buttonsOf(first)) if (!b.url) expect(b.id.length).toBeLessThanOrEqual(100);
    running.stop();

    running = await startTutor(dataDir);
    const network = await running.click(networkId, grace);
    expect(network.error).toBeUndefined();
    expect(network.images?.length).toBeGreaterThan(0);
    expect(specOf(network)).toEqual(original);
    const again = await running.click(againId, grace);
    expect(again.error).toBeUndefined();
    expect(again.text).toMatch(/Grace trained again with seed \d+/);
    expect(specOf(again)).toEqual({ ...original, seed: specOf(again).seed });
  });

  it('a button whose stored spec was pruned, or never existed, says it expired and to run the command again', async () => {
    running = await startTutor(tempDir());
    const first = await running.train(LONG, ada);
    const againId = buttonId(first, 'Train again');
    // ada runs many more setups: her oldest stored spec is pruned
    for (let i = 0; i < 25; i++) await running.store!.specs.add('test:ada', { dataset: 'xor', seed: i }, Date.now());
    for (const id of [againId, 'train:again:rzzzzzz']) {
      const reply = await running.click(id, grace);
      expect(reply.error, id).toBeDefined();
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(/button has expired/);
      expect(reply.text).toMatch(/Run the command again/);
    }
  });
});

describe('recent specs recorded by /train', () => {
  it('every run and every re-training button records the resolved spec for its caller, newest first', async () => {
    running = await startTutor(tempDir());
    const xor = specOf(await running.train({ dataset: 'xor', epochs: 3, seed: 1 }, ada));
    const circle = await running.train({ dataset: 'circle', epochs: 3, seed: 2 }, ada);
    const gauss = specOf(await running.train({ dataset: 'gauss', epochs: 3, seed: 3 }, bob));
    const animated = await running.click(buttonId(circle, 'Animate'), bob);
    const again = await running.click(buttonId(circle, 'Train again'), bob);
    expect(animated.error).toBeUndefined();
    expect(again.error).toBeUndefined();

    expect(await recentSpecs(running.store, 'ada')).toEqual([specOf(circle), xor]);
    expect(await recentSpecs(running.store, 'bob')).toEqual([specOf(again), specOf(circle), gauss]);
    expect((await running.store!.users.get('test:bob'))?.displayName).toBe('Bob');
  });
});

describe('/train without an open store (unit tests, the CLI)', () => {
  it('answers with working long-spec buttons and opens no database', async () => {
    running = await startTutor();
    const first = await running.train(LONG, ada);
    expect(first.error).toBeUndefined();
    const againId = buttonId(first, 'Train again');
    expect(againId).toMatch(/^train:again:m[0-9a-z]+$/);
    expect(againId.length).toBeLessThanOrEqual(100);
    const again = await running.click(againId, grace);
    expect(again.error).toBeUndefined();
    expect(specOf(again)).toEqual({ ...specOf(first), seed: specOf(again).seed });
    expect(running.openedStore()).toBeUndefined();
  });
});
