/** The saved-datasets repository and the tutor's save / list / delete / share rules over it. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/chat/types.ts';
import { parseDataText } from '../../src/engine/user-data.ts';
import {
  deleteDataset, listDatasets, loadSavedDataset, rememberLastData, saveLastData, shareDataset, sharedDatasetSuggestions,
} from '../../src/tutor/user-datasets/saved-datasets.ts';
import { cleanupTempDirs, tempStore } from '../tutor/helpers.ts';

afterEach(() => cleanupTempDirs());

const ada: Caller = { platform: 'test', userId: 'ada', displayName: 'Ada', channelId: 'room', isLecturer: false };
const bob: Caller = { ...ada, userId: 'bob', displayName: 'Bob' };
const lecturer: Caller = { ...ada, userId: 'lee', displayName: 'Lee', isLecturer: true };
const otherClass: Caller = { ...ada, userId: 'zoe', channelId: 'elsewhere' };
const LIMITS = { maxCount: 2, maxBytes: 100_000 };
const points = (n: number) => parseDataText(['x1,x2,label', ...Array.from({ length: n }, (_, i) => `${i},${-i},${i % 2}`)].join('\n'), { source: 'up.csv' });

describe('saving the last upload', () => {
  it('nothing uploaded yet → save says so and stores nothing', async () => {
    const { store } = tempStore();
    await expect(saveLastData(store, ada, 'moons', LIMITS)).rejects.toThrow(/nothing to save yet/);
    expect(await store.datasets.list('test:ada')).toEqual([]);
    store.close();
  });

  it('an upload saved under a name → listed with its owner, points and size, and loads back titled my:NAME', async () => {
    const { store } = tempStore();
    await rememberLastData(store, ada, points(10), 1000);
    const saved = await saveLastData(store, ada, 'moons', LIMITS, 2000);
    expect(saved).toMatchObject({ ownerKey: 'test:ada', name: 'moons', points: 10, createdAt: 2000, sharedScope: null });
    expect(saved.sizeBytes).toBeGreaterThan(100);
    const data = await loadSavedDataset(store, ada, { scope: 'my', name: 'moons' });
    expect(data.source).toBe('my:moons');
    expect(data.layout === 'pool' && data.points.length).toBe(10);
    // another user has no such set
    await expect(loadSavedDataset(store, bob, { scope: 'my', name: 'moons' })).rejects.toThrow(/You have no saved dataset called `moons`/);
    store.close();
  });

  it('past the per-user count or byte limit → refused with the limit, and the table is unchanged', async () => {
    const { store } = tempStore();
    await rememberLastData(store, ada, points(10), 1);
    await saveLastData(store, ada, 'a', LIMITS);
    await saveLastData(store, ada, 'b', LIMITS);
    await expect(saveLastData(store, ada, 'c', LIMITS)).rejects.toThrow(/already keep 2 saved datasets\. Allowed: at most 2 per person/);
    // saving again under an existing name replaces it and is not a new set
    await expect(saveLastData(store, ada, 'b', LIMITS)).resolves.toMatchObject({ name: 'b' });
    await rememberLastData(store, ada, points(2000), 2);
    await expect(saveLastData(store, ada, 'b', { maxCount: 5, maxBytes: 20_000 })).rejects.toThrow(/Allowed: at most 20000 bytes per person/);
    expect((await store.datasets.list('test:ada')).map((s) => [s.name, s.points])).toEqual([['a', 10], ['b', 10]]);
    store.close();
  });

  it('delete removes the set; deleting a name that is not there names the closest', async () => {
    const { store } = tempStore();
    await rememberLastData(store, ada, points(10), 1);
    await saveLastData(store, ada, 'moons', LIMITS);
    await expect(deleteDataset(store, ada, 'mons')).rejects.toThrow(/no saved dataset called `mons`\. Did you mean `my:moons`\?/);
    await deleteDataset(store, ada, 'moons');
    expect(await store.datasets.list('test:ada')).toEqual([]);
    store.close();
  });
});

describe('sharing with the class', () => {
  it('a student cannot share; a lecturer shares → everyone in the class lists and loads class:NAME, another class does not', async () => {
    const { store } = tempStore();
    await rememberLastData(store, ada, points(10), 1);
    await saveLastData(store, ada, 'mine', LIMITS);
    await expect(shareDataset(store, ada, 'mine')).rejects.toThrow(/Only a lecturer can share/);
    await rememberLastData(store, lecturer, points(12), 1);
    await saveLastData(store, lecturer, 'moons', LIMITS);
    await shareDataset(store, lecturer, 'moons', 5000);
    expect((await listDatasets(store, bob)).shared.map((s) => s.name)).toEqual(['moons']);
    expect((await loadSavedDataset(store, bob, { scope: 'class', name: 'moons' })).source).toBe('class:moons');
    expect(sharedDatasetSuggestions()).toContain('class:moons');
    await expect(loadSavedDataset(store, otherClass, { scope: 'class', name: 'moons' })).rejects.toThrow(/No dataset shared with this class is called `moons`/);
    // deleting the lecturer's set takes it out of the class
    await deleteDataset(store, lecturer, 'moons');
    expect((await listDatasets(store, bob)).shared).toEqual([]);
    store.close();
  });

  it('a second lecturer sharing the same name in the same class → refused, the first stays shared', async () => {
    const { store } = tempStore();
    const other: Caller = { ...lecturer, userId: 'max' };
    for (const who of [lecturer, other]) {
      await rememberLastData(store, who, points(10), 1);
      await saveLastData(store, who, 'moons', LIMITS);
    }
    await shareDataset(store, lecturer, 'moons');
    await expect(shareDataset(store, other, 'moons')).rejects.toThrow(/Another lecturer already shared a dataset called `moons`/);
    expect((await store.datasets.getShared('test:room', 'moons'))?.ownerKey).toBe('test:lee');
    store.close();
  });
});
