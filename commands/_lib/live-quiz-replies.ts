/** The messages of a live class quiz: the question with its countdown, the reveal, the podium, and the lecturer's buttons. */
import type { Reply, ReplyButton, ReplyCountdown, ReplyImage } from '../../src/chat/types.ts';
import type { LiveSessionRecord, LiveTotal } from '../../src/store/types.ts';
import type { BankQuestion } from '../../src/tutor/content/schema.ts';
import { questionDeadline, type LiveReveal } from '../../src/tutor/live-quiz.ts';
import { answerButtons, CHOICE_LETTERS, choiceLines } from './quiz-choices.ts';
import { escapeMarkdown } from '../../src/chat/escape-markdown.ts';

/** The lecturer's control row (`quiz:lc:<session>:<action>`): pause/reveal/end while asking, resume while paused, next or podium once revealed. */
export function lecturerButtons(session: LiveSessionRecord, phase: 'asking' | 'paused' | 'revealed', isLast: boolean): ReplyButton[] {
  const id = (action: string) => `quiz:lc:${session.id}:${action}`;
  if (phase === 'asking') return [{ id: id('pause'), label: '⏸ Pause', style: 'secondary' }, { id: id('skip'), label: '⏭ Reveal now', style: 'secondary' }, { id: id('end'), label: '⏹ End', style: 'danger' }];
  if (phase === 'paused') return [{ id: id('resume'), label: '▶ Resume', style: 'primary' }, { id: id('skip'), label: '⏭ Reveal now', style: 'secondary' }, { id: id('end'), label: '⏹ End', style: 'danger' }];
  return [{ id: id(isLast ? 'end' : 'next'), label: isLast ? '🏆 Podium' : 'Next question ▶', style: 'primary' }, ...(isLast ? [] : [{ id: id('end'), label: '⏹ End', style: 'danger' as const }])];
}

/** The clock of the open (or just closed) live question, shared by every message about it. */
function questionClockId(session: LiveSessionRecord): string {
  return `quiz:${session.id}:${session.currentIndex}`;
}

/**
 * The countdown shown with a live question, from the session's real deadline (the clock that
 * startQuestionClock started when the question appeared, shifted by any pause): running while
 * answers are open, frozen with the time left while paused, closed once revealed.
 */
export function liveQuestionCountdown(session: LiveSessionRecord, nowMs: number): ReplyCountdown {
  const totalMs = session.secondsPerQuestion * 1000;
  const common = { totalMs, label: 'Answers close', clockId: questionClockId(session) };
  const deadline = questionDeadline(session);
  if (deadline !== undefined) return { ...common, endsAtMs: deadline, status: 'running' };
  if (session.status === 'paused' && session.pausedRemainingMs !== null) {
    return { ...common, endsAtMs: nowMs + session.pausedRemainingMs, status: 'paused', pausedRemainingMs: session.pausedRemainingMs };
  }
  return { ...common, endsAtMs: nowMs, status: 'closed' };
}

function standings(totals: LiveTotal[], limit: number): string {
  if (totals.length === 0) return '_No answers yet._';
  return totals.slice(0, limit).map((t, i) => `${i + 1}. **${escapeMarkdown(t.displayName)}** — ${t.points} pts (${t.correct}/${t.answered} right)`).join('\n');
}

/** The open question for the class: prompt, lettered answer buttons (`quiz:la:<session>:<index>:<choice>`), lecturer controls and the running countdown. */
export function liveQuestionReply(session: LiveSessionRecord, question: BankQuestion, shownChoices: readonly string[], images: ReplyImage[], nowMs: number): Reply {
  return {
    text: `🎓 **Live quiz** · question ${session.currentIndex + 1}/${session.questionIds.length} · ${session.secondsPerQuestion} s to answer\n\n${question.prompt}\n\n${choiceLines(shownChoices)}\n\n*One answer each; faster right answers score more (500–1000).*`,
    images,
    buttons: [
      ...answerButtons(shownChoices, (i) => `quiz:la:${session.id}:${session.currentIndex}:${i}`),
      lecturerButtons(session, 'asking', false),
    ],
    data: { liveSession: session.id, questionIndex: session.currentIndex, questionId: question.id },
    countdown: liveQuestionCountdown(session, nowMs),
  };
}

/** "Time's up": how many picked each choice, the right answer and why, the top five; no buttons when the quiz is ending. */
export function revealReply(reveal: LiveReveal, options: { isEnding?: boolean } = {}): Reply {
  const total = reveal.answers.length;
  const bars = reveal.choices.map((c, i) => {
    const n = reveal.distribution[i];
    const bar = '█'.repeat(total ? Math.round((10 * n) / total) : 0);
    // the right row says so in words too: an emoji alone can be missing from a projector's fonts
    return i === reveal.correctIndex ? `✅ **${CHOICE_LETTERS[i]}. ${c} — ${n}** ${bar} ← right answer` : `▫️ **${CHOICE_LETTERS[i]}.** ${c} — ${n} ${bar}`;
  });
  return {
    text: `⏰ **Time's up!** Question ${reveal.questionNumber}/${reveal.questionCount}: ${total} answer${total === 1 ? '' : 's'}\n\n${bars.join('\n')}\n\n**Answer:** ${reveal.choices[reveal.correctIndex]}\n${reveal.question.explanation}\n\n**Leaderboard**\n${standings(reveal.totals, 5)}`,
    buttons: options.isEnding ? undefined : [lecturerButtons(reveal.session, 'revealed', reveal.isLast)],
    data: { liveSession: reveal.session.id, distribution: reveal.distribution, correctIndex: reveal.correctIndex, totals: reveal.totals },
    // stops the question's clock on clients that update earlier messages (an early reveal or end)
    countdown: liveQuestionCountdown(reveal.session, Date.now()),
  };
}

/** The final podium: medals for the top three, places 4–10 listed below; with a session id, a button opening its report (`report:quiz:<session>`). */
export function podiumReply(totals: LiveTotal[], sessionId?: string): Reply {
  const medals = ['🥇', '🥈', '🥉'];
  const podium = totals.slice(0, 3).map((t, i) => `${medals[i]} **${escapeMarkdown(t.displayName)}** — ${t.points} pts`).join('\n') || '_Nobody answered._';
  const rest = totals.length > 3 ? `\n\n${standings(totals, 10).split('\n').slice(3).join('\n')}` : '';
  return {
    text: `🏆 **Live quiz over!**\n\n${podium}${rest}\n\nRevise these topics any time with \`/quiz\`; see \`/leaderboard\`.`,
    buttons: sessionId ? [[{ id: `report:quiz:${sessionId}`, label: '📊 Quiz report', style: 'secondary' }]] : undefined,
    data: { totals },
  };
}
