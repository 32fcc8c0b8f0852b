/**
 * One "bot instance" for test/store/saved-datasets-concurrency.test.ts: opens the store for a data
 * folder (SQLite, or Postgres in the suite's Postgres run), waits until a shared start time, saves
 * several datasets for one owner at once, and prints the outcomes as JSON.
 * Usage: node --import tsx save-datasets-instance.ts DATA_DIR PREFIX COUNT START_AT_MS MAX_COUNT MAX_BYTES
 */
import { createStore } from '../../src/store/index.ts';

const [dataDir, prefix, count, startAtMs, maxCount, maxBytes] = process.argv.slice(2);
const store = createStore({ dataDir: dataDir! });
await store.ready();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtMs) - Date.now())));
const outcomes = await Promise.all(Array.from({ length: Number(count) }, (_, i) =>
  store.datasets.save(
    { ownerKey: 'test:ada', name: `${prefix}-${i}`, data: { points: [i, i + 1, i + 2] }, points: 3, sizeBytes: 0, createdAt: Date.now() },
    { maxCount: Number(maxCount), maxBytes: Number(maxBytes) },
  )));
await store.close();
console.log(JSON.stringify(outcomes.map((o) => o.isSaved)));
