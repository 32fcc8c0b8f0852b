/**
 * A whole bot (`node --import tsx src/main.ts`) serving Slack in HTTP mode as its own process, for
 * tests with several instances behind a "load balancer" (the test decides which instance gets each
 * signed request). The Slack Web API it calls is the test's fake; its store and Redis are whatever
 * DATABASE_URL and REDIS_URL the test gives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { SIGNING_SECRET } from './harness.ts';

/** One running bot process. */
export interface SlackBotProcess {
  name: string;
  /** Where signed Slack requests for this instance go. */
  eventsUrl: string;
  child: ChildProcess;
  /** What the process printed so far. */
  output(): string;
  /** kill -9: no shutdown code runs, timers and connections die with it. */
  killHard(): Promise<void>;
  /** SIGTERM (the normal stop), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Starts a bot process; resolves once its Slack HTTP endpoint listens (it logs the port it got). */
export async function startSlackBotProcess(name: string, fake: FakeSlack, env: Record<string, string>): Promise<SlackBotProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `nn-tutor-${name}-`));
  const inherited = { ...process.env };
  // the suite's Postgres run gives every data folder its own schema; instances here must share one
  for (const key of ['STORE_SCHEMA_PER_DATA_DIR', 'STORE_DIALECT', 'LOCAL_CHAT_ENABLED', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN']) delete inherited[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '../../..'),
    env: {
      ...inherited, SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'info', JOB_THREADS: '1', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join('');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"port":(\d+)[^\n]*slack: listening for HTTP requests|slack: listening for HTTP requests[^\n]*"port":(\d+)/.exec(output());
      if (match) finish(() => resolve(Number(match[1] ?? match[2])));
    }, 100);
    const deadline = setTimeout(() => finish(() => reject(new Error(`${name} did not start listening for Slack within 90 s:\n${output()}`))), 90_000);
    const onExit = (code: number | null) => finish(() => reject(new Error(`${name} exited (${code}) before it listened for Slack:\n${output()}`)));
    child.once('exit', onExit);
    function finish(settle: () => void) {
      clearInterval(timer);
      clearTimeout(deadline);
      child.off('exit', onExit);
      settle();
    }
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  return {
    name,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    child,
    output,
    async killHard() {
      if (isRunning()) child.kill('SIGKILL');
      await exited;
      cleanUp();
    },
    async stop() {
      if (isRunning()) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      cleanUp();
    },
  };
}
