/**
 * Per-user saved-dataset limits hold when several bot instances save for the same person at once:
 * the count/bytes check and the insert are one atomic step (SQLite: an IMMEDIATE transaction;
 * Postgres: a per-owner advisory lock), so concurrent saves never exceed the limit.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, type TestContext } from 'vitest';
import type { KyselyStore } from '../../src/store/kysely/store.ts';
import { cleanupTempDirs, tempStore } from '../tutor/helpers.ts';
import { storeFactory } from './dialects.ts';
import { DIALECT_UNDER_TEST } from './under-test.ts';

const opened: KyselyStore[] = [];
afterEach(async () => { await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined))); });
afterAll(() => cleanupTempDirs());

const INSTANCE = join(import.meta.dirname, 'save-datasets-instance.ts');
const dataset = (name: string, i: number) => ({ ownerKey: 'test:ada', name, data: { points: [i, i + 1, i + 2] }, points: 3, sizeBytes: 0, createdAt: 1000 + i });
/** Bytes one of those datasets takes (its JSON). */
const SIZE_BYTES = Buffer.byteLength(JSON.stringify({ points: [10, 11, 12] }));

/** Runs one instance process; resolves with whether each of its saves was accepted. */
function runInstance(dataDir: string, prefix: string, count: number, startAtMs: number, limits: { maxCount: number; maxBytes: number }): Promise<boolean[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', INSTANCE, dataDir, prefix, String(count), String(startAtMs), String(limits.maxCount), String(limits.maxBytes)],
      { cwd: process.cwd(), env: process.env }, (error, stdout, stderr) => {
        if (error) reject(new Error(`instance ${prefix} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as boolean[]);
      });
  });
}

describe(`two bot instances (processes) saving for one person at once, on ${DIALECT_UNDER_TEST}`, () => {
  it('12 saves from each instance at the same moment, limit 3 sets → exactly 3 saved, the rest refused', async () => {
    const { dataDir, store } = tempStore();
    await store.ready();
    // both processes start at the same wall-clock moment, after their imports and migrations
    const startAtMs = Date.now() + 4_000;
    const limits = { maxCount: 3, maxBytes: 1_000_000 };
    const [a, b] = await Promise.all([runInstance(dataDir, 'a', 12, startAtMs, limits), runInstance(dataDir, 'b', 12, startAtMs, limits)]);
    expect([...a!, ...b!].filter(Boolean)).toHaveLength(3);
    expect(await store.datasets.list('test:ada')).toHaveLength(3);
    await store.close();
  }, 60_000);
});

describe('two connection pools on one Postgres database (two instances), saving at once', () => {
  const factory = storeFactory('postgres');
  function twoInstances(ctx: TestContext): { a: KyselyStore; b: KyselyStore } {
    const reason = factory.skipReason();
    if (reason) ctx.skip(reason);
    const { store: a, location } = factory.open();
    const b = factory.reopen(location);
    opened.push(a, b);
    return { a, b };
  }

  it('2 × 15 saves at once, limit 4 sets → exactly 4 saved, and the list shows 4', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    await Promise.all([a.ready(), b.ready()]);
    const limits = { maxCount: 4, maxBytes: 1_000_000 };
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).datasets.save(dataset(`set-${i}`, i), limits)));
    expect(outcomes.filter((o) => o.isSaved)).toHaveLength(4);
    expect(outcomes.filter((o) => !o.isSaved).every((o) => !o.isSaved && o.reason === 'count')).toBe(true);
    expect(await a.datasets.list('test:ada')).toHaveLength(4);
  });

  it('2 × 15 saves at once under a byte limit of 3½ sets → exactly 3 saved, total bytes within the limit', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    await Promise.all([a.ready(), b.ready()]);
    const limits = { maxCount: 100, maxBytes: Math.floor(SIZE_BYTES * 3.5) };
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).datasets.save(dataset(`set-${i + 10}`, 10), limits)));
    expect(outcomes.filter((o) => o.isSaved)).toHaveLength(3);
    const kept = await b.datasets.list('test:ada');
    expect(kept.reduce((sum, s) => sum + s.sizeBytes, 0)).toBeLessThanOrEqual(limits.maxBytes);
  });

  it('30 people sharing a set under the same name with the same class at once → one shared, the other 29 told it is taken (not a unique-index error)', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    const limits = { maxCount: 5, maxBytes: 1_000_000 };
    const people = Array.from({ length: 30 }, (_, i) => `test:p${i}`);
    for (const ownerKey of people) await a.datasets.save({ ...dataset('moons', 1), ownerKey }, limits);
    const outcomes = await Promise.all(people.map((ownerKey, i) => (i % 2 ? a : b).datasets.share(ownerKey, 'moons', 'class-1', 5000 + i)));
    expect(outcomes.filter((o) => o === 'shared')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(29);
    expect(await b.datasets.listShared('class-1')).toHaveLength(1);
  });

  it('different people saving at once do not hold each other up: each gets their own limit', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    const limits = { maxCount: 2, maxBytes: 1_000_000 };
    const outcomes = await Promise.all(['ann', 'ben', 'cat'].flatMap((who) => Array.from({ length: 6 }, (_, i) =>
      (i % 2 ? a : b).datasets.save({ ...dataset(`s-${i}`, i), ownerKey: `test:${who}` }, limits))));
    expect(outcomes.filter((o) => o.isSaved)).toHaveLength(6);
    for (const who of ['ann', 'ben', 'cat']) expect(await a.datasets.list(`test:${who}`)).toHaveLength(2);
  });
});

