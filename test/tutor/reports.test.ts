/** /report through the real router on a temp store: class counts checked against an independent recount, the live-quiz report, privacy, and the CSV read back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { Caller, CommandDef, Reply } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { currentChoices, getLiveSession } from '../../src/tutor/live-quiz.ts';
import { scheduler } from '../../src/tutor/scheduler.ts';
import type { ClassReport } from '../../src/tutor/reports/class-report.ts';
import type { QuizReport } from '../../src/tutor/reports/quiz-report.ts';
import { CLASS_QUESTION_COLUMNS, CLASS_STUDENT_COLUMNS, neutraliseFormula } from '../../src/tutor/reports/report-csv.ts';
import quizCommand from '../../commands/quiz.ts';
import reportCommand from '../../commands/report.ts';
import helpCommand from '../../commands/help.ts';
import leaderboardCommand from '../../commands/leaderboard.ts';
import { FakeResponder } from '../chat/fake-responder.ts';
import { seedTerm, seededName } from '../../bench/report-seed.ts';
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from '../../src/store/kysely/schema.ts';
import { kyselyOf } from '../store/under-test.ts';
import { cleanupTempDirs, tempDir } from './helpers.ts';

const commands: CommandDef[] = [quizCommand, reportCommand, helpCommand, leaderboardCommand];
const DAY_MS = 86_400_000;
const NOW = Date.now();

function caller(userId: string, isLecturer = false, channelId = 'hall'): Caller {
  return { platform: 'test', userId, displayName: userId === 's7' ? seededName(7) : userId, channelId, spaceId: 'uni', isLecturer };
}

async function command(options: Record<string, unknown>, who: Caller, name = 'report'): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchCommand({ command: name, options, caller: who, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder;
}

async function click(id: string, who: Caller): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchComponent({ id, caller: who, responder, commands });
  return responder;
}

const replies = (r: FakeResponder): Reply[] => r.calls.flatMap((c) => ('reply' in c ? [c.reply] : []));

let db: Kysely<StoreDatabase>;

beforeAll(async () => {
  const dataDir = tempDir();
  // the term is seeded straight into the tables (bench/report-seed.ts) of the store under test (SQLite, or Postgres in the suite's Postgres run)
  const store = getStore({ dataDir });
  await store.ready();
  db = kyselyOf(store);
  configureJobs({ mode: 'inline' });
  await seedTerm(db, getContent(), { students: 24, questions: 30, answersPerCard: 8, nowMs: NOW, termWeeks: 6, seed: 11 });
});
afterAll(() => { closeStore(); cleanupTempDirs(); });

/** Recount from the raw tables, walking every card's reviews in JavaScript and asking ts-fsrs for retrievability. */
async function recount(weeks: ClassReport['weeks']) {
  const columns = weeks.readAtMs.length;
  const content = getContent();
  const sectionOfLesson = new Map(content.lessons.map((l) => [l.id, l.section]));
  const lessonOfQuestion = new Map(content.questions.map((q) => [q.id, q.lesson]));
  const logs = await db.selectFrom('review_logs').select(['user_key', 'question_id', 'review', 'stability']).orderBy('id').execute();
  const cards = await db.selectFrom('fsrs_cards').select(['user_key', 'question_id', 'stability', 'last_review']).execute();
  const byCard = new Map<string, typeof logs>();
  for (const l of logs) {
    const key = `${l.user_key}|${l.question_id}`;
    byCard.set(key, [...(byCard.get(key) ?? []), l]);
  }
  const mastered = new Map<string, number[]>();
  const existing = new Map<string, number[]>();
  for (const card of cards) {
    const history = byCard.get(`${card.user_key}|${card.question_id}`)!;
    const section = sectionOfLesson.get(lessonOfQuestion.get(card.question_id)!)!;
    const m = mastered.get(section) ?? new Array(columns).fill(0);
    const e = existing.get(section) ?? new Array(columns).fill(0);
    for (let k = 0; k < columns; k++) {
      const end = weeks.readAtMs[k]!;
      const i = history.findLastIndex((h) => h.review <= end);
      if (i < 0) continue;
      e[k] += 1;
      const stabilityAfter = i + 1 < history.length ? history[i + 1]!.stability : card.stability;
      if (scheduler.forgetting_curve((end - history[i]!.review) / DAY_MS, stabilityAfter) > 0.9) m[k] += 1;
    }
    mastered.set(section, m);
    existing.set(section, e);
  }
  // calendar weeks: Monday 00:00 UTC to the next Monday (1970-01-05 was a Monday)
  const mondayOf = (ms: number) => { const d = new Date(ms); const day = (d.getUTCDay() + 6) % 7; return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - day * DAY_MS; };
  const revising = weeks.readAtMs.map((at, k) => {
    const from = k === columns - 1 ? mondayOf(at) : at - 7 * DAY_MS;
    return new Set(logs.filter((l) => l.review >= from && l.review < at + (k === columns - 1 ? 1 : 0)).map((l) => l.user_key)).size;
  });
  return { mastered, existing, revising };
}

describe('/report class on seeded data', () => {
  it('lecturer: mastery per section and week, revising students, most-missed and lesson uptake match an independent recount', async () => {
    const r = await command({ view: 'class' }, caller('prof', true));
    const reply = r.final!;
    expect(reply.ephemeral).toBe(true);
    const report = (reply.data as { report: ClassReport }).report;
    // the seed spans 6 weeks back from now: 7 calendar weeks (or 6 when now is a Monday morning)
    expect(report.weeks.readAtMs.length).toBeGreaterThanOrEqual(6);
    expect(report.weeks.readAtMs.at(-1)).toBe(report.generatedAtMs);
    for (const at of report.weeks.readAtMs.slice(0, -1)) expect(new Date(at).getUTCDay()).toBe(1); // a week ends on Monday 00:00
    const expected = await recount(report.weeks);
    for (const section of report.sections) {
      const none = new Array(report.weeks.readAtMs.length).fill(0);
      expect(section.cards, section.sectionId).toEqual(expected.existing.get(section.sectionId) ?? none);
      expect(section.mastered, section.sectionId).toEqual(expected.mastered.get(section.sectionId) ?? none);
    }
    expect(report.sections.some((s) => s.mastered.some((m) => m > 0))).toBe(true);
    expect(report.revisingPerWeek).toEqual(expected.revising);

    const wrongByQuestion = (await sql<{ id: string; n: number; wrong: number }>`SELECT question_id AS id, COUNT(*) AS n, SUM(1 - is_correct) AS wrong FROM answers GROUP BY question_id`.execute(db)).rows;
    const topWrong = wrongByQuestion.map((q) => q.wrong).sort((a, b) => b - a).slice(0, 10);
    expect(report.mostMissed.map((q) => q.wrong)).toEqual(topWrong);
    for (const q of report.mostMissed) expect(wrongByQuestion.find((w) => w.id === q.questionId)).toMatchObject({ n: q.answers, wrong: q.wrong });

    const progress = (await sql<{ lesson_id: string; started: number; finished: number }>`SELECT lesson_id, COUNT(*) AS started, SUM(completed) AS finished FROM lesson_progress GROUP BY lesson_id`.execute(db)).rows;
    for (const l of report.lessons) {
      const row = progress.find((p) => p.lesson_id === l.lessonId);
      expect([l.started, l.finished], l.lessonId).toEqual([row?.started ?? 0, row?.finished ?? 0]);
    }
    expect(new Set(report.students.map((s) => s.userKey)).size).toBe(24);
    expect(reply.images?.[0]?.name).toBe('mastery-heatmap.png');
    expect(reply.text).toContain('Ten most-missed questions');
  });

  it('reviews and answers stored after a report (through the store) are in the next one, which still matches the recount', async () => {
    const cards = await db.selectFrom('fsrs_cards').select(['user_key', 'question_id', 'stability', 'last_review']).orderBy('user_key').orderBy('question_id').limit(40).execute();
    const at = NOW - 3_600_000;
    const store = getStore();
    for (const [i, card] of cards.entries()) {
      if (card.last_review! >= at) continue;
      const after = i % 2 ? card.stability * 2 + 1 : 0.3;
      await store.transaction(async () => {
        const saved = (await store.cards.get(card.user_key, card.question_id))!;
        await store.cards.save({ ...saved, stability: after, lastReview: at, due: Math.round(at + after * DAY_MS) });
        await store.cards.addLog({ userKey: card.user_key, questionId: card.question_id, rating: 3, state: 2, due: at, stability: Number(card.stability), difficulty: 5, scheduledDays: 1, review: at });
      });
    }
    for (let i = 0; i < 30; i++) await store.answers.add({ userKey: 'test:s2', questionId: cards[0]!.question_id, lessonId: 'x', mode: 'solo', isCorrect: false, answeredAt: at });
    const report = ((await command({ view: 'class' }, caller('prof', true))).final!.data as { report: ClassReport }).report;
    const counted = (await sql<{ n: number; wrong: number }>`SELECT COUNT(*) AS n, SUM(1 - is_correct) AS wrong FROM answers WHERE question_id = ${cards[0]!.question_id}`.execute(db)).rows[0]!;
    expect(report.questions.find((q) => q.questionId === cards[0]!.question_id)).toMatchObject({ answers: counted.n, wrong: counted.wrong });
    expect(report.mostMissed[0]).toMatchObject({ questionId: cards[0]!.question_id, wrong: counted.wrong });
    const expected = await recount(report.weeks);
    for (const section of report.sections) {
      const none = new Array(report.weeks.readAtMs.length).fill(0);
      expect(section.mastered, section.sectionId).toEqual(expected.mastered.get(section.sectionId) ?? none);
      expect(section.cards, section.sectionId).toEqual(expected.existing.get(section.sectionId) ?? none);
    }
    expect(report.revisingPerWeek).toEqual(expected.revising);
  });

  it('the CSV files parse back with the right columns, one row per student and section, and spreadsheet formulas neutralised', async () => {
    const reply = (await command({ view: 'class' }, caller('prof', true))).final!;
    const report = (reply.data as { report: ClassReport }).report;
    const [students, questions] = reply.files!;
    expect(students!.contentType).toBe('text/csv');
    const rows = parse(students!.data.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CLASS_STUDENT_COLUMNS]);
    expect(rows).toHaveLength(24 * report.sections.length);
    const names = new Set(rows.map((r) => r.student));
    expect(names).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(names).toContain("'+1-555-0100");
    expect(names).toContain("'@SUM(A1:A9)");
    expect(names).toContain("'-2+3");
    expect([...names].every((n) => !/^[=+\-@]/.test(n))).toBe(true);
    // opted-out students are still in the lecturer's export
    expect(rows.filter((r) => r.leaderboard_opt_out === 'yes').length).toBeGreaterThan(0);
    const ana = rows.find((r) => r.user_key === 'test:s6' && r.section === report.students[0]!.sectionId)!;
    const truth = report.students.find((s) => s.userKey === 'test:s6' && s.sectionId === report.students[0]!.sectionId)!;
    expect(Number(ana.answers)).toBe(truth.answers);
    const qrows = parse(questions!.data.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(qrows[0]!)).toEqual([...CLASS_QUESTION_COLUMNS]);
    expect(qrows).toHaveLength(30);
  });

  it('neutraliseFormula: =, +, -, @, tab and CR at the start get a quote; other text is unchanged', () => {
    expect(['=1+1', '+1', '-1', '@A1', '\tx', '\rx', 'ok', ''].map(neutraliseFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", 'ok', '']);
  });
});

describe('/report privacy', () => {
  it('a student cannot open the class report or another student\'s report, but sees their own', async () => {
    const classTry = (await command({ view: 'class' }, caller('s6'))).final!;
    expect(classTry.error?.kind).toBe('user');
    expect(classTry.text).toContain('Only lecturers');
    expect(classTry.files).toBeUndefined();
    const other = (await command({ view: 'student', user: 's8' }, caller('s6'))).final!;
    expect(other.error?.kind).toBe('user');
    expect(JSON.stringify(other)).not.toContain('Student 008');
    const own = (await command({ view: 'student', user: 's6' }, caller('s6'))).final!;
    expect(own.error).toBeUndefined();
    const me = (await command({}, caller('s6'))).final!;
    expect(me.ephemeral).toBe(true);
    expect(me.text).toContain('Your progress');
    expect(me.text).toMatch(/\/quiz topic:[a-z0-9-]+/);
  });

  it('a lecturer opens one student by name or id, opted-out ones included', async () => {
    const byId = (await command({ view: 'student', user: 's5' }, caller('prof', true))).final!;
    expect(byId.error).toBeUndefined();
    expect(byId.text).toContain('Progress of Student 005'); // s5 opted out of leaderboards
    const byName = (await command({ user: 'student 008' }, caller('prof', true))).final!;
    expect(byName.text).toContain('Progress of Student 008');
    const nobody = (await command({ user: 'Nobody Here' }, caller('prof', true))).final!;
    expect(nobody.error?.kind).toBe('user');
  });

  it('/help report and the leaderboard opt-out message say that lecturers still see opted-out students', async () => {
    const help = (await command({ command: 'report' }, caller('s6'), 'help')).final!;
    expect(help.text).toContain('still appear in lecturers');
    const hide = (await command({ 'hide-me': true }, caller('s6'), 'leaderboard')).final!;
    expect(hide.text).toContain('lecturer still sees');
  });
});

describe('live quiz report', () => {
  it('three students play; the podium button opens a report with the right counts, the hardest question and who got fewer than half right', async () => {
    const prof = caller('prof', true, 'room-q');
    const players = ['ana', 'ben', 'cy'].map((id) => caller(id, false, 'room-q'));
    const started = await command({ mode: 'live', questions: 3, seconds: 60 }, prof, 'quiz');
    const sessionId = replies(started).map((rep) => (rep.data as { liveSession?: string } | undefined)?.liveSession).find(Boolean)!;
    // question k: ana always right; ben right on question 0 only; cy wrong on everything
    for (let k = 0; k < 3; k++) {
      const { shown } = currentChoices(getContent(), await getLiveSession(getStore(), sessionId));
      const wrong = (shown.correctIndex + 1) % shown.choices.length;
      await click(`quiz:la:${sessionId}:${k}:${shown.correctIndex}`, players[0]!);
      await click(`quiz:la:${sessionId}:${k}:${k === 0 ? shown.correctIndex : wrong}`, players[1]!);
      await click(`quiz:la:${sessionId}:${k}:${wrong}`, players[2]!);
      await click(`quiz:lc:${sessionId}:skip`, prof);
      const moved = await click(`quiz:lc:${sessionId}:${k === 2 ? 'end' : 'next'}`, prof);
      if (k === 2) {
        const podium = replies(moved).at(-1)!;
        expect(podium.buttons?.flat().map((b) => b.id)).toContain(`report:quiz:${sessionId}`);
      }
    }
    const opened = await click(`report:quiz:${sessionId}`, prof);
    const reply = opened.final!;
    expect(reply.ephemeral).toBe(true);
    const report = (reply.data as { report: QuizReport }).report;
    expect(report.questions.map((q) => [q.answered, q.correct])).toEqual([[3, 2], [3, 1], [3, 1]]);
    expect(report.questions[1]!.mostChosenWrong?.count).toBe(2);
    expect(report.hardest[0]!.number).toBe(2);
    expect(reply.text).toContain(`Q2. `);
    expect(report.struggling.map((p) => p.displayName).sort()).toEqual(['ben', 'cy']);
    expect(reply.text).toContain('Fewer than half right');
    expect(reply.images?.[0]?.name).toBe('quiz-report.png');
    expect(reply.files?.map((f) => f.name)).toEqual([`quiz-${sessionId}-questions.csv`, `quiz-${sessionId}-students.csv`]);

    // /report quiz:last in that channel gives the same numbers; a student sees no names
    const last = (await command({ quiz: 'last' }, prof)).final!;
    expect(((last.data as { report: QuizReport }).report.questions.map((q) => q.correct))).toEqual([2, 1, 1]);
    const student = (await click(`report:quiz:${sessionId}`, players[2]!)).final!;
    expect(student.text).not.toContain('Fewer than half right');
    expect(JSON.stringify(student.data)).not.toContain('"ben"');
    expect(student.files?.map((f) => f.name)).toEqual([`quiz-${sessionId}-questions.csv`]);
  });
});
