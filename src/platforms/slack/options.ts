/**
 * Settings of the Slack adapter. src/config.ts fills them from the environment
 * (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_PORT, SLACK_API_URL,
 * SLACK_COMMAND_PREFIX, SLACK_LECTURER_IDS); the adapter itself never reads process.env.
 */
export interface SlackOptions {
  /** Bot token (xoxb-…), always needed: every Web API call is made with it. */
  botToken: string;
  /** App-level token (xapp-…, scope connections:write). When set, the app connects over Socket Mode. */
  appToken?: string;
  /** Signing secret; needed in HTTP mode, where every request's signature is checked with it. */
  signingSecret?: string;
  /** HTTP mode: port for Bolt's `/slack/events` endpoint (default 3001). 0 picks a free port. */
  port?: number;
  /** HTTP mode: interface to bind (default: all interfaces, as Slack must reach it). */
  host?: string;
  /** Base URL of the Web API (default https://slack.com/api/); tests point it at a local fake. */
  apiUrl?: string;
  /** Prefix of every slash command name: with "nn-", `/train` is registered as `/nn-train` (default ""). */
  commandPrefix?: string;
  /** The umbrella command that reaches every command: `/nn train dataset:spiral` (default "nn"). */
  umbrellaCommand?: string;
  /** Slack user ids (U…) allowed to run lecturer-only commands, in addition to workspace admins. */
  lecturerUserIds?: string[];
  /** Treat workspace admins and owners as lecturers (asks users.info, needs users:read; default true). */
  isAdminLecturer?: boolean;
  /** Least time between two progress updates of one message (default 1500 ms). */
  progressIntervalMs?: number;
  /** How long one Web API or response_url request may take before it is abandoned (default 10 000 ms). */
  apiTimeoutMs?: number;
  /** Retries of a failed Web API request (default 2, quickly: a command never hangs in retries). */
  apiRetries?: number;
  /**
   * Hosts shared files may be downloaded from (default: Slack's, files.slack.com, https only). An
   * entry with a scheme allows exactly that origin, e.g. a test's fake Slack; never needed in production.
   */
  fileHosts?: string[];
  /** How long downloading one shared file may take (default 15 000 ms). */
  fileTimeoutMs?: number;
}

/** SlackOptions with every default filled in. */
export type ResolvedSlackOptions = Required<Omit<SlackOptions, 'appToken' | 'signingSecret' | 'host' | 'fileHosts' | 'fileTimeoutMs'>> &
  Pick<SlackOptions, 'appToken' | 'signingSecret' | 'host' | 'fileHosts' | 'fileTimeoutMs'>;

export const SLACK_DEFAULT_PORT = 3001;

/** Fills defaults and checks that the chosen mode has its secret (a clear message instead of a Bolt stack trace). */
export function resolveSlackOptions(options: SlackOptions): ResolvedSlackOptions {
  if (!options.botToken) throw new Error('Slack: SLACK_BOT_TOKEN is required (the xoxb-… token from "OAuth & Permissions").');
  if (!options.appToken && !options.signingSecret) {
    throw new Error(
      'Slack: set SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP mode on SLACK_PORT).',
    );
  }
  let apiUrl = options.apiUrl ?? 'https://slack.com/api/';
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  return {
    botToken: options.botToken,
    appToken: options.appToken || undefined,
    signingSecret: options.signingSecret || undefined,
    host: options.host,
    port: options.port ?? SLACK_DEFAULT_PORT,
    apiUrl,
    commandPrefix: (options.commandPrefix ?? '').replace(/^\//, ''),
    umbrellaCommand: (options.umbrellaCommand ?? 'nn').replace(/^\//, ''),
    lecturerUserIds: options.lecturerUserIds ?? [],
    isAdminLecturer: options.isAdminLecturer ?? true,
    progressIntervalMs: options.progressIntervalMs ?? 1500,
    apiTimeoutMs: options.apiTimeoutMs ?? 10_000,
    apiRetries: options.apiRetries ?? 2,
    ...(options.fileHosts ? { fileHosts: options.fileHosts } : {}),
    ...(options.fileTimeoutMs !== undefined ? { fileTimeoutMs: options.fileTimeoutMs } : {}),
  };
}
