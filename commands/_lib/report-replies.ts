/** The replies of /report: the live-quiz report, the class (term) report and one student's view, each private, with pictures, CSV files and JSON data. */
import type { Reply, ReplyFile } from '../../src/chat/types.ts';
import { escapeMarkdown } from '../../src/chat/escape-markdown.ts';
import { renderQuizResultsChart, renderShareHeatmap } from '../../src/render/report-charts.ts';
import type { ClassReport } from '../../src/tutor/reports/class-report.ts';
import type { QuizReport } from '../../src/tutor/reports/quiz-report.ts';
import type { StudentReport } from '../../src/tutor/reports/student-report.ts';
import { classReportCsv, quizReportCsv, type CsvFile } from '../../src/tutor/reports/report-csv.ts';
import { CHOICE_LETTERS } from './quiz-choices.ts';

const pct = (share: number) => `${Math.round(share * 100)}%`;
const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const toFiles = (csv: CsvFile[]): ReplyFile[] => csv.map((f) => ({ name: f.name, contentType: 'text/csv', data: Buffer.from(f.text, 'utf8') }));

/** Said wherever a lecturer sees names: opting out of leaderboards does not hide anyone from the lecturer's reports. */
export const OPT_OUT_NOTE = 'Students who left the leaderboards (`/leaderboard hide-me:true`) are still listed in lecturers\' reports.';

/** The live-quiz report; names (who got fewer than half right, the per-student CSV) only for lecturers. */
export async function quizReportReply(report: QuizReport, isLecturer: boolean): Promise<Reply> {
  const asked = report.questions.length;
  const lines = report.questions.map((q) => {
    const right = q.shareCorrect === null ? 'no answers' : `${pct(q.shareCorrect)} right (${q.correct}/${q.answered})`;
    const wrong = q.mostChosenWrong ? ` · most chosen wrong: ${CHOICE_LETTERS[q.mostChosenWrong.index]}. ${escapeMarkdown(short(q.mostChosenWrong.text, 50))} (${q.mostChosenWrong.count})` : '';
    return `- **Q${q.number}** ${right}${wrong} · median ${seconds(q.medianAnswerMs)}`;
  });
  const hardest = report.hardest.map((q) =>
    `**Q${q.number}. ${escapeMarkdown(short(q.prompt, 160))}** — ${pct(q.shareCorrect!)} right\nAnswer: **${escapeMarkdown(q.choices[q.correctIndex]!)}**. ${escapeMarkdown(q.explanation)}`);
  const players = report.players.length;
  const struggling = isLecturer
    ? [`**Fewer than half right** (${report.struggling.length} of ${players})`, report.struggling.length
      ? report.struggling.map((p) => `- ${escapeMarkdown(p.displayName)} — ${p.correct}/${asked}`).join('\n')
      : '_Nobody: everyone who played got at least half right._', `_${OPT_OUT_NOTE}_`]
    : [];
  const chart = await renderQuizResultsChart(`Live quiz ${report.sessionId}: right vs most common wrong answer`, report.questions.map((q) => ({
    label: `Q${q.number}`, shareCorrect: q.shareCorrect, shareTopWrong: q.answered && q.mostChosenWrong ? q.mostChosenWrong.count / q.answered : 0,
  })));
  const answeredPerQuestion = report.questions.map((q) => q.answered);
  return {
    text: [
      `📊 **Live quiz report** · ${asked} question${asked === 1 ? '' : 's'} · ${players} player${players === 1 ? '' : 's'} · median answer time ${seconds(report.medianAnswerMs)}`,
      `Participation: ${answeredPerQuestion.join(' / ')} answers per question.`,
      ...lines, '', `**Hardest question${report.hardest.length === 1 ? '' : 's'}** — worth going over:`, ...(hardest.length ? hardest : ['_No answers yet._']),
      ...(struggling.length ? ['', ...struggling] : []),
    ].join('\n'),
    images: [chart],
    files: toFiles(quizReportCsv(report, { withNames: isLecturer })),
    ephemeral: true,
    data: { report: isLecturer ? report : { ...report, players: [], struggling: [] } },
  };
}

/** The class report (lecturers): mastery heatmap, most-missed questions, revising students per week, lesson uptake, CSV exports. */
export async function classReportReply(report: ClassReport): Promise<Reply> {
  const students = new Set(report.students.map((s) => s.userKey)).size;
  const heatmap = await renderShareHeatmap({
    title: 'Class mastery per section and week',
    subtitle: 'Share of the class\'s quiz cards with FSRS recall chance > 90% at the end of each week (Sunday) and now',
    columns: report.weeks.labels,
    rows: report.sections.map((s) => ({ label: s.title, shares: s.share })),
    footer: { label: 'Students revising', values: report.revisingPerWeek },
  });
  const last = report.weeks.weeks.length - 1;
  const mastery = report.sections.map((s) => {
    const now = s.share[last];
    const before = last > 0 ? s.share[last - 1] : null;
    const trend = now === null || now === undefined || before === null || before === undefined ? '' : now > before ? ' ↑' : now < before ? ' ↓' : ' →';
    return `- ${escapeMarkdown(s.title)}: ${now === null || now === undefined ? 'no cards yet' : `${pct(now)} of ${s.cards[last]} cards${trend}`}`;
  });
  const missed = report.mostMissed.map((q, i) => `${i + 1}. ${escapeMarkdown(short(q.prompt))} (\`${q.questionId}\`) — ${q.wrong} wrong of ${q.answers} (${pct(q.shareWrong)})`);
  const uptake = report.lessons.map((l) => `- ${escapeMarkdown(l.title)}${l.kind === 'exercise' ? ' (exercise)' : ''}: ${l.started} started, ${l.finished} finished`);
  return {
    text: [
      `📊 **Class report** · ${students} student${students === 1 ? '' : 's'} · ${report.weeks.weeks.length} week${report.weeks.weeks.length === 1 ? '' : 's'}`,
      '**Mastery now** (cards with recall chance > 90%; arrow = change since last week):', ...mastery,
      `**Students revising per week** (weeks ending ${report.weeks.labels.join(', ')}): ${report.revisingPerWeek.join(', ')}`,
      '**Ten most-missed questions**', ...(missed.length ? missed : ['_No wrong answers yet._']),
      '**Lessons and exercises** (started → finished)', ...uptake,
      `_CSV: one row per student and section, one per question. ${OPT_OUT_NOTE}_`,
    ].join('\n'),
    images: [heatmap],
    files: toFiles(classReportCsv(report)),
    ephemeral: true,
    data: { report },
  };
}

/** One student's view: per section, streak, cards due and the weakest topics with a `/quiz topic:` to revise them. */
export function studentReportReply(report: StudentReport, options: { isSelf: boolean }): Reply {
  const who = options.isSelf ? 'Your progress' : `Progress of ${escapeMarkdown(report.displayName)}`;
  const sections = report.sections.map((s) => {
    const answers = s.answers ? `${s.correct}/${s.answers} answers right` : 'no answers yet';
    const cards = s.cards ? ` · ${s.mastered}/${s.cards} cards remembered well · ${s.due} due` : '';
    const lessons = ` · lessons ${s.lessonsFinished}/${s.lessonCount} finished`;
    return `- **${escapeMarkdown(s.title)}**: ${answers}${cards}${lessons}`;
  });
  const weakest = report.weakest.map((s) => `- ${escapeMarkdown(s.title)} — revise with \`/quiz topic:${s.topic}\``);
  return {
    text: [
      `📈 **${who}** · streak ${report.streakDays} day${report.streakDays === 1 ? '' : 's'} · ${report.cardsDue} card${report.cardsDue === 1 ? '' : 's'} due now`,
      ...sections,
      '**Weakest topics**', ...(weakest.length ? weakest : ['_Nothing to go on yet: start with `/quiz` or `/lesson`._']),
    ].join('\n'),
    ephemeral: true,
    data: { report },
  };
}
