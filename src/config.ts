import { z } from 'zod';
import { DEFAULT_LIMITS, type Limits } from './chat/limits.ts';
import type { LogFormat } from './chat/logger.ts';
import { parseShardSetting, type ShardSetting } from './platforms/discord/shard-setting.ts';

/** A configuration mistake; the message lists every bad variable and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Settings of the whole app, parsed from the environment (and .env). */
export interface Config {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto` = one readable line per event on a terminal, JSON otherwise. */
  logFormat: LogFormat;
  /** How long running jobs may finish after SIGTERM/SIGINT before they are cancelled. */
  shutdownGraceMs: number;
  /** Where persistent data (SQLite) lives. */
  dataDir: string;
  local: {
    enabled: boolean; host: string; port: number;
    /** Unset = derived from the session secret at start-up and printed as the lecturer link. */
    lecturerKey?: string;
    /** Bearer token that lets scripts act for a named user on the JSON API; unset = sessions only. */
    apiToken?: string;
    /** Host names answered besides loopback and the bound addresses. */
    allowedHosts: string[];
    /** Per-session rate limits (per minute). */
    chatLinesPerMinute: number; commandsPerMinute: number; clicksPerMinute: number;
    /** New sessions one network address may open per minute. */
    sessionsPerMinute: number;
  };
  /** Present when DISCORD_TOKEN is set (shape of DiscordOptions in src/platforms/discord). */
  discord?: {
    token: string; clientId: string; guildId?: string; apiUrl?: string; lecturerRole?: string;
    mode?: 'gateway' | 'http'; publicKey?: string; interactionsHost?: string; interactionsPort?: number; interactionsPath?: string;
    /** DISCORD_SHARDS: unset = one connection in this process; otherwise a ShardingManager runs the shards as processes. */
    shards?: ShardSetting;
  };
  /** Present when SLACK_BOT_TOKEN is set (shape of SlackOptions in src/platforms/slack). */
  slack?: {
    botToken: string; appToken?: string; signingSecret?: string; port?: number; host?: string; apiUrl?: string;
    commandPrefix?: string; lecturerUserIds?: string[];
  };
  limits: Limits;
  /** Worker threads for training and rendering (default: one per core). */
  jobThreads?: number;
  /** Present when REDIS_URL is set: jobs go to BullMQ and `npm run worker` processes run them. */
  jobQueue?: {
    redisUrl: string;
    /** A job's lock on its worker; a worker that died gives its jobs back after this. */
    lockDurationMs: number;
    /** How often workers look for jobs whose worker died. */
    stalledIntervalMs: number;
  };
}

const optionalText = z.string().trim().optional().transform((v) => (v ? v : undefined));
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .refine((v) => v === undefined || v === '' || ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), { message: 'must be true or false' })
  .transform((v) => (v === undefined || v === '' ? undefined : ['true', '1', 'yes', 'on'].includes(v)));
const int = (min: number, max: number) =>
  z.string().trim().optional().transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
const url = z.string().trim().optional().refine((v) => !v || /^https?:\/\/\S+$/.test(v), { message: 'must be an http(s) URL' }).transform((v) => v || undefined);

const envSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).optional(),
  SHUTDOWN_GRACE_MS: int(0, 600_000),
  DATA_DIR: optionalText,
  LOCAL_CHAT_ENABLED: flag,
  LOCAL_CHAT_HOST: optionalText,
  LOCAL_CHAT_PORT: int(0, 65535),
  LOCAL_CHAT_LECTURER_KEY: z.string().trim().optional().refine((v) => !v || v.length >= 8, { message: 'must be at least 8 characters (or empty to have one generated)' }).transform((v) => v || undefined),
  LOCAL_CHAT_API_TOKEN: z.string().trim().optional().refine((v) => !v || v.length >= 16, { message: 'must be at least 16 characters, e.g. the output of: openssl rand -hex 24' }).transform((v) => v || undefined),
  LOCAL_CHAT_ALLOWED_HOSTS: optionalText,
  LOCAL_CHAT_LINES_PER_MINUTE: int(1, 10_000),
  LOCAL_CHAT_COMMANDS_PER_MINUTE: int(1, 10_000),
  LOCAL_CHAT_CLICKS_PER_MINUTE: int(1, 10_000),
  LOCAL_CHAT_SESSIONS_PER_MINUTE: int(1, 100_000),
  DISCORD_TOKEN: optionalText,
  DISCORD_CLIENT_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: url,
  DISCORD_LECTURER_ROLE: optionalText,
  DISCORD_MODE: z.enum(['gateway', 'http']).optional(),
  DISCORD_PUBLIC_KEY: z.string().trim().optional().refine((v) => !v || /^[0-9a-fA-F]{64}$/.test(v), { message: 'must be the 64-hex-digit public key from the Developer Portal' }).transform((v) => v || undefined),
  DISCORD_INTERACTIONS_HOST: optionalText,
  DISCORD_INTERACTIONS_PORT: int(0, 65535),
  DISCORD_INTERACTIONS_PATH: optionalText,
  DISCORD_SHARDS: z.string().optional().transform((v, ctx) => {
    try {
      return parseShardSetting(v);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_PORT: int(0, 65535),
  SLACK_HOST: optionalText,
  SLACK_API_URL: url,
  SLACK_COMMAND_PREFIX: optionalText,
  SLACK_LECTURER_IDS: optionalText,
  MAX_LAYERS: int(0, 10),
  MAX_NEURONS: int(1, 64),
  MAX_POINTS: int(10, 5000),
  MAX_EPOCHS: int(1, 10000),
  RUN_TIME_BUDGET_MS: int(100, 600_000),
  COMMAND_TIME_BUDGET_MS: int(100, 1_800_000),
  JOBS_PER_USER: int(1, 100),
  MAX_QUEUED_JOBS: int(1, 10_000),
  MAX_COMPARE_RUNS: int(2, 200),
  JOB_THREADS: int(1, 64),
  UPLOAD_MAX_BYTES: int(1024, 50 * 1024 * 1024),
  UPLOAD_TIMEOUT_MS: int(100, 600_000),
  SAVED_DATASETS_PER_USER: int(0, 10_000),
  SAVED_DATASET_BYTES_PER_USER: int(0, 1024 * 1024 * 1024),
  REDIS_URL: z.string().trim().optional().refine((v) => !v || /^rediss?:\/\/\S+$/.test(v), { message: 'must be a redis:// or rediss:// URL, e.g. redis://localhost:6379' }).transform((v) => v || undefined),
  JOB_LOCK_MS: int(1000, 600_000),
  JOB_STALLED_INTERVAL_MS: int(500, 600_000),
});

/**
 * Parses and validates the environment; fails fast with one message naming every bad variable.
 * The local web chat is on when no Discord/Slack token is set, and alongside them with LOCAL_CHAT_ENABLED=true.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (check .env or the environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DISCORD_TOKEN && !e.DISCORD_CLIENT_ID) problems.push('- DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set (Developer Portal → General Information → Application ID)');
  if (e.DISCORD_MODE === 'http' && !e.DISCORD_PUBLIC_KEY) problems.push('- DISCORD_PUBLIC_KEY: required when DISCORD_MODE=http (Developer Portal → General Information → Public Key)');
  if (e.DISCORD_SHARDS !== undefined && !e.DISCORD_TOKEN) problems.push('- DISCORD_SHARDS: needs DISCORD_TOKEN (sharding splits the Discord bot\'s gateway connection)');
  if (e.DISCORD_SHARDS !== undefined && e.DISCORD_MODE === 'http')
    problems.push('- DISCORD_SHARDS: applies to the gateway only; with DISCORD_MODE=http run several instances behind a load balancer instead, or unset DISCORD_SHARDS');
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
    problems.push('- SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required when SLACK_BOT_TOKEN is set (Socket Mode or HTTP mode)');
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) problems.push('- SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
  if (problems.length) throw new ConfigError(`Invalid configuration (check .env or the environment):\n${problems.join('\n')}`);

  const hasPlatform = Boolean(e.DISCORD_TOKEN || e.SLACK_BOT_TOKEN);
  const limits: Limits = {
    maxLayers: e.MAX_LAYERS ?? DEFAULT_LIMITS.maxLayers,
    maxNeurons: e.MAX_NEURONS ?? DEFAULT_LIMITS.maxNeurons,
    maxPoints: e.MAX_POINTS ?? DEFAULT_LIMITS.maxPoints,
    maxEpochs: e.MAX_EPOCHS ?? DEFAULT_LIMITS.maxEpochs,
    runBudgetMs: e.RUN_TIME_BUDGET_MS ?? DEFAULT_LIMITS.runBudgetMs,
    commandBudgetMs: e.COMMAND_TIME_BUDGET_MS ?? DEFAULT_LIMITS.commandBudgetMs,
    jobsPerUser: e.JOBS_PER_USER ?? DEFAULT_LIMITS.jobsPerUser,
    maxQueuedJobs: e.MAX_QUEUED_JOBS ?? DEFAULT_LIMITS.maxQueuedJobs,
    maxCompareRuns: e.MAX_COMPARE_RUNS ?? DEFAULT_LIMITS.maxCompareRuns,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES ?? DEFAULT_LIMITS.uploadMaxBytes,
    uploadTimeoutMs: e.UPLOAD_TIMEOUT_MS ?? DEFAULT_LIMITS.uploadTimeoutMs,
    savedDatasetsPerUser: e.SAVED_DATASETS_PER_USER ?? DEFAULT_LIMITS.savedDatasetsPerUser,
    savedDatasetBytesPerUser: e.SAVED_DATASET_BYTES_PER_USER ?? DEFAULT_LIMITS.savedDatasetBytesPerUser,
  };
  return {
    logLevel: e.LOG_LEVEL ?? 'info',
    logFormat: e.LOG_FORMAT ?? 'auto',
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? 10_000,
    dataDir: e.DATA_DIR ?? './data',
    local: {
      enabled: e.LOCAL_CHAT_ENABLED ?? !hasPlatform,
      host: e.LOCAL_CHAT_HOST ?? '127.0.0.1',
      port: e.LOCAL_CHAT_PORT ?? 3000,
      lecturerKey: e.LOCAL_CHAT_LECTURER_KEY,
      apiToken: e.LOCAL_CHAT_API_TOKEN,
      allowedHosts: e.LOCAL_CHAT_ALLOWED_HOSTS?.split(/[\s,]+/).filter(Boolean) ?? [],
      chatLinesPerMinute: e.LOCAL_CHAT_LINES_PER_MINUTE ?? 30,
      commandsPerMinute: e.LOCAL_CHAT_COMMANDS_PER_MINUTE ?? 20,
      clicksPerMinute: e.LOCAL_CHAT_CLICKS_PER_MINUTE ?? 60,
      sessionsPerMinute: e.LOCAL_CHAT_SESSIONS_PER_MINUTE ?? 30,
    },
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN, clientId: e.DISCORD_CLIENT_ID!, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL, lecturerRole: e.DISCORD_LECTURER_ROLE,
          mode: e.DISCORD_MODE, publicKey: e.DISCORD_PUBLIC_KEY, interactionsHost: e.DISCORD_INTERACTIONS_HOST,
          interactionsPort: e.DISCORD_INTERACTIONS_PORT, interactionsPath: e.DISCORD_INTERACTIONS_PATH,
          ...(e.DISCORD_SHARDS !== undefined ? { shards: e.DISCORD_SHARDS } : {}),
        }
      : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, port: e.SLACK_PORT, host: e.SLACK_HOST,
          apiUrl: e.SLACK_API_URL, commandPrefix: e.SLACK_COMMAND_PREFIX,
          lecturerUserIds: e.SLACK_LECTURER_IDS?.split(/[\s,]+/).filter(Boolean),
        }
      : undefined,
    limits,
    jobThreads: e.JOB_THREADS,
    jobQueue: e.REDIS_URL
      ? { redisUrl: e.REDIS_URL, lockDurationMs: e.JOB_LOCK_MS ?? 30_000, stalledIntervalMs: e.JOB_STALLED_INTERVAL_MS ?? 30_000 }
      : undefined,
  };
}
