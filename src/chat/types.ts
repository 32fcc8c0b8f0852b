/**
 * The platform-neutral chat contract. Commands (commands/*.ts) are written against these types
 * only; adapters (src/platforms/*) turn platform events into `dispatchCommand` / `dispatchComponent`
 * calls and implement a `Responder` that turns Replies into platform messages.
 */

/** Where a call came from. */
export type PlatformName = 'local' | 'cli' | 'discord' | 'slack' | 'test';

/** The person (and place) behind one command call or button click. */
export interface Caller {
  platform: PlatformName;
  userId: string;
  displayName: string;
  /** Channel (Discord/Slack) or room (local web chat); quizzes and leaderboards are scoped to it. */
  channelId: string;
  /** Discord guild / Slack team, when there is one. */
  spaceId?: string;
  /** True when the platform says this caller may run lecturer-only commands. */
  isLecturer: boolean;
}

/**
 * Option value types a command can declare; every platform can express these. 'user' names a
 * person: Discord's user picker (the adapter passes the picked user as a mention, `<@id>`), typed
 * elsewhere as a mention, display name or user id — always text to the command.
 */
export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'attachment' | 'user';

/**
 * A file the caller sent with a command (web chat attach / drag-drop, Discord attachment option,
 * Slack shared file or pasted text, CLI path, JSON API base64). An option of type 'attachment'
 * holds the attachment's `name`; the command finds it in `ctx.attachments`. Adapters check what
 * they can before downloading (size, content type, trusted host) and `read` enforces the limit again.
 */
export interface ChatAttachment {
  /** File name as the sender gave it (untrusted text: escape it when repeating it). */
  name: string;
  /** MIME type as the platform reports it, when it does. */
  contentType?: string;
  /** Size in bytes as the platform reports it (before downloading). */
  sizeBytes: number;
  /** The file's bytes; rejects with a UserError when it is bigger than `maxBytes` or the download fails / times out. */
  read(maxBytes: number, signal?: AbortSignal): Promise<Buffer>;
}

/** One command option. Choices for engine names come from the engine's tables. */
export interface OptionDef {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Used when the option is omitted (also shown in help). */
  default?: string | number | boolean;
  /** Allowed string values (≤ 25 so that every platform can show them as choices). */
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Suggestions for a partially typed value (for free-text options such as `layers`). */
  autocomplete?: (partial: string) => string[];
  /**
   * Checks a value beyond its type (list items, repeats, sums, an open lower bound) when options
   * are parsed, before anything runs; gets it as text (numbers too) and throws a UserError (or the
   * engine's SpecError) saying what is allowed.
   */
  check?: (value: string) => void;
  /** What a free-text option accepts, in words (help and error messages), e.g. "up to 10 sizes from 1 to 64". */
  allowed?: string;
}

/** An image attached to a reply; `alt` is read by screen readers. */
export interface ReplyImage {
  name: string;
  alt: string;
  contentType: 'image/png' | 'image/gif';
  data: Buffer;
}

/** A non-image file attached to a reply (a CSV export): a download link, attachment or upload per platform. */
export interface ReplyFile {
  name: string;
  contentType: 'text/csv' | 'application/json' | 'text/plain';
  data: Buffer;
}

/**
 * A button. `id` routes back to the command that made it: `<command>:<action>[:<state>]`,
 * at most 100 characters (Discord's custom_id limit). A button with `url` opens a link instead.
 */
export interface ReplyButton {
  id: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
  url?: string;
  disabled?: boolean;
}

/** A select menu; its `id` routes like a button's and the chosen value is passed as `values`. */
export interface ReplySelect {
  id: string;
  placeholder: string;
  options: { label: string; value: string; description?: string }[];
}

/**
 * A visible clock on a reply (a live quiz question's answer time). Times are on the server's clock
 * (ms since the Unix epoch, as `Date.now()`). Each adapter shows it as its platform can: the local
 * web chat ticks it down with a draining bar; Discord appends a live relative timestamp
 * `<t:SECONDS:R>`; Slack appends `<!date^SECONDS^{time_secs}|…>`. A reply whose countdown is
 * `closed` shows no clock of its own; it only tells clients that can update older messages that the
 * clock with this `clockId` has stopped.
 */
export interface ReplyCountdown {
  /** When the time runs out. While paused: the deadline as it stood when the clock was stopped. */
  endsAtMs: number;
  /** The whole length of the countdown (e.g. 20 000 for 20 s), so a bar can drain from full. */
  totalMs?: number;
  /** What ends, in a few words ("Answers close"); shown next to the clock. */
  label?: string;
  /** 'running' (the default) counts down; 'paused' shows `pausedRemainingMs` frozen; 'closed' = stopped for good before the end. */
  status?: 'running' | 'paused' | 'closed';
  /** Time left when paused (only with status 'paused'). */
  pausedRemainingMs?: number;
  /**
   * Replies showing the same clock share this id (e.g. one live question's): a client that can
   * update earlier messages shows them all in the state of the newest reply (paused, resumed, closed).
   */
  clockId?: string;
}

/**
 * An interactive panel shown inside a reply by the local web chat (`/dataset draw`'s canvas). The
 * command only sends it to the web chat and says in its text what to do elsewhere.
 */
export interface ReplyWidget {
  kind: 'draw-dataset';
  /** Most points the drawing may hold (the bot's MAX_POINTS). */
  maxPoints: number;
}

/**
 * What a command answers. `text` uses a small Markdown subset every platform shows:
 * **bold**, *italic*, `code`, ``` blocks, "- " lists and [links](url).
 */
export interface Reply {
  text?: string;
  images?: ReplyImage[];
  /** Files to download with the reply (exports); shown privately when the reply is ephemeral. */
  files?: ReplyFile[];
  /** Rows of buttons (each row ≤ 5, ≤ 5 rows). */
  buttons?: ReplyButton[][];
  selects?: ReplySelect[];
  /** Only the caller sees it (errors, personal quiz feedback). */
  ephemeral?: boolean;
  /**
   * Answering a button or menu: show this in place of the message that holds it (a lesson step
   * moving on) rather than posting a copy, where the platform can; elsewhere it is a new message.
   * The local web chat does it for a private reply to a click on the clicker's own private message.
   */
  replacesClickedMessage?: boolean;
  /** Machine-readable result (e.g. the TrainResult summary) for the JSON API and tests. */
  data?: unknown;
  /** A clock counting down to a deadline, shown live where the platform can (see ReplyCountdown). */
  countdown?: ReplyCountdown;
  /** An interactive panel only the local web chat can host (see ReplyWidget); other platforms show the text alone. */
  widget?: ReplyWidget;
  /** A live training view drawn from streamed frames where the platform can (the web chat); others replace the reply's picture. */
  live?: { sessionId: string };
  /**
   * Set by the router when this reply reports a failure: 'user' = the caller's mistake (show only
   * to them; HTTP 400 in the JSON API), 'internal' = our fault (an apology carrying `errorId`).
   * `retryAfterSeconds` is set when the tutor could not serve it right now (busy, shutting down):
   * HTTP 503 with Retry-After in the JSON API.
   */
  error?: { kind: 'user' | 'internal'; message: string; errorId?: string; retryAfterSeconds?: number };
}

/**
 * How an adapter answers one interaction. The first call is `defer` or `reply`; `edit` replaces
 * the first answer (images replace, not pile up); `progress` is throttled by the adapter.
 */
export interface Responder {
  defer(options?: { ephemeral?: boolean }): Promise<void>;
  reply(reply: Reply): Promise<void>;
  edit(reply: Reply): Promise<void>;
  followUp(reply: Reply): Promise<void>;
  /** fraction in [0, 1]; text such as "epoch 120/500 · loss 0.21". */
  progress(fraction: number, text: string): Promise<void>;
}

/** Values of validated options, by option name. */
export type OptionValues = Record<string, string | number | boolean | undefined>;

/** Everything a command's `run` gets. */
export interface CommandContext<O extends OptionValues = OptionValues> {
  caller: Caller;
  options: O;
  /** Aborted when the run is cancelled (shutdown, user cancel, time budget). */
  signal: AbortSignal;
  /** Files sent with this call (empty when none); 'attachment' options name one of them. */
  attachments: ChatAttachment[];
  reply(reply: Reply | string): Promise<void>;
  defer(options?: { ephemeral?: boolean }): Promise<void>;
  edit(reply: Reply | string): Promise<void>;
  followUp(reply: Reply | string): Promise<void>;
  progress(fraction: number, text: string): Promise<void>;
}

/** A button click or select choice, routed back to the command named in its id. */
export interface ComponentContext extends Omit<CommandContext, 'options'> {
  /** The part of the id after `<command>:`, split on ':' → [action, ...state]. */
  action: string;
  state: string[];
  /** Chosen values of a select. */
  values: string[];
}

/** A platform-neutral command; the file name in commands/ is its name. */
export interface CommandDef {
  name: string;
  description: string;
  options: OptionDef[];
  /** Only lecturers may run it (adapters mark it so on the platform and it is checked again at run time). */
  lecturerOnly?: boolean;
  /** Trains or renders: acknowledged with defer first, counted against the per-user job limit. */
  heavy?: boolean;
  /** Button actions of a heavy command that start no job (a live view's controls): not held to the per-user job limit up front. */
  lightActions?: readonly string[];
  /** Examples shown by /help. */
  examples?: string[];
  /**
   * Checks the options together (rules across options, the bot's limits) when they are parsed,
   * before anything is acknowledged or queued; throws a UserError saying what is allowed.
   */
  checkOptions?(options: OptionValues): void;
  run(ctx: CommandContext): Promise<void>;
  /** Handles this command's buttons and selects. */
  onComponent?(ctx: ComponentContext): Promise<void>;
}
