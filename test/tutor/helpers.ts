/** Shared helpers for tutor tests: temp data dirs and lesson folders, fixed users. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/index.ts';
import type { TutorUser } from '../../src/tutor/users.ts';

const made: string[] = [];

/** A fresh temporary folder, removed by cleanupTempDirs. */
export function tempDir(prefix = 'nn-tutor-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A store in a new temp folder (returns the folder too, to reopen it with createStore). SQLite, or —
 * when the suite runs on Postgres (STORE_DIALECT=postgres) — a Postgres database of its own.
 */
export function tempStore() {
  const dataDir = tempDir('nn-tutor-store-');
  return { dataDir, store: createStore({ dataDir }) };
}

/** Write files (relative path → text) into a new temp lessons folder. */
export function lessonsDir(files: Record<string, string>): string {
  const dir = tempDir('nn-tutor-lessons-');
  mkdirSync(join(dir, 'quiz'), { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

export function user(id: string, channelId = 'room-1'): TutorUser {
  return { platform: 'test', userId: id, displayName: id.toUpperCase(), channelId, spaceId: 'space-1' };
}

export const T0 = Date.UTC(2026, 1, 23, 10, 0, 0); // the lecture's day, 10:00 UTC
