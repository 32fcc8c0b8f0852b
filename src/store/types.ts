/**
 * The persistence contract of the tutor: small repositories over plain records, so SQLite can be
 * replaced by another database without touching src/tutor. Times are epoch milliseconds.
 */

/** A person on one platform; `userKey` = "<platform>:<userId>" is the id used everywhere else. */
export interface UserRecord {
  userKey: string;
  platform: string;
  userId: string;
  displayName: string;
  /** The user asked not to appear on leaderboards. */
  leaderboardOptOut: boolean;
  createdAt: number;
}

/** Where a user is in one lesson; `answers` maps step index → chosen option index. */
export interface LessonProgressRecord {
  userKey: string;
  lessonId: string;
  stepIndex: number;
  completed: boolean;
  answers: Record<number, number>;
  updatedAt: number;
}

/** FSRS memory state of one question for one user (the fields of a ts-fsrs Card, dates in ms). */
export interface CardRecord {
  userKey: string;
  questionId: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  lastReview: number | null;
}

/** One FSRS review as ts-fsrs logged it. */
export interface ReviewLogRecord {
  userKey: string;
  questionId: string;
  rating: number;
  state: number;
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  review: number;
}

export type AnswerMode = 'solo' | 'live' | 'lesson';

/** Every answered question, for statistics and streaks. */
export interface AnswerRecord {
  userKey: string;
  questionId: string;
  lessonId: string;
  mode: AnswerMode;
  isCorrect: boolean;
  answeredAt: number;
}

/** The solo question a user is currently being asked (so a restart or a typed answer finds it). */
export interface PendingQuestionRecord {
  userKey: string;
  questionId: string;
  topic: string | null;
  askedAt: number;
}

export type LiveStatus = 'asking' | 'revealed' | 'paused' | 'ended';

/** A live class quiz in one channel. */
export interface LiveSessionRecord {
  id: string;
  platform: string;
  spaceId: string | null;
  channelId: string;
  lecturerKey: string;
  questionIds: string[];
  secondsPerQuestion: number;
  /** Index into questionIds of the question being asked or last revealed. */
  currentIndex: number;
  status: LiveStatus;
  /** When the current question was posted (shifted forward by pauses). */
  questionStartedAt: number | null;
  /** Time left on the current question when it was paused. */
  pausedRemainingMs: number | null;
  createdAt: number;
  endedAt: number | null;
}

/** One answer in a live quiz; at most one per user and question. */
export interface LiveAnswerRecord {
  sessionId: string;
  questionIndex: number;
  userKey: string;
  displayName: string;
  choice: number;
  isCorrect: boolean;
  elapsedMs: number;
  points: number;
  answeredAt: number;
}

/** Total of one player in a live session. */
export interface LiveTotal {
  userKey: string;
  displayName: string;
  points: number;
  correct: number;
  answered: number;
}

/** Points earned somewhere (live quiz, solo revision), scoped to a place for leaderboards. */
export interface ScoreEventRecord {
  userKey: string;
  displayName: string;
  platform: string;
  spaceId: string | null;
  channelId: string;
  points: number;
  source: 'live' | 'solo';
  createdAt: number;
}

/** Which score events a leaderboard sums. */
export interface LeaderboardQuery {
  platform: string;
  /** Filter by server/workspace… */
  spaceId?: string | null;
  /** …or by channel. */
  channelId?: string;
  /** Only events at or after this time (week / term); undefined = all time. */
  sinceMs?: number;
  limit: number;
}

/** One line of a leaderboard. */
export interface LeaderboardRow {
  userKey: string;
  displayName: string;
  points: number;
}

/** Users and their leaderboard opt-out. */
export interface UserRepository {
  /** Create or refresh (display name) a user; returns the record. */
  upsert(user: { platform: string; userId: string; displayName: string }, nowMs: number): Promise<UserRecord>;
  get(userKey: string): Promise<UserRecord | undefined>;
  setLeaderboardOptOut(userKey: string, optOut: boolean): Promise<void>;
}

/** Lesson progress per user and lesson. */
export interface ProgressRepository {
  get(userKey: string, lessonId: string): Promise<LessonProgressRecord | undefined>;
  list(userKey: string): Promise<LessonProgressRecord[]>;
  save(record: LessonProgressRecord): Promise<void>;
}

/** FSRS cards and review logs. */
export interface CardRepository {
  get(userKey: string, questionId: string): Promise<CardRecord | undefined>;
  list(userKey: string): Promise<CardRecord[]>;
  save(record: CardRecord): Promise<void>;
  addLog(log: ReviewLogRecord): Promise<void>;
  logs(userKey: string, questionId?: string): Promise<ReviewLogRecord[]>;
}

/** Answer history and the pending solo question. */
export interface AnswerRepository {
  add(record: AnswerRecord): Promise<void>;
  list(userKey: string): Promise<AnswerRecord[]>;
  getPending(userKey: string): Promise<PendingQuestionRecord | undefined>;
  setPending(record: PendingQuestionRecord): Promise<void>;
  clearPending(userKey: string): Promise<void>;
  /** Clears the pending question if it is `questionId`; returns whether it was (false: already answered, e.g. by a racing click). */
  takePending(userKey: string, questionId: string): Promise<boolean>;
}

/** Live quiz sessions, answers and totals. */
export interface LiveQuizRepository {
  create(session: LiveSessionRecord): Promise<void>;
  get(id: string): Promise<LiveSessionRecord | undefined>;
  /** The session in this channel that has not ended, if any. */
  activeIn(platform: string, channelId: string): Promise<LiveSessionRecord | undefined>;
  /** Every session that has not ended (to resume timers after a restart). */
  listActive(): Promise<LiveSessionRecord[]>;
  update(session: LiveSessionRecord): Promise<void>;
  /**
   * Writes the session only if it is still at `expected` (status among `statuses`, same question);
   * returns the stored row, or undefined when another instance changed it first. Exactly one of
   * several instances racing to reveal the same question wins.
   */
  updateIf(session: LiveSessionRecord, expected: { statuses: LiveStatus[]; currentIndex: number }): Promise<LiveSessionRecord | undefined>;
  /** Stores the answer unless this user already answered this question; returns whether it was stored. */
  addAnswer(answer: LiveAnswerRecord): Promise<boolean>;
  answers(sessionId: string, questionIndex: number): Promise<LiveAnswerRecord[]>;
  totals(sessionId: string): Promise<LiveTotal[]>;
}

/** Points and leaderboards. */
export interface ScoreRepository {
  add(event: ScoreEventRecord): Promise<void>;
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardRow[]>;
}

/** One stored training spec; `id` is stable, so a button can refer to it across restarts. */
export interface RecentSpecRecord {
  id: number;
  userKey: string;
  spec: unknown;
  createdAt: number;
}

/** Recent training specs per user. */
export interface RecentSpecRepository {
  /** Stores the spec as the user's newest (older ones beyond the kept count are pruned); returns its id. */
  add(userKey: string, spec: unknown, nowMs: number): Promise<number>;
  /** The spec stored under this id, or undefined when there is none (never stored, or pruned). */
  get(id: number): Promise<RecentSpecRecord | undefined>;
  /** Newest first. */
  recent(userKey: string, limit: number): Promise<{ spec: unknown; createdAt: number }[]>;
}

/** A dataset a user uploaded or drew and saved under a name (`data` is the engine's UserData as JSON). */
export interface SavedDatasetRecord {
  ownerKey: string;
  name: string;
  data: unknown;
  points: number;
  /** Bytes of the stored JSON (what counts against the per-user byte limit). */
  sizeBytes: number;
  createdAt: number;
  /** The class it is shared with ("<platform>:<space or channel>"), or null when private. */
  sharedScope: string | null;
  sharedAt: number | null;
}

/** A saved dataset without its points (lists). */
export type SavedDatasetSummary = Omit<SavedDatasetRecord, 'data'>;

/** Why a save was refused: the owner would pass the per-user count or byte limit. */
export type SaveDatasetOutcome = { isSaved: true } | { isSaved: false; reason: 'count' | 'bytes'; usage: { count: number; bytes: number } };

/** Datasets users saved (and lecturers shared), and each user's last uploaded or drawn data. All methods return Promises. */
export interface SavedDatasetRepository {
  /**
   * Saves (or replaces, keeping its sharing) the owner's dataset under `name` unless that would
   * take the owner past `limits` (count of sets, total bytes); checked and written atomically.
   */
  save(record: Omit<SavedDatasetRecord, 'sharedScope' | 'sharedAt'>, limits: { maxCount: number; maxBytes: number }): Promise<SaveDatasetOutcome>;
  get(ownerKey: string, name: string): Promise<SavedDatasetRecord | undefined>;
  /** The owner's sets, by name. */
  list(ownerKey: string): Promise<SavedDatasetSummary[]>;
  /** Deletes the owner's set (and so its sharing); returns whether there was one. */
  delete(ownerKey: string, name: string): Promise<boolean>;
  /** Shares the owner's set with a class; 'taken' when another owner shared a set of that name there. */
  share(ownerKey: string, name: string, scope: string, nowMs: number): Promise<'shared' | 'missing' | 'taken'>;
  getShared(scope: string, name: string): Promise<SavedDatasetRecord | undefined>;
  /** Sets shared with a class, by name. */
  listShared(scope: string): Promise<SavedDatasetSummary[]>;
  /** Every shared set's class and name (autocomplete), at most `limit`. */
  listSharedNames(limit: number): Promise<{ scope: string; name: string }[]>;
  /** Remembers the data a user uploaded or drew last (what `/dataset save` saves). */
  setLast(ownerKey: string, data: unknown, points: number, nowMs: number): Promise<void>;
  getLast(ownerKey: string): Promise<{ data: unknown; points: number; sizeBytes: number; createdAt: number } | undefined>;
}

/** Everything the tutor persists. */
/** A question built from one finished demo run, offered to the user who ran it (see src/tutor/run-questions). */
export interface RunQuestionRecord {
  /** Random id carried by the answer buttons. */
  id: string;
  /** Who ran the demo: only they may answer. */
  userKey: string;
  demo: string;
  /** The question as shown, with its answer index (never sent to the client as such). */
  question: unknown;
  createdAt: number;
  answeredAt: number | null;
}

/** Questions from users' own demo runs: the latest few per user are kept. */
export interface RunQuestionRepository {
  /** Stores a question (and drops that user's oldest beyond the kept count). */
  add(record: Omit<RunQuestionRecord, 'answeredAt'>): Promise<void>;
  get(id: string): Promise<RunQuestionRecord | undefined>;
  /** Marks it answered; false when it already was (of two racing clicks, one wins). */
  markAnswered(id: string, nowMs: number): Promise<boolean>;
}

export interface Store {
  /** Queries (and derived summary tables) for lecturer and student reports (Promise-returning). */
  reports: import('./report-types.ts').ReportRepository;
  users: UserRepository;
  progress: ProgressRepository;
  cards: CardRepository;
  answers: AnswerRepository;
  live: LiveQuizRepository;
  scores: ScoreRepository;
  specs: RecentSpecRepository;
  datasets: SavedDatasetRepository;
  runQuestions: RunQuestionRepository;
  /**
   * Runs fn atomically: every repository call made inside fn (through this store) uses the
   * transaction; a nested call joins the outer transaction. Rolled back when fn throws.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Which database is behind the repositories. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Resolves once the database is open and migrated; rejects with the reason it is not (repositories reject the same way). */
  ready(): Promise<void>;
  /** Closes the connection(s); later calls fail. */
  close(): Promise<void>;
}
