/**
 * `npm run bench -- report`: a term report (`/report class`) for 300 students × 150 questions × up
 * to 30 answers each (seeded into a temp SQLite store; reviews stop at "now", so ~0.93 M review logs
 * and answers), end to end: the queries, the heatmap PNG, the CSV files. The first report folds the
 * whole term's review logs into the summary tables (cold: a term never reported on); later reports
 * only read logs written since (warm). Prints the cold time and the median of the warm runs; the
 * target is ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { getContent } from '../src/tutor/content/load.ts';
import { buildClassReport } from '../src/tutor/reports/class-report.ts';
import { classReportReply } from '../commands/_lib/report-replies.ts';
import { seedTerm } from './report-seed.ts';

const SIZE = { students: 300, questions: 150, answersPerCard: 30, termWeeks: 15 };
const WARM_RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Seeds the class, then times buildClassReport (queries) and the whole reply (queries + heatmap + CSV). */
export async function runReportBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-tutor-report-bench-'));
  try {
    const store = openSqliteStore({ dataDir });
    await store.ready();
    const nowMs = Date.now();
    const seedStart = performance.now();
    await seedTerm(store.kysely, getContent(), { ...SIZE, nowMs });
    const counts = store.db.prepare('SELECT (SELECT COUNT(*) FROM review_logs) AS logs, (SELECT COUNT(*) FROM answers) AS answers, (SELECT COUNT(*) FROM fsrs_cards) AS cards').get() as Record<string, number>;
    console.log(`seeded ${SIZE.students} students × ${SIZE.questions} questions × ≤${SIZE.answersPerCard} answers: ${counts.logs} review logs, ${counts.answers} answers, ${counts.cards} cards in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const queryMs: number[] = [];
    const totalMs: number[] = [];
    let bytes = 0;
    for (let run = 0; run <= WARM_RUNS; run++) {
      const t0 = performance.now();
      const report = await buildClassReport(store, getContent(), nowMs);
      const t1 = performance.now();
      const reply = await classReportReply(report);
      const t2 = performance.now();
      queryMs.push(t1 - t0);
      totalMs.push(t2 - t0);
      bytes = (reply.images ?? []).reduce((n, i) => n + i.data.length, 0) + (reply.files ?? []).reduce((n, f) => n + f.data.length, 0);
    }
    const [coldMs, ...warmMs] = totalMs;
    const warmQueryMs = queryMs.slice(1);
    console.log(`first report (folds the whole term's ${counts.logs} logs into the summaries): ${Math.round(coldMs!)} ms`);
    console.log(`term report: median ${Math.round(median(warmMs))} ms end to end over ${WARM_RUNS} runs (queries ${Math.round(median(warmQueryMs))} ms; runs ${warmMs.map((t) => Math.round(t)).join(', ')} ms); ${Math.round(bytes / 1024)} KB of PNG + CSV; target ≤ 2000 ms: ${median(warmMs) <= 2000 ? 'met' : 'NOT met'}`);
    store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
