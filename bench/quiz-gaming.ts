/**
 * `npx tsx bench/quiz-gaming.ts`: how well a student who games the quiz does against the bank as
 * shipped (first button always, longest or shortest option always, a random button), 200 solo answers each for
 * several students through the real pick–show–judge path, and where the right answers sit:
 * the bank's own order, the shown position after the seeded shuffle, true/false and numeric buttons.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../src/tutor/content/load.ts';
import { GENERATORS } from '../src/tutor/generators/index.ts';
import { rngOfText, showChoices, soloSeed } from '../src/tutor/quiz-order.ts';
import { answerSoloQuestion, askNextQuestion } from '../src/tutor/solo-quiz.ts';

const content = loadContent(DEFAULT_LESSONS_DIR);
const ANSWERS = 200;
const STUDENTS = 10;

type Strategy = (choices: string[], student: string, turn: number) => number;
const strategies: Record<string, Strategy> = {
  'first button': () => 0,
  'longest option': (choices) => choices.reduce((best, c, i) => (c.length > choices[best].length ? i : best), 0),
  'shortest option': (choices) => choices.reduce((best, c, i) => (c.length < choices[best].length ? i : best), 0),
  'never the longest': (choices, student, turn) => {
    const longest = choices.reduce((best, c, i) => (c.length > choices[best].length ? i : best), 0);
    const others = choices.map((_, i) => i).filter((i) => i !== longest);
    return others[Math.floor(rngOfText(`avoid|${student}|${turn}`).next() * others.length)];
  },
  'random button': (choices, student, turn) => Math.floor(rngOfText(`guess|${student}|${turn}`).next() * choices.length),
};

async function play(strategy: Strategy, student: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiz-gaming-'));
  const store = openSqliteStore({ dataDir });
  const who = { platform: 'bench', userId: student, displayName: student, channelId: 'bench', spaceId: 'bench' };
  let right = 0;
  for (let i = 0; i < ANSWERS; i++) {
    const now = Date.UTC(2026, 1, 23, 10) + i * 30_000;
    const { next } = await askNextQuestion(store, content, who, now);
    if (!next) throw new Error('nothing to ask');
    if ((await answerSoloQuestion(store, content, who, next.question.id, { choice: strategy(next.shown.choices, student, i) }, now)).isCorrect) right++;
  }
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return right / ANSWERS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, strategy] of Object.entries(strategies)) {
  const shares = await Promise.all(Array.from({ length: STUDENTS }, (_, s) => play(strategy, `${name.replace(/ /g, '-')}-${s}`)));
  console.log(`${name.padEnd(15)} median ${(100 * median(shares)).toFixed(1)} %  (min ${(100 * Math.min(...shares)).toFixed(1)}, max ${(100 * Math.max(...shares)).toFixed(1)}) over ${STUDENTS} students × ${ANSWERS} answers`);
}

const letters = ['A', 'B', 'C', 'D', 'E'];
const histogram = (counts: number[]) => counts.slice(0, 4).map((n, i) => `${letters[i]} ${n}`).join(' · ');
const mc = content.questions.filter((q) => q.type === 'single' || q.type === 'chart');
const bankOrder = [0, 0, 0, 0, 0];
const shown = [0, 0, 0, 0, 0];
for (const q of mc) {
  if (q.type !== 'single' && q.type !== 'chart') continue;
  bankOrder[q.answer]++;
  shown[showChoices(q, soloSeed('bench:one-student', q.id, 0)).correctIndex]++;
}
const shownMany = [0, 0, 0, 0, 0];
for (const q of mc) for (let r = 0; r < 100; r++) shownMany[showChoices(q, soloSeed('bench:many', q.id, r)).correctIndex]++;
console.log(`\nmultiple choice (${mc.length}): right answer in the bank's order: ${histogram(bankOrder)}`);
console.log(`  as shown to one student (first presentation): ${histogram(shown)}`);
console.log(`  as shown over 100 presentations each, %: ${shownMany.slice(0, 4).map((n, i) => `${letters[i]} ${(100 * n / (mc.length * 100)).toFixed(1)}`).join(' · ')}`);
const tf = content.questions.filter((q) => q.type === 'truefalse');
console.log(`true/false (${tf.length}): True ${tf.filter((q) => q.type === 'truefalse' && q.answer).length} · False ${tf.filter((q) => q.type === 'truefalse' && !q.answer).length}`);
const num = content.questions.filter((q) => q.type === 'numeric');
const numPos = [0, 0, 0, 0, 0];
for (const q of num) numPos[showChoices(q, 'x').correctIndex]++;
console.log(`numeric (${num.length}, buttons sorted ascending): ${histogram(numPos)}`);
console.log(`generators: ${GENERATORS.length} (${GENERATORS.filter((g) => g.hasPicture).length} with a picture)`);
