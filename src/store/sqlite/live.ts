/** SQLite repository of live class quizzes: sessions, answers (one per user and question) and totals. */
import type Database from 'better-sqlite3';
import type { LiveAnswerRecord, LiveQuizRepository, LiveSessionRecord, LiveStatus, LiveTotal } from '../types.ts';

interface SessionRow {
  id: string; platform: string; space_id: string | null; channel_id: string; lecturer_key: string; question_ids_json: string;
  seconds_per_question: number; current_index: number; status: string; question_started_at: number | null;
  paused_remaining_ms: number | null; created_at: number; ended_at: number | null;
}
interface AnswerRow {
  session_id: string; question_index: number; user_key: string; display_name: string; choice: number;
  is_correct: number; elapsed_ms: number; points: number; answered_at: number;
}

const toSession = (r: SessionRow): LiveSessionRecord => ({
  id: r.id, platform: r.platform, spaceId: r.space_id, channelId: r.channel_id, lecturerKey: r.lecturer_key,
  questionIds: JSON.parse(r.question_ids_json) as string[], secondsPerQuestion: r.seconds_per_question,
  currentIndex: r.current_index, status: r.status as LiveStatus, questionStartedAt: r.question_started_at,
  pausedRemainingMs: r.paused_remaining_ms, createdAt: r.created_at, endedAt: r.ended_at,
});
const toAnswer = (r: AnswerRow): LiveAnswerRecord => ({
  sessionId: r.session_id, questionIndex: r.question_index, userKey: r.user_key, displayName: r.display_name,
  choice: r.choice, isCorrect: r.is_correct === 1, elapsedMs: r.elapsed_ms, points: r.points, answeredAt: r.answered_at,
});
const toParams = (s: LiveSessionRecord) => ({ ...s, questionIds: JSON.stringify(s.questionIds) });

/** Live sessions and answers; the (session, question, user) primary key makes a second answer a no-op. */
export function createLiveQuizRepository(db: Database.Database): LiveQuizRepository {
  const insert = db.prepare(`INSERT INTO live_sessions (id, platform, space_id, channel_id, lecturer_key, question_ids_json,
      seconds_per_question, current_index, status, question_started_at, paused_remaining_ms, created_at, ended_at)
    VALUES (@id, @platform, @spaceId, @channelId, @lecturerKey, @questionIds, @secondsPerQuestion, @currentIndex, @status,
      @questionStartedAt, @pausedRemainingMs, @createdAt, @endedAt)`);
  const update = db.prepare(`UPDATE live_sessions SET current_index = @currentIndex, status = @status,
      question_started_at = @questionStartedAt, paused_remaining_ms = @pausedRemainingMs, ended_at = @endedAt WHERE id = @id`);
  const get = db.prepare('SELECT * FROM live_sessions WHERE id = ?');
  const active = db.prepare(`SELECT * FROM live_sessions WHERE platform = ? AND channel_id = ? AND status != 'ended' ORDER BY created_at DESC LIMIT 1`);
  const listActive = db.prepare(`SELECT * FROM live_sessions WHERE status != 'ended' ORDER BY created_at`);
  const addAnswer = db.prepare(`INSERT OR IGNORE INTO live_answers (session_id, question_index, user_key, display_name, choice,
      is_correct, elapsed_ms, points, answered_at)
    VALUES (@sessionId, @questionIndex, @userKey, @displayName, @choice, @isCorrect, @elapsedMs, @points, @answeredAt)`);
  const answers = db.prepare('SELECT * FROM live_answers WHERE session_id = ? AND question_index = ? ORDER BY answered_at, user_key');
  const totals = db.prepare(`SELECT user_key, MAX(display_name) AS display_name, SUM(points) AS points,
      SUM(is_correct) AS correct, COUNT(*) AS answered
    FROM live_answers WHERE session_id = ? GROUP BY user_key ORDER BY points DESC, MIN(answered_at) ASC`);
  return {
    create(session) { insert.run(toParams(session)); },
    get(id) {
      const row = get.get(id) as SessionRow | undefined;
      return row && toSession(row);
    },
    activeIn(platform, channelId) {
      const row = active.get(platform, channelId) as SessionRow | undefined;
      return row && toSession(row);
    },
    listActive() { return (listActive.all() as SessionRow[]).map(toSession); },
    update(session) { update.run(toParams(session)); },
    addAnswer(answer) {
      return addAnswer.run({ ...answer, isCorrect: answer.isCorrect ? 1 : 0 }).changes === 1;
    },
    answers(sessionId, questionIndex) {
      return (answers.all(sessionId, questionIndex) as AnswerRow[]).map(toAnswer);
    },
    totals(sessionId) {
      return (totals.all(sessionId) as { user_key: string; display_name: string; points: number; correct: number; answered: number }[])
        .map((r): LiveTotal => ({ userKey: r.user_key, displayName: r.display_name, points: r.points, correct: r.correct, answered: r.answered }));
    },
  };
}
