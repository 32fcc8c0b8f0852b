/**
 * /report on Slack through the real Bolt app (HTTP mode) and the fake Slack: a lecturer's class
 * report is a private answer whose heatmap and CSV files come by direct message; a student is
 * refused the class report and another person's report, privately, with no files sent anywhere.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import { seedTerm } from '../../../bench/report-seed.ts';
import { kyselyOf } from '../../store/under-test.ts';
import { cleanupTempDirs, tempDir } from '../../tutor/helpers.ts';
import type { ResponseUrlPost } from '../../fakes/slack/fake-slack.ts';
import { blocksText, CHANNEL_ID, postSigned, slashCommandFields, startHttpHarness, type HttpHarness } from './harness.ts';

const LECTURER = { id: 'U0PROF', name: 'prof' };
const STUDENT = { id: 'U0STUDENT', name: 'ada' };
let harness: HttpHarness;

beforeAll(async () => {
  const store = getStore({ dataDir: tempDir() }); // SQLite, or Postgres in the suite's Postgres run
  await store.ready(); // migrations first, then the raw seed
  await seedTerm(kyselyOf(store), getContent(), { students: 10, questions: 20, answersPerCard: 4, nowMs: Date.now(), termWeeks: 3 });
  harness = await startHttpHarness(await loadCommands(), { lecturerUserIds: [LECTURER.id] });
});
afterAll(async () => {
  await harness?.stop();
  closeStore();
  cleanupTempDirs();
});

async function run(text: string, user: { id: string; name: string }, wanted: string): Promise<ResponseUrlPost> {
  const fields = slashCommandFields(harness.fake, '/report', text, user);
  expect((await postSigned(harness.eventsUrl, fields)).status).toBe(200);
  return harness.fake.waitFor(() => harness.fake.responsesTo(fields.response_url).find((p) => blocksText(p.body.blocks).includes(wanted)), wanted, 60_000);
}

describe('Slack: /report', () => {
  it('lecturer: the class report is private; the heatmap and both CSV files arrive by direct message and parse back', async () => {
    const channelUploadsBefore = harness.fake.uploadsIn(CHANNEL_ID).length;
    const answer = await run('view:class', LECTURER, 'Class report');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blocksText(answer.body.blocks)).toContain('sent to you in a direct message');
    const dm = harness.fake.directMessageChannels.get(LECTURER.id)!;
    const files = harness.fake.uploadsIn(dm).filter((f) => f.completed);
    expect(files.map((f) => f.filename)).toEqual(['mastery-heatmap.png', 'class-report-students.csv', 'class-report-questions.csv']);
    const rows = parse(files[1]!.data!.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.user_key)).size).toBe(10);
    expect(rows.some((r) => r.student === "'+1-555-0100")).toBe(true);
    // nothing was posted in the channel
    expect(harness.fake.uploadsIn(CHANNEL_ID).length).toBe(channelUploadsBefore);
  }, 90_000);

  it('student: the class report and the lecturer\'s report are refused privately and nothing is uploaded for them', async () => {
    const refused = await run('class', STUDENT, 'Only lecturers');
    expect(refused.body.response_type).toBe('ephemeral');
    const other = await run(`view:student user:<@${LECTURER.id}|prof>`, STUDENT, 'Only lecturers');
    expect(other.body.response_type).toBe('ephemeral');
    expect(harness.fake.directMessageChannels.get(STUDENT.id)).toBeUndefined();
    const own = await run('me', STUDENT, 'Your progress');
    expect(own.body.response_type).toBe('ephemeral');
  }, 90_000);

  it('lecturer: a student named by an escaped mention (<@U…|name>, /report escapes mentions) or by @display name opens their report', async () => {
    await run('me', STUDENT, 'Your progress'); // the student has used the tutor
    const byMention = await run(`student user:<@${STUDENT.id}|${STUDENT.name}>`, LECTURER, 'Progress of');
    expect(byMention.body.response_type).toBe('ephemeral');
    const byName = await run(`student user:@${STUDENT.name}`, LECTURER, 'Progress of');
    expect(blocksText(byName.body.blocks)).toContain(STUDENT.name);
  }, 90_000);
});
