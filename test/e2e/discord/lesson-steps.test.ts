/**
 * /lesson on Discord, end to end through the real discord.js client and the fake Discord: a step's
 * Next updates the clicked private message in place (callback 7 UPDATE_MESSAGE, no new message),
 * an experiment still posts its charts as a new private message (which the next step does not
 * overwrite), and someone else's press gets a private "This is …'s lesson" of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { CALLBACK, type FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { startRegisteredHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  const commands = await loadCommands();
  h = await startRegisteredHarness(commands);
}, 120_000);
afterAll(async () => {
  await h?.close();
  closeStore();
  cleanupTempDirs();
});

/** The interaction's answer once it shows something (its @original, or its first follow-up). */
function answered(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const message = h.fake.followUps(interaction)[0] ?? h.fake.original(interaction);
    return message && !message.isLoading && message.content.length > 0 ? message : undefined;
  }, 'the answer', 60_000);
}

/** The custom_id of the button whose label starts with `label`. */
function buttonId(message: StoredMessage, label: string): string {
  const buttons = message.components.flatMap((row) => (row as { components: { label?: string; custom_id?: string }[] }).components);
  const found = buttons.find((b) => b.label?.startsWith(label));
  if (!found) throw new Error(`no "${label}" button (has ${buttons.map((b) => b.label).join(', ')})`);
  return found.custom_id!;
}

const callbackTypes = (interaction: FakeInteraction) =>
  h.fake.eventsOf(interaction).filter((e) => e.kind === 'callback').map((e) => e.callbackType);
const isEphemeral = (message: StoredMessage) => (message.flags & MESSAGE_FLAGS.ephemeral) !== 0;

describe('Discord: /lesson steps update the clicked private message', () => {
  it("Next edits the step in place; Run posts charts; another member's press gets a private notice", async () => {
    const step = await answered(h.fake.runSlashCommand('lesson', { name: 'exercise-1', restart: true }));
    expect(isEphemeral(step)).toBe(true);
    expect(step.content).toContain('step 1/');
    const stepText = step.content;

    // someone else presses Ada's Next: a private notice of their own, Ada's step untouched
    const byOther = h.fake.clickButton(step.id, buttonId(step, 'Next'), { as: 'lecturer' });
    const notice = await answered(byOther);
    expect(notice.id).not.toBe(step.id);
    expect(isEphemeral(notice)).toBe(true);
    expect(notice.content).toContain("This is Ada Lovelace's lesson");
    expect(callbackTypes(byOther)).toEqual([CALLBACK.message]);
    expect(h.fake.messages.get(step.id)!.content).toBe(stepText);

    // Run the experiment: its charts come as a new private message, the step stays as it was
    const run = h.fake.clickButton(step.id, buttonId(step, '▶ Run'));
    const charts = await h.fake.waitFor(() => {
      const message = h.fake.original(run);
      return message && message.attachments.length > 0 ? message : undefined;
    }, 'the charts', 60_000);
    expect(charts.id).not.toBe(step.id);
    expect(isEphemeral(charts)).toBe(true);
    expect(charts.attachments.length).toBeGreaterThan(0);
    expect(callbackTypes(run)).not.toContain(CALLBACK.updateMessage);
    expect(h.fake.messages.get(step.id)!.content).toBe(stepText);

    // Next on the step: the same message now shows step 2, and no message was added
    const messagesBefore = h.fake.messages.size;
    const next = h.fake.clickButton(step.id, buttonId(step, 'Next'));
    await h.fake.waitFor(() => callbackTypes(next).length > 0 && h.fake.messages.get(step.id)!.content.includes('step 2/'), 'the step to move on', 30_000);
    expect(callbackTypes(next)).toEqual([CALLBACK.updateMessage]);
    expect(h.fake.original(next)?.id).toBe(step.id);
    expect(h.fake.followUps(next)).toEqual([]);
    expect(h.fake.messages.size).toBe(messagesBefore);
    const moved = h.fake.messages.get(step.id)!;
    expect(moved.editedAt).not.toBeNull();
    expect(isEphemeral(moved)).toBe(true);
    expect(buttonId(moved, 'Next')).toContain(':2:'); // the buttons moved on too

    // Next under the charts: the charts stay, step 2 comes as a new private message
    const fromCharts = h.fake.clickButton(charts.id, buttonId(charts, 'Next'));
    const below = await answered(fromCharts);
    expect(below.id).not.toBe(charts.id);
    expect(below.content).toContain('step 2/');
    expect(h.fake.messages.get(charts.id)!.attachments.length).toBe(charts.attachments.length);
    expect(callbackTypes(fromCharts)).not.toContain(CALLBACK.updateMessage);
    expect(h.fake.violations).toEqual([]);
  }, 120_000);
});
