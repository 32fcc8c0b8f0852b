import { defineCommand } from '../src/chat/define-command.ts';
import { UserError } from '../src/chat/errors.ts';
import type { CommandContext, ComponentContext } from '../src/chat/types.ts';
import { getStore } from '../src/store/index.ts';
import { getContent } from '../src/tutor/content/load.ts';
import { buildClassReport } from '../src/tutor/reports/class-report.ts';
import { buildQuizReport, findReportSession } from '../src/tutor/reports/quiz-report.ts';
import { buildStudentReport } from '../src/tutor/reports/student-report.ts';
import { ensureUser } from '../src/tutor/users.ts';
import { resolveStudent } from './_lib/report-people.ts';
import { classReportReply, quizReportReply, studentReportReply } from './_lib/report-replies.ts';
import { asUserErrors } from './_lib/tutor-errors.ts';

const VIEWS = ['me', 'class', 'student', 'quiz'] as const;
type View = (typeof VIEWS)[number];

function requireLecturer(ctx: CommandContext | ComponentContext, what: string): void {
  if (!ctx.caller.isLecturer) throw new UserError(`Only lecturers can open ${what}. \`/report me\` shows your own progress.`);
}

async function showQuizReport(ctx: CommandContext | ComponentContext, which: string): Promise<void> {
  await ctx.defer({ ephemeral: true });
  const store = getStore();
  const report = await asUserErrors(async () => buildQuizReport(store, getContent(), await findReportSession(store, which, ctx.caller)));
  await ctx.reply(await quizReportReply(report, ctx.caller.isLecturer));
}

/** /report: after a live quiz, across the term (lecturers), one student (lecturers) or your own progress — always private. */
export default defineCommand({
  name: 'report',
  description: 'Reports: your progress; for lecturers the class, one student, or the last live quiz',
  options: [
    { name: 'view', type: 'string', description: 'me (default), class (lecturers), student (lecturers), quiz', choices: VIEWS, default: 'me' },
    { name: 'user', type: 'user', description: 'view student: the student (@mention, display name or user id)' },
    { name: 'quiz', type: 'string', description: 'view quiz: last (default) or the live quiz id' },
  ],
  examples: ['/report me', '/report class', '/report quiz:last', '/report student user:@Ana'],
  async run(ctx) {
    const view: View = typeof ctx.options.quiz === 'string' ? 'quiz' : typeof ctx.options.user === 'string' && (ctx.options.view === undefined || ctx.options.view === 'me') ? 'student' : ((ctx.options.view as View | undefined) ?? 'me');
    const store = getStore();
    const now = Date.now();
    switch (view) {
      case 'quiz':
        return showQuizReport(ctx, String(ctx.options.quiz ?? 'last').trim() || 'last');
      case 'class': {
        requireLecturer(ctx, 'the class report');
        await ctx.defer({ ephemeral: true });
        await ctx.reply(await classReportReply(await buildClassReport(store, getContent(), now)));
        return;
      }
      case 'student': {
        if (typeof ctx.options.user !== 'string') throw new UserError('Name the student: `/report student user:@name`.');
        const me = await ensureUser(store, ctx.caller, now);
        // a student may only name themselves: resolving among everyone would tell them who exists
        const candidates = ctx.caller.isLecturer ? await store.reports.users() : (await store.reports.users()).filter((u) => u.userKey === me);
        let student;
        try {
          student = resolveStudent(ctx.options.user, ctx.caller.platform, candidates);
        } catch (error) {
          if (!ctx.caller.isLecturer) requireLecturer(ctx, 'another student\'s report');
          throw error;
        }
        await ctx.reply(studentReportReply(await buildStudentReport(store, getContent(), student, now), { isSelf: student.userKey === me }));
        return;
      }
      default: {
        const userKey = await ensureUser(store, ctx.caller, now);
        await ctx.reply(studentReportReply(await buildStudentReport(store, getContent(), { userKey, displayName: ctx.caller.displayName }, now), { isSelf: true }));
      }
    }
  },
  async onComponent(ctx) {
    // `report:quiz:<session>` — the button on a live quiz's podium
    if (ctx.action === 'quiz') return showQuizReport(ctx, ctx.state[0] ?? 'last');
    throw new UserError('This button no longer works. Type `/report` instead.');
  },
});
