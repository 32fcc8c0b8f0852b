/**
 * /train live:true on Slack (real Bolt in HTTP mode against the fake): the live view is posted with
 * chat.postMessage and replaced with chat.update while training runs — never two updates closer
 * than 1.5 s — its pictures replaced (old files deleted) and the last update the final picture.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { LIVE_REPLACE_EVERY_MS } from '../../../commands/_lib/live-train.ts';
import { liveSessionCount, stopAllLiveSessions } from '../../../commands/_lib/live-session.ts';
import { blocksText, buttonClickPayload, buttonsOf, postAction, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

let harness: HttpHarness;

beforeAll(async () => {
  harness = await startHttpHarness(await loadCommands());
}, 60_000);
afterAll(async () => {
  await stopAllLiveSessions('closed');
  await harness?.stop();
});

const STUDENT = { id: 'U0LIVE', name: 'ada' };
const OTHER = { id: 'U0OTHER', name: 'bob' };

describe('/train live:true on Slack', () => {
  it('updates the message at most every 1.5 s while training and ends with the final picture', async () => {
    const filesBefore = harness.fake.files.size;
    const fields = slashCommandFields(harness.fake, '/train', 'dataset:circle epochs:90 live:true', STUDENT);
    expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
    const message = await harness.fake.waitFor(() => {
      const found = harness.fake.messages.find((m) => /Live training/.test(blocksText(m.blocks) + (m.text ?? '')));
      return found && /finished/.test(blocksText(found.blocks)) ? found : undefined;
    }, 'the final live picture', 60_000);
    const updates = harness.fake.callsOf('chat.update').filter((c) => c.args.ts === message.ts);
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.atMs! - updates[i - 1]!.atMs!).toBeGreaterThanOrEqual(LIVE_REPLACE_EVERY_MS);
    expect(blocksText(message.blocks)).toMatch(/Epoch 90 · finished/);
    expect(buttonsOf(message.blocks)).toHaveLength(0);
    // the pictures were replaced, not piled up: only the final boundary and loss curve remain
    await harness.fake.waitFor(() => {
      const live = [...harness.fake.files.values()].slice(filesBefore).filter((f) => f.completed && !f.isDeleted);
      return live.length === 2 ? live : undefined;
    }, 'the final two pictures', 15_000).then(async (files) => {
      for (const file of files) expect((await loadImage(file.data!)).width).toBeGreaterThan(100);
    });
    expect([...harness.fake.files.values()].slice(filesBefore).filter((f) => f.isDeleted).length).toBeGreaterThan(0);
    await expect.poll(() => liveSessionCount(), { timeout: 10_000 }).toBe(0); // the view freed its worker
  }, 90_000);

  it('Pause from someone else → refused privately; from its owner → the run holds', async () => {
    const fields = slashCommandFields(harness.fake, '/train', 'dataset:xor epochs:2000 live:true', STUDENT);
    await postSigned(harness.eventsUrl, fields);
    const message = await harness.fake.waitFor(() => {
      const found = harness.fake.messages.find((m) => /Live training/.test(blocksText(m.blocks)) && /Epoch \d+ · playing/.test(blocksText(m.blocks)));
      return found && buttonsOf(found.blocks).some((b) => b.text.text === 'Pause') ? found : undefined;
    }, 'a live picture with buttons', 30_000);
    const pause = buttonsOf(message.blocks).find((b) => b.text.text === 'Pause')!;
    const click = (user: typeof STUDENT) => postAction(harness.eventsUrl, buttonClickPayload(harness.fake, { action_id: pause.action_id, value: pause.value!, text: 'Pause' }, { ts: message.ts }, user));
    await click(OTHER);
    await harness.fake.waitFor(() => {
      const refusals = [...harness.fake.responseUrlPosts, ...harness.fake.ephemeralMessages.map((m) => ({ body: m }))];
      return refusals.some((p) => /Only ada, who started this live view, or a lecturer/.test(String(p.body.text ?? ''))) ? true : undefined;
    }, 'the refusal', 15_000);
    await click(STUDENT);
    await harness.fake.waitFor(() => (/· paused ·/.test(blocksText(message.blocks)) ? true : undefined), 'the paused picture', 15_000);
  }, 60_000);
});
