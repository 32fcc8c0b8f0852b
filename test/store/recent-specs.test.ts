/** The recent-specs repository: ids a button can keep, lookups by id, pruning per user. */
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, RECENT_SPECS_KEPT } from '../../src/store/index.ts';
import { cleanupTempDirs, tempStore } from '../tutor/helpers.ts';

afterEach(() => cleanupTempDirs());

describe('recent training specs by id', () => {
  it('add returns a new id each time and get finds the spec, its owner and time by that id', async () => {
    const { store } = tempStore();
    const first = await store.specs.add('test:ada', { dataset: 'xor', seed: 1 }, 1000);
    const second = await store.specs.add('test:bob', { dataset: 'spiral', layers: [8, 8] }, 2000);
    expect(second).toBeGreaterThan(first);
    expect(await store.specs.get(first)).toEqual({ id: first, userKey: 'test:ada', spec: { dataset: 'xor', seed: 1 }, createdAt: 1000 });
    expect(await store.specs.get(second)).toEqual({ id: second, userKey: 'test:bob', spec: { dataset: 'spiral', layers: [8, 8] }, createdAt: 2000 });
    store.close();
  });

  it('a spec stored before closing the database is found by the same id after reopening it', async () => {
    const { store, dataDir } = tempStore();
    const id = await store.specs.add('test:ada', { dataset: 'gauss', noise: 20 }, 5);
    await store.close();
    const reopened = createStore({ dataDir }); // the same database again: the SQLite file, or (Postgres run) the folder's database
    expect((await reopened.specs.get(id))?.spec).toEqual({ dataset: 'gauss', noise: 20 });
    await reopened.close();
  });

  it('ids that were never stored, and ids that are not positive integers, find nothing', async () => {
    const { store } = tempStore();
    await store.specs.add('test:ada', { dataset: 'xor' }, 1);
    for (const id of [999_999, 0, -1, Number.NaN, 1.5]) expect(await store.specs.get(id), String(id)).toBeUndefined();
    store.close();
  });

  it('pruning a user\'s oldest spec makes its id unknown, leaves other users alone and never reuses the id', async () => {
    const { store } = tempStore();
    const oldest = await store.specs.add('test:ada', { seed: 0 }, 0);
    const bobs = await store.specs.add('test:bob', { seed: 99 }, 0);
    const later: number[] = [];
    for (let i = 1; i <= RECENT_SPECS_KEPT; i++) later.push(await store.specs.add('test:ada', { seed: i }, i));
    expect(await store.specs.get(oldest)).toBeUndefined();
    expect((await store.specs.get(later[0]!))?.spec).toEqual({ seed: 1 });
    expect((await store.specs.get(bobs))?.spec).toEqual({ seed: 99 });
    expect(await store.specs.recent('test:ada', 100)).toHaveLength(RECENT_SPECS_KEPT);
    // AUTOINCREMENT: a pruned id is never handed out again, so an old button cannot run someone else's spec
    const next = await store.specs.add('test:carl', { seed: 7 }, 100);
    expect(next).toBeGreaterThan(Math.max(oldest, bobs, ...later));
    expect(await store.specs.get(oldest)).toBeUndefined();
    store.close();
  });
});
