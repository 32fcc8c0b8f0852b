/**
 * Claims next to the experiments: a false claim is caught (and named), the schema refuses a claim
 * about a run that does not exist, and — the fast subset of `lessons:check -- --claims` — every
 * claim of the exercises and of /optimizers holds on the seed students are shown.
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/engine/train.ts';
import { runClaimSets, checkClaim, judgeClaim, type ClaimSet, type TrainRunner } from '../../src/tutor/claims/evaluate.ts';
import { lessonClaimSets, observationsOf, stepsWithoutClaims } from '../../src/tutor/claims/lesson-claims.ts';
import { formatClaimsTable, formatFailures } from '../../src/tutor/claims/report.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { parseLessonFile } from '../../src/tutor/content/lesson-file.ts';
import { optimizersClaimSet } from '../../commands/optimizers.ts';
import { parseSeedsArg } from '../../src/check-claims.ts';

const trainInline: TrainRunner = (spec) => train(spec);
const content = loadContent(DEFAULT_LESSONS_DIR);

const lessonWith = (claims: string) => `---
id: demo
title: Demo
section: activations
order: 1
summary: A demo.
kind: lesson
---

## Linear fails
Text.
\`\`\`step
experiment:
  runs:
    - label: "linear"
      spec: { dataset: circle, activation: identity, epochs: 60, seed: 3 }
  show: [loss-curve]
  claims:
${claims}
\`\`\`
`;

describe('claims: a false claim is caught', () => {
  it('a lesson claiming a linear network separates the circle → FAILED, named by file, step and claim, exit line counts it', async () => {
    const { lesson, issues } = parseLessonFile('lessons/demo.md', lessonWith(
      '    - { that: "a linear network separates the circle", run: "linear", metric: testAccuracy, above: 0.9 }\n'
      + '    - { that: "a linear network stays near chance", run: "linear", metric: testAccuracy, below: 0.75 }'));
    expect(issues).toEqual([]);
    const outcomes = await runClaimSets(lessonClaimSets({ lessons: [lesson!], questions: [] }), { seeds: 2, trainRun: trainInline });
    expect(outcomes.map((o) => o.passed)).toEqual([false, true]);
    expect(outcomes[0].held).toBe(0);
    const table = formatClaimsTable(outcomes);
    expect(table.split('\n').at(-1)).toBe('2 claims, 1 held, 1 failed');
    expect(table).toMatch(/a linear network separates the circle\s+0\/2\s+FAILED/);
    const [failure] = formatFailures(outcomes);
    expect(failure).toContain('lessons/demo.md: step "Linear fails": claim "a linear network separates the circle"');
    expect(formatFailures(outcomes)).toHaveLength(1);
  });

  it('a claim that holds on 3 of 5 seeds passes with seeds: 3/5 but not with 4/5, and never when the shown seed fails', () => {
    const claim = (seeds: string) => ({ that: 'x', run: 'a', metric: 'testLoss', below: 1, seeds });
    const checks = [true, false, true, false, true].map((holds) => ({ holds, value: holds ? 0.5 : 2, below: 1 }));
    expect(judgeClaim({ file: 'f', step: 's' }, claim('3/5'), checks).passed).toBe(true);
    expect(judgeClaim({ file: 'f', step: 's' }, claim('4/5'), checks).passed).toBe(false);
    const shownFails = [false, true, true, true, true].map((holds) => ({ holds, value: 0, below: 1 }));
    expect(judgeClaim({ file: 'f', step: 's' }, claim('3/5'), shownFails).passed).toBe(false);
  });

  it('a comparison claim reads the other run (times a factor); NaN and ∞ never hold', () => {
    const obs = { a: () => 2, b: () => 10, n: () => NaN, inf: () => Infinity };
    expect(checkClaim({ that: '', run: 'a', metric: 'testLoss', below: { run: 'b', times: 0.5 } }, obs).holds).toBe(true);
    expect(checkClaim({ that: '', run: 'a', metric: 'testLoss', below: { run: 'b', times: 0.1 } }, obs).holds).toBe(false);
    expect(checkClaim({ that: '', run: 'n', metric: 'testLoss', below: 1 }, obs).holds).toBe(false);
    expect(checkClaim({ that: '', run: 'inf', metric: 'testLoss', below: { run: 'inf' } }, obs).holds).toBe(false);
  });

  it('a claim about a run the step does not have, or an unknown metric, is refused when the lesson loads', () => {
    const { issues } = parseLessonFile('lessons/demo.md', lessonWith(
      '    - { that: "x", run: "relu", metric: testAccuracy, above: 0.9 }\n    - { that: "y", run: "linear", metric: accuracyy, above: 0.9 }'));
    expect(issues.map((i) => i.message).join('\n')).toMatch(/"relu" is not a run of this experiment; runs: linear/);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/must be one of .*epochsTo/);
  });

  it('--seeds takes a whole number from 1 to 50 and refuses anything else', () => {
    expect(parseSeedsArg(['--claims'])).toBe(5);
    expect(parseSeedsArg(['--claims', '--seeds', '12'])).toBe(12);
    expect(() => parseSeedsArg(['--seeds', 'lots'])).toThrow(/--seeds must be a whole number from 1 to 50/);
  });

  it('observations expose the run metrics by label', async () => {
    const result = await train({ dataset: 'circle', epochs: 30, seed: 1 });
    expect(observationsOf({ r: result }).r('epochsRun')).toBe(30);
  });
});

describe('claims: the fast subset holds on the seed students see', () => {
  it('every training step of every lesson states at least one claim', () => {
    expect(stepsWithoutClaims(content.lessons)).toEqual([]);
  });

  it('every claim of the three exercises and /optimizers holds on the shown seed', async () => {
    const exercises = lessonClaimSets({ ...content, lessons: content.lessons.filter((l) => l.kind === 'exercise') });
    const sets: ClaimSet[] = [...exercises, optimizersClaimSet()];
    const outcomes = await runClaimSets(sets, { seeds: 1, trainRun: trainInline });
    expect(outcomes.length).toBeGreaterThan(30);
    expect(formatFailures(outcomes)).toEqual([]);
  }, 120_000);
});

describe('claims: runs that cannot be measured', () => {
  it('a claim set whose training throws fails its claims with the reason, without stopping the others', async () => {
    const broken: ClaimSet = {
      file: 'lessons/broken.md', step: 'Broken', claims: [{ that: 'it learns', run: 'a', metric: 'testAccuracy', above: 0.9 }],
      observe: async () => { throw new Error('Unknown option \'lr\''); },
    };
    const fine: ClaimSet = { file: 'f.md', step: 'Fine', isDeterministic: true, claims: [{ that: 'two is small', run: 'a', metric: 'testLoss', below: 3 }], observe: async () => ({ a: () => 2 }) };
    const outcomes = await runClaimSets([broken, fine], { seeds: 3, trainRun: trainInline });
    expect(outcomes.map((o) => o.passed)).toEqual([false, true]);
    expect(formatFailures(outcomes)).toEqual(['lessons/broken.md: step "Broken": claim "it learns" could not be checked: Unknown option \'lr\'']);
  });
});
