/**
 * `npm start` with Slack configured but unreachable: the local web chat opens at once, Slack logs
 * one line and keeps trying in the background (before: auth.test was retried forever and nothing
 * else started).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, cleanupTempDirs } from '../../tutor/helpers.ts';
import { freePort } from '../../fakes/free-port.ts';

const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  cleanupTempDirs();
});

describe('start-up with an unreachable Slack', () => {
  it('serves the local web chat while Slack retries in the background, with one log line about Slack', async () => {
    const deadPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env, VITEST: '', LOG_LEVEL: 'info', DATA_DIR: tempDir(),
        LOCAL_CHAT_ENABLED: 'true', LOCAL_CHAT_HOST: '127.0.0.1', LOCAL_CHAT_PORT: '0',
        SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_PORT: '0', SLACK_API_URL: `http://127.0.0.1:${deadPort}/api/`,
        JOB_THREADS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no local chat URL within 45 s; stdout: ${stdout}\nstderr: ${stderr}`)), 45_000);
      const check = () => {
        const found = stdout.match(/nn-tutor (?:local|web) chat: +(http:\/\/\S+)/)?.[1];
        if (found) { clearTimeout(timer); resolve(found); }
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => reject(new Error(`exited with ${code}; stderr: ${stderr}`)));
    });
    const health = await fetch(new URL('/', url));
    expect(health.status).toBeLessThan(500);
    const slackWarnings = () => stderr.split('\n').filter((line) => line.includes('"platform":"slack"') && /"level":(40|50)/.test(line));
    // wait (on a loaded machine, a while) for Slack's first failure, then let it fail a few more times
    for (let waitedMs = 0; slackWarnings().length === 0 && waitedMs < 30_000; waitedMs += 250) await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const slackLines = slackWarnings();
    expect(slackLines).toHaveLength(1);
    expect(slackLines[0]).toMatch(/cannot reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\/.*Retrying in the background/);
  });
});
