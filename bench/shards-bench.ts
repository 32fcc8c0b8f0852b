/**
 * `npm run bench -- shards`: `npm start` against the fake Discord without sharding and with
 * DISCORD_SHARDS=2 and 4 on this machine: time until every shard is connected, memory of all the
 * bot's processes, and a burst of /train and /help spread over guilds on every shard (answered
 * once each; throughput and p50/p95). Medians of three runs. Sharding splits the gateway, not the
 * CPU: on one machine the jobs share the same cores (JOB_THREADS = cores ÷ shards here). One
 * student sends the whole burst, so JOBS_PER_USER and MAX_QUEUED_JOBS are raised.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FakeGuild } from '../test/fakes/discord/payloads.ts';
import { answerOf, startSharded, until, type Cleanups } from '../test/e2e/discord/shards-harness.ts';

const RUNS = Number(process.env.SHARDS_BENCH_RUNS) || 3;
const BURST = { train: 16, help: 16 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : 0;
}

interface RunFigures { connectMs: number; rssMb: number; burstMs: number; p50Ms: number; p95Ms: number }

async function runOnce(shards: number | undefined): Promise<RunFigures> {
  const cleanups: Cleanups = [];
  try {
    const threads = Math.max(1, Math.floor(availableParallelism() / (shards ?? 1)));
    const startedAt = performance.now();
    // guilds on each of four shards (so also on each of two, and in the one connection)
    const guilds: FakeGuild[] = [];
    const s = await startSharded(shards === undefined ? '' : String(shards), cleanups, { JOB_THREADS: String(threads), JOBS_PER_USER: '100', MAX_QUEUED_JOBS: '1000' }, {}, (fake) => {
      for (const k of [0, 1, 2, 3]) guilds.push(fake.addGuild(`Bench school ${k}`, { onShard: [k, 4] }));
    });
    const count = shards ?? 1;
    await until(() => s.fake.gateway.connectedShards.length === count, `${count} connection(s)`, s.output, 180_000);
    const connectMs = performance.now() - startedAt;
    const pids = [s.child.pid!, ...s.shardPids().values()];
    const memory = pids.reduce((sum, pid) => sum + rssMb(pid), 0);

    const burstStart = performance.now();
    const sent = [
      ...Array.from({ length: BURST.train }, (_, i) => s.fake.runSlashCommand('train', { dataset: 'circle', epochs: 100, seed: i + 1 }, { guild: guilds[i % 4] })),
      ...Array.from({ length: BURST.help }, (_, i) => s.fake.runSlashCommand('help', {}, { guild: guilds[i % 4] })),
    ];
    const doneAt = new Map<string, number>();
    await until(() => {
      for (const interaction of sent) {
        if (doneAt.has(interaction.id)) continue;
        const answer = answerOf(s.fake, interaction);
        if (answer && (interaction.name !== 'train' || answer.attachments.length > 0)) doneAt.set(interaction.id, performance.now());
      }
      return doneAt.size === sent.length;
    }, 'every answer', s.output, 600_000);
    const latencies = sent.map((i) => doneAt.get(i.id)! - burstStart).sort((a, b) => a - b);
    const once = sent.every((i) => s.fake.eventsOf(i).filter((e) => e.kind === 'callback').length === 1);
    if (!once || s.fake.violations.length) throw new Error(`answered more than once or refused: ${JSON.stringify(s.fake.violations)}`);
    process.kill(s.child.pid!, 'SIGTERM');
    await s.exited;
    return { connectMs, rssMb: memory, burstMs: latencies.at(-1)!, p50Ms: quantile(latencies, 0.5), p95Ms: quantile(latencies, 0.95) };
  } finally {
    while (cleanups.length) await cleanups.pop()!();
  }
}

/** Prints the medians for no sharding, 2 and 4 shards. */
export async function runShardsBench(): Promise<void> {
  console.log(`${availableParallelism()} cores; burst: ${BURST.train} × /train dataset:circle epochs:100 and ${BURST.help} × /help over 4 guilds, one per shard of 4`);
  for (const shards of [undefined, 2, 4]) {
    const runs: RunFigures[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runOnce(shards));
    const m = (key: keyof RunFigures) => median(runs.map((r) => r[key]));
    const label = shards === undefined ? 'DISCORD_SHARDS unset (1 process)' : `DISCORD_SHARDS=${shards} (${shards + 1} processes)`;
    console.log(
      `${label}: all connected after ${(m('connectMs') / 1000).toFixed(1)} s; RSS ${m('rssMb').toFixed(0)} MB in all; burst of ${BURST.train + BURST.help} answered in ${(m('burstMs') / 1000).toFixed(1)} s (${((BURST.train + BURST.help) / (m('burstMs') / 1000)).toFixed(1)}/s), p50 ${(m('p50Ms') / 1000).toFixed(2)} s, p95 ${(m('p95Ms') / 1000).toFixed(2)} s (medians of ${RUNS})`,
    );
  }
}
