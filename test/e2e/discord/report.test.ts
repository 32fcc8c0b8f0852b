/** /report on Discord through discord.js and the fake Discord: the lecturer's class report is ephemeral with the heatmap and CSV attachments; a student is refused the class report and another student's report. */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { registerCommands } from '../../../src/platforms/discord/register.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import { MESSAGE_FLAGS, type StoredMessage } from '../../fakes/discord/payloads.ts';
import type { FakeInteraction } from '../../fakes/discord/fake-discord.ts';
import { seedTerm } from '../../../bench/report-seed.ts';
import { kyselyOf } from '../../store/under-test.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const store = getStore({ dataDir: tempDir() }); // SQLite, or Postgres in the suite's Postgres run
  await store.ready(); // migrations first, then the raw seed
  await seedTerm(kyselyOf(store), getContent(), { students: 12, questions: 20, answersPerCard: 4, nowMs: Date.now(), termWeeks: 3 });
  const commands = await loadCommands();
  h = await startHarness(commands);
  await registerCommands({ token: h.fake.token, clientId: h.fake.applicationId, guildId: h.fake.guild.id, apiUrl: h.fake.apiUrl }, commands);
}, 120_000);
afterAll(async () => {
  await h?.close();
  closeStore();
  cleanupTempDirs();
});

function answered(interaction: FakeInteraction): Promise<StoredMessage> {
  return h.fake.waitFor(() => {
    const message = h.fake.original(interaction);
    return message && !message.isLoading && (message.content.length > 0 || message.embeds.length > 0) ? message : undefined;
  }, 'the answer', 30_000);
}

describe('Discord: /report', () => {
  it('lecturer: the class report is ephemeral, with the heatmap and two CSV attachments that parse back', async () => {
    const reply = await answered(h.fake.runSlashCommand('report', { view: 'class' }, { as: 'lecturer' }));
    expect(reply.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    // a long report goes into an embed (Discord's message text holds 2000 characters)
    expect(JSON.stringify(reply.embeds)).toContain('Class report');
    expect(reply.attachments.map((a) => a.filename)).toEqual(['mastery-heatmap.png', 'class-report-students.csv', 'class-report-questions.csv']);
    const rows = parse(reply.attachments[1]!.data.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.user_key)).size).toBe(12);
    expect(rows.some((r) => r.student.startsWith("'=HYPERLINK"))).toBe(true);
  }, 60_000);

  it('student: the class report and the lecturer\'s report are refused privately; their own report works', async () => {
    const refused = await answered(h.fake.runSlashCommand('report', { view: 'class' }, { as: 'student' }));
    expect(refused.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(refused.content).toContain('Only lecturers');
    expect(refused.attachments).toHaveLength(0);
    const lecturerId = h.fake.members.lecturer.user.id;
    // the user picker (USER option): the id arrives with the user in data.resolved.users
    const other = await answered(h.fake.runSlashCommand('report', { view: 'student', user: lecturerId }, { as: 'student' }));
    expect(other.content).toContain('Only lecturers');
    const own = await answered(h.fake.runSlashCommand('report', {}, { as: 'student' }));
    expect(own.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(own.content).toContain('Your progress');
  }, 60_000);

  it('/report user: is Discord\'s user picker (type 6); the lecturer picks a student who has used the tutor and gets their report', async () => {
    const registered = h.fake.guildCommands.find((c) => c.name === 'report')!;
    expect(registered.options?.find((o) => o.name === 'user')).toMatchObject({ type: 6 });
    await answered(h.fake.runSlashCommand('report', {}, { as: 'student' })); // the student has used the tutor
    const student = h.fake.members.student;
    const interaction = h.fake.runSlashCommand('report', { view: 'student', user: student.user.id }, { as: 'lecturer' });
    expect((interaction.payload as { data: { resolved?: { users?: Record<string, unknown> } } }).data.resolved?.users).toHaveProperty(student.user.id);
    const reply = await answered(interaction);
    expect(reply.flags & MESSAGE_FLAGS.ephemeral).toBe(MESSAGE_FLAGS.ephemeral);
    expect(reply.content).toContain('Progress of');
    expect(reply.content).toContain(student.nick ?? student.user.global_name ?? student.user.username);
  }, 60_000);
});
