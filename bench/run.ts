/**
 * `npm run bench`: every benchmark, one after another (engine, rendering, chat). Each prints
 * medians of several runs and the ratios its issue asks for. Pass a name to run one:
 * `npm run bench -- engine`.
 */
const suites: Record<string, () => Promise<void>> = {
  engine: async () => (await import('./engine-bench.ts')).runEngineBench(),
  render: async () => (await import('./render-bench.ts')).runRenderBench(),
  chat: async () => (await import('./chat-bench.ts')).runChatBench(),
  upload: async () => (await import('./upload-bench.ts')).runUploadBench(),
  'chat-memory': async () => (await import('./chat-memory-bench.ts')).runChatMemoryBench(),
  report: async () => (await import('./report-bench.ts')).runReportBench(),
  scale: async () => (await import('./scale-bench.ts')).runScaleBench(),
  live: async () => (await import('./live-bench.ts')).runLiveBench(),
  'live-queue': async () => (await import('./live-queue-bench.ts')).runLiveQueueBench(),
  demos: async () => (await import('./demos-bench.ts')).runDemosBench(),
  shards: async () => (await import('./shards-bench.ts')).runShardsBench(),
};

// names only: a flag's value (`--runs 5`, `--demo attention`) is not a benchmark name
const args = process.argv.slice(2);
const wanted = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1]?.startsWith('--') && /^(--runs|--demo)$/.test(args[i - 1])));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const run = suites[name];
  if (!run) {
    console.error(`Unknown benchmark '${name}'. Allowed: ${Object.keys(suites).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  await run();
}
