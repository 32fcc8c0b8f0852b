/**
 * First impressions: every example command a newcomer is shown — in the README, in /help (every
 * command's examples) and on the web chat's welcome card — ends with a result worth showing:
 * ≥ 90 % test accuracy for a /train or /playground classification demo, the best compared value
 * ≥ 90 % for /compare, a remedy that beats no regularisation for /overfit. Each is typed, parsed
 * and run through the router exactly as the chat does it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/chat/registry.ts';
import { dispatchCommand } from '../../src/chat/router.ts';
import type { CommandDef, Reply } from '../../src/chat/types.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { parseCommandText } from '../../src/platforms/local/parse-command.ts';
import { FakeResponder, testCaller } from '../chat/fake-responder.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const APP_JS = readFileSync(new URL('../../src/platforms/local/public/app.js', import.meta.url), 'utf8');

/** `/train …` and `/playground …` in backticks, and `npx nn-tutor train …` lines turned into /train (output flags dropped). */
function readmeExamples(): string[] {
  const inline = [...README.matchAll(/`(\/(?:train|playground|compare|overfit) [^`]+)`/g)].map((m) => m[1]);
  const cli = [...README.matchAll(/^npx nn-tutor train (.+?)(?:\s+#.*)?$/gm)]
    // training on the user's own file (--data) is the CLI's alone: it has no chat form
    .filter((m) => !/--data\s/.test(m[1]))
    .map((m) => `/train ${m[1].replace(/--out \S+|--json|--animate/g, '').trim()}`);
  return [...inline, ...cli];
}

/** The welcome card's example chips (src/platforms/local/public/app.js). */
function welcomeExamples(): string[] {
  const list = /const examples = \[([^\]]+)\]/.exec(APP_JS);
  if (!list) throw new Error('no examples list in app.js');
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

let commands: CommandDef[];
beforeAll(async () => {
  commands = await loadCommands();
});
afterAll(async () => {
  await closeJobPool();
});

async function runTyped(text: string): Promise<Reply> {
  const parsed = parseCommandText(text, commands);
  const responder = new FakeResponder();
  await dispatchCommand({ command: parsed.command, options: parsed.options, caller: testCaller({ userId: `first-${Math.random()}` }), responder, commands });
  const reply = responder.final!;
  expect(reply.error, `${text}: ${reply.text}`).toBeUndefined();
  return reply;
}

const isDemo = (text: string): boolean => /^\/(train|playground|compare|overfit)\b/.test(text);

describe('first impressions: every example command ends with a result worth showing', () => {
  it('the README, /help and the welcome card do show examples (the lists are found)', async () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(5);
    expect(welcomeExamples().length).toBeGreaterThanOrEqual(5);
    expect(readmeExamples()).toContain('/train dataset:spiral layers:8,8 features:x1,x2,sinx1,sinx2 epochs:300');
  });

  it('every /train, /playground, /compare and /overfit example reaches its bar', async () => {
    const helpExamples = commands.flatMap((c) => c.examples ?? []);
    const all = [...new Set([...readmeExamples(), ...helpExamples, ...welcomeExamples()].filter(isDemo))]
      // `/train dataset:spiral layers:8,8` in the README only explains the option syntax next to its --flag form
      .filter((t) => !/^\/train (dataset:spiral layers:8,8|--dataset spiral --layers 8,8)$/.test(t))
      // a file upload or a saved set is the student's own data: test/e2e/local/own-data-api.test.ts trains those
      .filter((t) => !/\bdata:|dataset:(my|class):/.test(t));
    expect(all.length).toBeGreaterThanOrEqual(12);
    const failures: string[] = [];
    for (const text of all) {
      const reply = await runTyped(text);
      const data = reply.data as Record<string, any>;
      if (/^\/(train|playground)\b/.test(text) && data.final) {
        if (data.kind !== 'regression' && !(data.final.testAccuracy >= 0.9)) failures.push(`${text}: test accuracy ${data.final.testAccuracy}`);
        if (data.diagnosis) failures.push(`${text}: the coach complains: ${data.diagnosis.sentence}`);
      } else if (text.startsWith('/compare')) {
        const best = Math.max(...(data.groups as { testAccuracies?: number[]; testLosses: number[] }[]).map((g) => mean(g.testAccuracies ?? [])));
        if (!(best >= 0.9)) failures.push(`${text}: best compared value reaches only ${best}`);
      } else if (text.startsWith('/overfit')) {
        const [plain, ...remedies] = data.variants as { final: { testLoss: number } }[];
        if (!remedies.some((r) => r.final.testLoss < plain.final.testLoss)) failures.push(`${text}: no remedy beats no regularisation`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}
