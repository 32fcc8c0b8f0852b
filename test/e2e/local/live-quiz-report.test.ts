/**
 * Issue 18 in a real browser: a lecturer runs a live quiz with three students, opens the report from
 * the podium's button and sees the right counts, the hardest question with its explanation, the one
 * student below half, a chart and CSV downloads that only the lecturer can fetch; a student sees no
 * names and cannot open `/report class`.
 */
import type { Locator, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botReplyTo, hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, watchForBotMessage, type ChatInBrowser } from './browser-harness.ts';
import { lettersFor, plain, questionShownIn } from './quiz-on-screen.ts';
import { QUIZ_QUESTION_COLUMNS, QUIZ_STUDENT_COLUMNS } from '../../../src/tutor/reports/report-csv.ts';

const LECTURER_KEY = 'report-hall-key';

describe.skipIf(!hasChromium)('live quiz report in Chromium: a lecturer and three students', () => {
  let chat: ChatInBrowser;
  let prof: Page;
  let students: Page[];

  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir(), lecturerKey: LECTURER_KEY });
    prof = await chat.openUser('Prof', { lecturerKey: LECTURER_KEY });
    students = [await chat.openUser('Ana'), await chat.openUser('Ben'), await chat.openUser('Cy')];
  });
  afterAll(async () => { await chat?.close(); });

  async function seenBy(pages: Page[], text: string | RegExp, action: () => Promise<unknown>): Promise<Locator[]> {
    const waits = await Promise.all(pages.map((page) => watchForBotMessage(page, text)));
    await action();
    return Promise.all(waits.map((wait) => wait()));
  }
  const answer = (page: Page, question: Locator, letter: string) => botReplyTo(page, () => question.getByRole('button', { name: letter, exact: true }).click(), 'locked in');

  it('two questions (2 of 3 right, then 1 of 3): the podium button opens a private report with those counts and Q2 as the hardest', async () => {
    const everyone = [prof, ...students];
    const [ana, ben, cy] = students as [Page, Page, Page];
    const q1 = await seenBy(everyone, 'question 1/2', () => sendLine(prof, '/quiz live questions:2 seconds:90'));
    const letters1 = lettersFor(questionShownIn(await q1[1]!.innerText()), await q1[1]!.innerText());
    await answer(ana, q1[1]!, letters1.right);
    await answer(ben, q1[2]!, letters1.right);
    await answer(cy, q1[3]!, letters1.wrong);
    const [reveal1] = await seenBy([prof], 'Question 1/2', () => q1[0]!.getByRole('button', { name: 'Reveal now' }).click());

    const q2 = await seenBy(everyone, 'question 2/2', () => reveal1!.getByRole('button', { name: 'Next question' }).click());
    const question2 = questionShownIn(await q2[1]!.innerText());
    const letters2 = lettersFor(question2, await q2[1]!.innerText());
    await answer(ana, q2[1]!, letters2.right);
    await answer(ben, q2[2]!, letters2.wrong);
    await answer(cy, q2[3]!, letters2.wrong);
    const [reveal2] = await seenBy([prof], 'Question 2/2', () => q2[0]!.getByRole('button', { name: 'Reveal now' }).click());
    const podiums = await seenBy(everyone, 'Live quiz over!', () => reveal2!.getByRole('button', { name: 'Podium' }).click());

    // ---- the lecturer opens the report from the podium ----
    const report = await botReplyTo(prof, () => podiums[0]!.getByRole('button', { name: 'Quiz report' }).click(), 'Live quiz report');
    const text = plain(await report.innerText());
    expect(text).toContain('only you can see this');
    expect(text).toContain('2 questions · 3 players');
    expect(text).toContain('Participation: 3 / 3 answers per question');
    expect(text).toContain('Q1 67% right (2/3)');
    expect(text).toContain(`Q2 33% right (1/3) · most chosen wrong: ${letters2.wrong}.`);
    expect(text).toMatch(/most chosen wrong: [A-E]\. .* \(2\)/);
    // the hardest question, with its answer and explanation ready to go over
    const hardest = text.slice(text.indexOf('Hardest'));
    expect(hardest).toContain(`Q2. ${plain(question2.prompt).slice(0, 60)}`);
    expect(hardest).toContain(plain(question2.explanation).slice(0, 60));
    expect(text).toContain('Fewer than half right (1 of 3)');
    expect(text).toContain('Cy — 0/2');
    expect(text).not.toContain('Ben — 1/2');
    const chart = report.locator('.gallery img');
    await expect.poll(() => chart.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(400);
    expect(await chart.getAttribute('alt')).toContain('Q2 33% right');
    await report.scrollIntoViewIfNeeded();
    await chat.screenshot(prof, 'report-1-live-quiz-lecturer.png');

    // the CSV downloads: the lecturer gets them, a student with the same link does not
    const links = await report.locator('a.file-link').evaluateAll((nodes) => nodes.map((n) => (n as HTMLAnchorElement).getAttribute('href')!));
    expect(links).toHaveLength(2);
    const fetchText = (page: Page, href: string) => page.evaluate(async (url) => { const r = await fetch(url); return { status: r.status, text: await r.text(), type: r.headers.get('content-type') }; }, href);
    const questionsCsv = await fetchText(prof, links[0]!);
    expect(questionsCsv.type).toContain('text/csv');
    const qrows = parse(questionsCsv.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(qrows[0]!)).toEqual([...QUIZ_QUESTION_COLUMNS]);
    expect(qrows.map((r) => [r.answered, r.correct])).toEqual([['3', '2'], ['3', '1']]);
    const srows = parse((await fetchText(prof, links[1]!)).text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(srows[0]!)).toEqual([...QUIZ_STUDENT_COLUMNS]);
    expect(srows.map((r) => `${r.student}:${r.correct}:${r.fewer_than_half_right}`).sort()).toEqual(['Ana:2:no', 'Ben:1:no', 'Cy:0:yes']);
    expect((await fetchText(cy, links[1]!)).status).toBe(404);
    // nobody else saw the lecturer's report
    for (const page of students) expect(await page.locator('.message').filter({ hasText: 'Fewer than half right' }).count()).toBe(0);

    // ---- a student: the same button shows the class's numbers without names; the class report is refused ----
    const own = await botReplyTo(cy, () => podiums[3]!.getByRole('button', { name: 'Quiz report' }).click(), 'Live quiz report');
    const ownText = plain(await own.innerText());
    expect(ownText).toContain('Q2 33% right (1/3)');
    expect(ownText).not.toContain('Fewer than half right');
    expect(ownText).not.toMatch(/Ana|Ben/);
    expect(await own.locator('a.file-link').count()).toBe(1);
    const refused = await botReplyTo(cy, () => sendLine(cy, '/report class'), 'Only lecturers');
    expect(plain(await refused.innerText())).toContain('only you can see this');
    const other = await botReplyTo(cy, () => sendLine(cy, '/report student user:Ana'), 'Only lecturers');
    expect(plain(await other.innerText())).not.toContain('answers right');
    for (const page of [prof, ...students]) expect(scriptErrors(page)).toEqual([]);
  });
});
