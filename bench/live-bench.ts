/**
 * Live training view bench (issue 19): frames per second and CPU use of one live view and of five
 * at once, each a spiral 8-8 network with four features (the Playwright test's), frames encoded for
 * the web chat's event stream as the server does. Medians of three windows of 5 s each.
 * Run alone with `npx tsx bench/live-bench.ts`, or `npm run bench -- live`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setLimits } from '../src/chat/limits.ts';
import { closeJobPool, configureJobs, LIVE_FRAME_INTERVAL_MS, warmUpJobPool } from '../src/jobs/index.ts';
import { prepareSpec } from '../commands/_lib/training.ts';
import { LiveSession, stopAllLiveSessions } from '../commands/_lib/live-session.ts';
import { frameToWire } from '../src/platforms/local/live-wire.ts';

const WINDOW_MS = 5000;
const WINDOWS = 3;
const SPEC = { dataset: 'spiral', layers: [8, 8], features: ['x1', 'x2', 'sinx1', 'sinx2'], epochs: 2000, seed: 1 } as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Frames per second of each view, the process's CPU (all threads) in % of one core, and the bytes of one encoded frame. */
export async function measureViews(count: number): Promise<{ fpsPerView: number; cpuPercent: number; wireBytes: number }> {
  const frames = new Array<number>(count).fill(0);
  let wireBytes = 0;
  const sessions = Array.from({ length: count }, (_, i) => {
    const session = LiveSession.start({ platform: 'test', userId: `viewer-${i}`, displayName: `Viewer ${i}`, channelId: 'bench', isLecturer: false }, prepareSpec(SPEC));
    session.setWatching('bench', true);
    session.subscribe((event) => {
      if (event.type !== 'frame') return;
      frames[i]! += 1;
      wireBytes = JSON.stringify(frameToWire(session.id, event.frame)).length; // the server's work per frame
    });
    return session;
  });
  // every view has drawn a few frames before the windows start
  while (frames.some((n) => n < 5)) await new Promise((resolve) => setTimeout(resolve, 100));
  const fps: number[] = [];
  const cpu: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const before = [...frames];
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpuBefore);
    fps.push(median(frames.map((n, i) => (n - before[i]!) / seconds)));
    cpu.push(((used.user + used.system) / 1e6 / seconds) * 100);
  }
  await Promise.all(sessions.map((s) => s.stop('closed')));
  return { fpsPerView: median(fps), cpuPercent: median(cpu), wireBytes };
}

/** Prints frames per second and CPU use for one live view and for five at once. */
export async function runLiveBench(): Promise<void> {
  // five views hold five workers: give the pool that many threads (the default is one per core)
  configureJobs({ mode: 'pool', threads: 5 });
  await warmUpJobPool();
  setLimits({ runBudgetMs: 120_000 });
  console.log(`live bench: spiral 8-8, 4 features; target ${Math.round(1000 / LIVE_FRAME_INTERVAL_MS)} frames/s per view; medians of ${WINDOWS} windows of ${WINDOW_MS / 1000} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  for (const count of [1, 5]) {
    const { fpsPerView, cpuPercent, wireBytes } = await measureViews(count);
    console.log(`  ${count} live view${count === 1 ? ' ' : 's'}: ${fpsPerView.toFixed(1)} frames/s per view (median view), CPU ${cpuPercent.toFixed(0)} % of one core (whole process, all threads), ${(wireBytes / 1024).toFixed(1)} KB per frame on the event stream`);
  }
  await stopAllLiveSessions('closed');
  await closeJobPool();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLiveBench();
