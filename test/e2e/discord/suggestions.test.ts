/**
 * Issue 13 item 12 / issue 14 on Discord: choices arrive as choices, but free-text options
 * (layers, features, split, /cost layers, /activation compare, /help command) are typed — they get
 * the same strict reading, wording and "Did you mean …?" as everywhere else, privately, and
 * nothing trains. Real commands, real discord.js Client, the fake Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const commands = await loadCommands();
  h = await startRegisteredHarness(commands);
}, 120_000);
afterAll(async () => h?.close());

/** Runs a slash command and returns the private error it answers with (never a picture). */
async function privateError(name: string, options: Record<string, string | number | boolean>): Promise<string> {
  const interaction = h.fake.runSlashCommand(name, options);
  const answer: StoredMessage = await h.fake.waitFor(
    () => h.fake.followUps(interaction)[0] ?? (h.fake.original(interaction)?.content ? h.fake.original(interaction) : undefined),
    'the error',
  );
  expect(answer.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
  expect(answer.attachments).toHaveLength(0);
  return answer.content;
}

describe('Discord: typed free-text values', () => {
  it('layers 8,,8 → refused, naming the rule (not trained as 8,8)', async () => {
    expect(await privateError('train', { layers: '8,,8' })).toContain('`layers` must be up to 10 sizes from 1 to 64 separated by commas (e.g. 8,8), or none, not `8,,8`. It has an empty item.');
  });

  it('features with a misspelt name → the feature meant', async () => {
    expect(await privateError('train', { features: 'x1,x2sqr' })).toMatch(/`x2sqr` is not a feature\. Did you mean `x2sq`\?/);
  });

  it('features repeated → refused (not trained as one feature)', async () => {
    expect(await privateError('train', { features: 'x1,x1,x1' })).toContain('`x1` appears more than once.');
  });

  it('/activation compare with a misspelt activation → the activation meant', async () => {
    expect(await privateError('activation', { compare: 'relu,sigmoud' })).toMatch(/`sigmoud` is not one of them\. Did you mean `sigmoid`\?/);
  });

  it('/cost with too many layer sizes → a short refusal', async () => {
    const text = await privateError('cost', { layers: Array.from({ length: 100 }, () => 4).join(',') });
    expect(text).toMatch(/`layers` must be 2 to 32 whole numbers .* It has 100 items\./);
    expect(text.length).toBeLessThan(300);
  });

  it('/help with a misspelt command → the command meant', async () => {
    expect(await privateError('help', { command: 'lesosn' })).toMatch(/not `lesosn`\. Did you mean `lesson`\?/);
  });

  it('autocomplete on a misspelt list item offers the name meant (activation compare, train features)', async () => {
    const compare = h.fake.typeForAutocomplete('activation', { compare: 'relu,sigmoud' }, 'compare');
    expect(await h.fake.waitFor(() => compare.autocompleteChoices, 'autocomplete choices')).toEqual([{ name: 'relu,sigmoid', value: 'relu,sigmoid' }]);
    const features = h.fake.typeForAutocomplete('train', { features: 'x1,x2sqr' }, 'features');
    expect(await h.fake.waitFor(() => features.autocompleteChoices, 'autocomplete choices')).toEqual([{ name: 'x1,x2sq', value: 'x1,x2sq' }]);
  });

  it('made no request that Discord would have refused', () => {
    expect(h.fake.violations).toEqual([]);
  });
});
