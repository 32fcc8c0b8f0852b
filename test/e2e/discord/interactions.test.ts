/**
 * The real discord.js Client, the real chat router, and the fake Discord: slash commands, progress,
 * attachments, buttons, selects, errors and limits, checked the way Discord checks them.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_FLAGS } from '../../fakes/discord/payloads.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';
import { seen, testCommands } from './test-commands.ts';

let h: Harness;

beforeAll(async () => {
  h = await startRegisteredHarness(testCommands);
});
afterAll(async () => h?.close());

const original = (interaction: FakeInteraction) => h.fake.original(interaction);
const isEphemeral = (flags: number) => (flags & MESSAGE_FLAGS.ephemeral) !== 0;

/** Waits until the interaction's @original satisfies `ready`. */
function waitForOriginal(interaction: FakeInteraction, ready: (m: NonNullable<ReturnType<typeof original>>) => boolean, what: string) {
  return h.fake.waitFor(() => {
    const message = original(interaction);
    return message && !message.isLoading && ready(message) ? message : undefined;
  }, what);
}

describe('a heavy command (/slowtrain, ~4.5 s with 45 progress reports)', () => {
  let interaction: FakeInteraction;
  let final: NonNullable<ReturnType<typeof original>>;

  beforeAll(async () => {
    interaction = h.fake.runSlashCommand('slowtrain');
    final = await waitForOriginal(interaction, (m) => m.attachments.length === 2, 'the final edit with two images');
  });

  it('is acknowledged with a deferred response that Discord accepted (within its 3-second window)', () => {
    const [first] = h.fake.eventsOf(interaction);
    // the fake answers 10062 Unknown interaction to an acknowledgement after 3 s, so acceptance is the check
    expect(first).toMatchObject({ kind: 'callback', callbackType: 5 });
    expect(interaction.ack?.type).toBe(5);
    expect(h.fake.violations).toEqual([]);
  });

  it('shows progress as edits at least ~1.5 s apart instead of one edit per report', () => {
    const progress = h.fake.eventsOf(interaction).filter((e) => e.kind === 'edit-original' && e.content?.startsWith('⏳'));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // 45 reports arrive about 100 ms apart; at most one edit per ~1.5 s of the run gets through. Gaps are
    // read where the fake receives the edits, so a loaded machine may delay one edit and shorten the next
    // gap: 1 s (ten reports) still tells throttled edits from one per report
    const runMs = progress[progress.length - 1]!.at - progress[0]!.at;
    expect(progress.length).toBeLessThanOrEqual(Math.floor(runMs / 1000) + 1);
    expect(progress.length).toBeLessThan(45);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(progress[0]!.content).toMatch(/^⏳ [▰▱]{12} \d+% · epoch \d+\/45 · loss/);
  });

  it('ends with the result text, PNG attachments that decode to images, and the buttons', async () => {
    expect(final.content).toContain('**Done.** Test loss 0.012');
    expect(final.attachments.map((a) => a.filename)).toEqual(['boundary.png', 'loss.png']);
    expect(final.attachments[0]!.description).toBe('test image boundary.png');
    const fetched = await fetch(final.attachments[0]!.url);
    const image = await loadImage(Buffer.from(await fetched.arrayBuffer()));
    expect([image.width, image.height]).toEqual([240, 240]);
    expect((await loadImage(final.attachments[1]!.data)).width).toBe(200);
    const [row] = final.components as { components: { custom_id?: string; style: number; url?: string }[] }[];
    expect(row!.components.map((c) => c.custom_id ?? c.url)).toEqual(['slowtrain:again:seed=7', 'https://playground.tensorflow.org/#activation=tanh']);
    expect(row!.components[1]!.style).toBe(5);
  });

  it('sends no progress edit after the final result', () => {
    const events = h.fake.eventsOf(interaction);
    const lastEvent = events[events.length - 1]!;
    expect(lastEvent.attachmentNames).toEqual(['boundary.png', 'loss.png']);
  });

  it('routes a click on "Train again" back to the command with its state and answers with a new result', async () => {
    const click = h.fake.clickButton(final.id, 'slowtrain:again:seed=7');
    const answer = await waitForOriginal(click, (m) => m.attachments.length === 1, 'the answer to the click');
    expect(answer.content).toBe('Trained again (seed=7)');
    expect(seen.components).toContainEqual({ action: 'again', state: ['seed=7'], values: [] });
    expect(seen.callers.at(-1)).toMatchObject({ platform: 'discord', displayName: 'Ada Lovelace', channelId: h.fake.guild.channelId, spaceId: h.fake.guild.id });
    expect(h.fake.original(interaction)?.attachments).toHaveLength(2); // the first result stays
    expect(h.fake.violations).toEqual([]);
  });
});

describe('replies and edits', () => {
  it('each edit replaces the earlier attachments instead of adding to them, and a text-only edit removes them', async () => {
    const interaction = h.fake.runSlashCommand('twoedits');
    const message = await waitForOriginal(interaction, (m) => m.content === 'third, without images', 'the third edit');
    expect(message.attachments).toEqual([]);
    const edits = h.fake.eventsOf(interaction).filter((e) => e.kind === 'edit-original');
    expect(edits.map((e) => e.attachmentNames)).toEqual([['first-a.png', 'first-b.png'], ['second.png'], []]);
  });

  it('a command that needs 2.2 s and never defers is deferred for it, then its reply fills the response', async () => {
    const interaction = h.fake.runSlashCommand('slownodefer');
    const message = await waitForOriginal(interaction, (m) => m.content === 'late but fine', 'the late reply');
    expect(interaction.ack?.type).toBe(5);
    expect(isEphemeral(message.flags)).toBe(false);
    expect(h.fake.violations).toEqual([]);
  });

  it('text longer than 2000 characters goes into an embed and Discord accepts it', async () => {
    const interaction = h.fake.runSlashCommand('big', { what: 'text' });
    const message = await waitForOriginal(interaction, (m) => m.embeds.length === 1, 'the long text');
    const description = (message.embeds[0] as { description: string }).description;
    expect(description.length).toBeGreaterThan(2000);
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description.startsWith('**Long explanation**')).toBe(true);
    expect(h.fake.violations).toEqual([]);
  });

  it('buttons beyond 5 per row wrap, an over-long id is left out, and the select gets its own row', async () => {
    const interaction = h.fake.runSlashCommand('menu');
    const message = await waitForOriginal(interaction, (m) => m.components.length > 0, 'the menu');
    const rows = message.components as { components: { type: number; custom_id: string }[] }[];
    expect(rows.map((r) => r.components.map((c) => c.custom_id))).toEqual([
      ['menu:pick:0', 'menu:pick:1', 'menu:pick:2', 'menu:pick:3', 'menu:pick:4'],
      ['menu:pick:5', 'menu:pick:6'],
      ['ghost:open'],
      ['menu:choose'],
    ]);
    expect(rows[3]!.components[0]!.type).toBe(3);
    expect(h.fake.violations).toEqual([]);
  });

  it('a select choice reaches the command with the chosen value, and its ephemeral answer is private', async () => {
    const interaction = h.fake.runSlashCommand('menu');
    const menu = await waitForOriginal(interaction, (m) => m.components.length > 0, 'the menu');
    const choice = h.fake.chooseInSelect(menu.id, 'menu:choose', ['tanh']);
    const answer = await waitForOriginal(choice, (m) => m.content.length > 0, 'the select answer');
    expect(answer.content).toBe('You chose tanh');
    expect(isEphemeral(answer.flags)).toBe(true);
    expect(seen.components).toContainEqual({ action: 'choose', state: [], values: ['tanh'] });
  });

  it('a button whose command no longer exists says so privately', async () => {
    const interaction = h.fake.runSlashCommand('menu');
    const menu = await waitForOriginal(interaction, (m) => m.components.length > 0, 'the menu');
    const click = h.fake.clickButton(menu.id, 'ghost:open');
    const answer = await waitForOriginal(click, (m) => m.content.length > 0, 'the answer');
    expect(answer.content).toMatch(/no longer works/);
    expect(isEphemeral(answer.flags)).toBe(true);
  });
});

describe('errors are private', () => {
  it('an option outside its range gets an ephemeral message naming the option and the allowed values', async () => {
    const interaction = h.fake.runSlashCommand('strict', { epochs: 900 });
    const message = await waitForOriginal(interaction, (m) => m.content.length > 0, 'the error');
    expect(isEphemeral(message.flags)).toBe(true);
    expect(message.content).toMatch(/epochs/);
    expect(message.content).toMatch(/500/);
  });

  it('a malformed free-text option gets an ephemeral message saying what to type instead', async () => {
    const interaction = h.fake.runSlashCommand('strict', { layers: 'eight' });
    const message = await waitForOriginal(interaction, (m) => m.content.length > 0, 'the error');
    expect(isEphemeral(message.flags)).toBe(true);
    expect(message.content).toContain('Option `layers` must be sizes separated by commas, like 8,8');
  });

  it('a user error after a public deferral removes "thinking…" and arrives as a private follow-up', async () => {
    const interaction = h.fake.runSlashCommand('failslate');
    const followUp = await h.fake.waitFor(() => h.fake.followUps(interaction)[0], 'the private follow-up');
    expect(followUp.content).toContain('The spiral needs at least one hidden layer');
    expect(isEphemeral(followUp.flags)).toBe(true);
    expect(h.fake.original(interaction)).toBeUndefined();
    expect(h.fake.eventsOf(interaction).map((e) => e.kind)).toEqual(['callback', 'delete-original', 'follow-up']);
  });

  it('an internal error gets a short private apology with an error id and no stack trace', async () => {
    const interaction = h.fake.runSlashCommand('crashes');
    const message = await waitForOriginal(interaction, (m) => m.content.length > 0, 'the apology');
    expect(isEphemeral(message.flags)).toBe(true);
    expect(message.content).toMatch(/error id `e-[0-9a-f]{6}`/);
    expect(message.content).not.toMatch(/TypeError|weights|at /);
  });
});

describe('images that exceed the upload limit (attachment_size_limit 100 000 bytes)', () => {
  const limit = 100_000;

  it('a too-large PNG is scaled down until Discord accepts it, and the text says so', async () => {
    const interaction = h.fake.runSlashCommand('big', { what: 'png' }, { attachmentSizeLimitBytes: limit });
    const message = await waitForOriginal(interaction, (m) => m.content.startsWith('A big picture'), 'the picture');
    const [attachment] = message.attachments;
    expect(attachment!.size).toBeLessThanOrEqual(limit);
    const image = await loadImage(attachment!.data);
    expect(image.width).toBeLessThan(400);
    expect(image.width).toBeGreaterThan(64);
    expect(message.content).toMatch(/huge\.png was too large .* scaled down to \d+×\d+/);
    expect(h.fake.violations).toEqual([]);
  });

  it('a too-large GIF is replaced by a PNG still that fits', async () => {
    const interaction = h.fake.runSlashCommand('big', { what: 'gif' }, { attachmentSizeLimitBytes: limit });
    const message = await waitForOriginal(interaction, (m) => m.content.startsWith('An animation'), 'the animation');
    const [attachment] = message.attachments;
    expect(attachment!.filename).toBe('training.png');
    expect(attachment!.contentType).toBe('image/png');
    expect(attachment!.size).toBeLessThanOrEqual(limit);
    expect((await loadImage(attachment!.data)).width).toBe(160);
    expect(message.content).toMatch(/still PNG instead of an animation/);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('lecturer-only commands', () => {
  it('are registered so that only members with Manage Server see them by default', () => {
    const command = h.fake.guildCommands.find((c) => c.name === 'livequiz');
    expect(command?.default_member_permissions).toBe('32');
    expect(h.fake.guildCommands.find((c) => c.name === 'menu')?.default_member_permissions).toBeNull();
  });

  it('are refused at run time for a student, privately', async () => {
    const interaction = h.fake.runSlashCommand('livequiz', {}, { as: 'student' });
    const message = await waitForOriginal(interaction, (m) => m.content.length > 0, 'the refusal');
    expect(message.content).toMatch(/Only lecturers/);
    expect(isEphemeral(message.flags)).toBe(true);
  });

  it('run for a member with the lecturer role (matched by name) and for a server admin', async () => {
    const byRole = h.fake.runSlashCommand('livequiz', {}, { as: 'lecturer' });
    expect((await waitForOriginal(byRole, (m) => m.content.length > 0, 'the quiz')).content).toBe('Live quiz started');
    expect(seen.callers.at(-1)).toMatchObject({ isLecturer: true, displayName: 'Prof. Geoff' });
    const byAdmin = h.fake.runSlashCommand('livequiz', {}, { as: 'admin' });
    expect((await waitForOriginal(byAdmin, (m) => m.content.length > 0, 'the quiz')).content).toBe('Live quiz started');
  });
});

describe('autocomplete', () => {
  it('offers the option suggestions that start with what was typed', async () => {
    const interaction = h.fake.typeForAutocomplete('strict', { layers: '8' }, 'layers');
    const choices = await h.fake.waitFor(() => interaction.autocompleteChoices, 'autocomplete choices');
    expect(choices).toEqual([{ name: '8', value: '8' }, { name: '8,8', value: '8,8' }]);
  });
});

describe('the whole file', () => {
  it('made no request that Discord would have refused', () => {
    expect(h.fake.violations).toEqual([]);
  });
});
