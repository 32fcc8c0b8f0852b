/**
 * Issue 14 "Suggestions" on the command line: the chat's one wording (without Markdown marks) and
 * "Did you mean …?" for verbs, flags and values, whether the engine or a chat command refuses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/platforms/cli/main.ts';
import { closeJobPool } from '../../src/jobs/index.ts';

afterAll(async () => {
  await closeJobPool();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('nn-tutor says what was meant', () => {
  it('a misspelt flag → the flag meant, exit 2', async () => {
    const { code, err } = await cli(['train', '--datset', 'spiral']);
    expect(code).toBe(2);
    expect(err).toBe('nn-tutor train: There is no option --datset. Did you mean --dataset?');
  });

  it('a misspelt value the engine refuses → the value meant', async () => {
    const { code, err } = await cli(['train', '--activation', 'sigmoud']);
    expect(code).toBe(2);
    expect(err).toMatch(/^nn-tutor train: activation must be one of identity, .*, not sigmoud\. Did you mean sigmoid\?$/);
  });

  it('lists with an empty item or a repeat are refused by the engine verbs too', async () => {
    expect((await cli(['train', '--layers', '8,,8'])).err).toMatch(/layers must be .*, not 8,,8\. It has an empty item\./);
    expect((await cli(['data', '--features', 'x1,x1'])).err).toMatch(/features must be .*, not x1,x1\. x1 appears more than once\./);
  });

  it('a misspelt command word → the command meant', async () => {
    const { code, err } = await cli(['trian']);
    expect(code).toBe(2);
    expect(err).toMatch(/^nn-tutor trian: There is no command trian\. Did you mean train\? Commands: train, data, cost, /);
  });

  it('a chat command run from the CLI gets the same suggestions for values and option names', async () => {
    expect((await cli(['activation', 'sigmoud'])).err).toMatch(/name must be one of .*, not sigmoud\. Did you mean sigmoid\?/);
    expect((await cli(['activation', 'nmae:relu'])).err).toMatch(/There is no option nmae\. Did you mean name\?/);
  });

  it('cost takes the same layer lists as /cost (784,128,10 works) and refuses 10,000 sizes briefly', async () => {
    const ok = await cli(['cost', '--layers', '784,128,10', '--points', '60000']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/101,770 parameters/);
    const huge = await cli(['cost', '--layers', Array.from({ length: 10_000 }, () => 5).join(',')]);
    expect(huge.code).toBe(2);
    expect(huge.err).toMatch(/layers must be 2 to 32 whole numbers from 1 to 100000 separated by commas .* It has 10000 items\.$/);
    expect(huge.err.length).toBeLessThan(250);
    expect((await cli(['cost', '--layers', '5,64,2', '--points', '1e400'])).err).toMatch(/points must be a whole number from 1 to 1000000000, not 1e400\./);
    expect((await cli(['cost', '--layers', '5,64,2', '--pionts', '10'])).err).toMatch(/There is no option --pionts\. Did you mean --points\?/);
  });
});
