/** /lesson in a shared channel: private steps that update in place, buttons that only their owner can use, Finish that marks the lesson done. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { Caller, CommandDef, Reply } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { listLessons } from '../../src/tutor/lessons.ts';
import lessonCommand, { stepButtons } from '../../commands/lesson.ts';
import { ownerTagOf, splitOwner } from '../../commands/_lib/lesson-owner.ts';
import { FakeResponder } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir } from './helpers.ts';

const commands: CommandDef[] = [lessonCommand];
const person = (userId: string, displayName: string): Caller => ({ platform: 'test', userId, displayName, channelId: 'lobby', isLecturer: false });
const ana = person('ana-1', 'Ana');
const ben = person('ben-2', 'Ben');

async function command(options: Record<string, unknown>, who: Caller): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchCommand({ command: 'lesson', options, caller: who, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder.final!;
}
async function click(id: string, who: Caller, values?: string[]): Promise<Reply> {
  const responder = new FakeResponder();
  await dispatchComponent({ id, values, caller: who, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder.final!;
}
const buttonId = (reply: Reply, prefix: string) => reply.buttons!.flat().map((b) => b.id).find((id) => id.startsWith(prefix))!;
const reachedOf = async (who: Caller, lessonId: string) =>
  (await listLessons(getStore(), getContent(), `${who.platform}:${who.userId}`)).find((e) => e.lesson.id === lessonId)!;

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  configureJobs({ mode: 'inline' });
});
afterAll(async () => { closeStore(); cleanupTempDirs(); });

describe('/lesson in a shared channel', () => {
  it('the list, every step and every answer are private, and a step replaces the one its button was on', async () => {
    const list = await command({}, ana);
    expect(list.ephemeral).toBe(true);
    const first = await click('lesson:open', ana, ['exercise-1']);
    expect(first).toMatchObject({ ephemeral: true, replacesClickedMessage: true }); // the menu gives way to the lesson
    // a link to a lesson (in a quiz answer) opens it below, leaving the answer in place
    expect(await click('lesson:open:overfitting', ana)).toMatchObject({ ephemeral: true, replacesClickedMessage: false });
    expect(first.text).toContain('step 1/');
    const next = await click(buttonId(first, 'lesson:go:exercise-1:1:'), ana);
    expect(next).toMatchObject({ ephemeral: true, replacesClickedMessage: true });
    expect(next.text).toContain('step 2/');
    const question = getContent().lessons.find((l) => l.id === 'exercise-1')!.steps[1]!.question!;
    const answered = await click(buttonId(next, `lesson:ans:exercise-1:1:${question.answer}:`), ana);
    expect(answered).toMatchObject({ ephemeral: true, replacesClickedMessage: true });
    expect(answered.text).toContain('Right!');
  });

  it("someone else's button gets a private 'this is Ana's lesson' and moves nobody's progress", async () => {
    const anaStep = await command({ name: 'overfitting' }, ana);
    const next = buttonId(anaStep, 'lesson:go:overfitting:1:');
    expect(splitOwner(next.split(':').slice(2), 2).owner).toBe(ownerTagOf(ana));
    const refusal = await click(next, ben);
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.text).toContain("This is Ana's lesson");
    expect(refusal.text).toContain('/lesson name:overfitting');
    expect((await reachedOf(ben, 'overfitting')).reached).toBe(0);
    expect((await reachedOf(ana, 'overfitting')).reached).toBe(1);
    // the owner's own press still works
    expect((await click(next, ana)).text).toContain('step 2/');
    expect((await reachedOf(ana, 'overfitting')).reached).toBe(2);
  });

  it('Finish marks the lesson done in the list, even when the saved place moved back meanwhile', async () => {
    const lesson = getContent().lessons.find((l) => l.id === 'exercise-1')!;
    const last = lesson.steps.length - 1;
    // the last step as drawn on Ben's screen, while his saved place is step 1 (another tab restarted it)
    const lastStep = { lesson, step: lesson.steps[last]!, stepIndex: last, stepCount: lesson.steps.length, isFirst: false, isLast: true, completed: false };
    const finish = stepButtons(lastStep, ownerTagOf(ben)).flat().find((b) => b.label.startsWith('Finish'))!.id;
    await command({ name: 'exercise-1', restart: true }, ben);
    expect(await reachedOf(ben, 'exercise-1')).toMatchObject({ reached: 1, completed: false });
    const done = await click(finish, ben);
    expect(done.text).toContain('You finished');
    expect(done.ephemeral).toBe(true);
    expect((await reachedOf(ben, 'exercise-1')).completed).toBe(true);
    const list = await command({}, ben);
    expect(list.text).toContain('Practice 1: classes, features and activations** (`exercise-1`) — ✅ done');
  });

  it('a long user id becomes a short hashed owner tag that still tells owner from others', async () => {
    const long = person('z'.repeat(60), 'Zed');
    const tag = ownerTagOf(long);
    expect(tag).toMatch(/^~[\w-]{12}$/);
    const step = await command({ name: 'activations' }, long);
    const next = buttonId(step, 'lesson:go:activations:1:');
    expect(next.endsWith(tag)).toBe(true);
    expect((await click(next, long)).text).toContain('step 2/');
    expect((await click(next, ben)).text).toContain("This is someone else's lesson");
  });
});
