import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Routes } from 'discord.js';
import { PlatformUnreachableError } from '../background-start.ts';
import { UserError } from '../../chat/errors.ts';
import { logger } from '../../chat/logger.ts';
import { dispatchCommand, dispatchComponent } from '../../chat/router.ts';
import type { CommandDef } from '../../chat/types.ts';
import { discordDownloadPolicy } from './attachments.ts';
import { startInteractionsEndpoint } from './http-interactions.ts';
import { handleInteraction, type InteractionDeps } from './interactions.ts';
import type { DiscordOptions } from './options.ts';
import { DEFAULT_TIMING, type DiscordResponder } from './responder.ts';
import { registerDiscordChannelPoster } from './channel-poster.ts';

export type { DiscordOptions } from './options.ts';

/** Why the bot could not start, in words that say what to fix. */
export class DiscordStartError extends Error {
  /** True when Discord simply did not answer in time (worth retrying). */
  readonly isTimeout: boolean;
  constructor(message: string, options?: { cause?: unknown; isTimeout?: boolean }) {
    super(message, options);
    this.name = 'DiscordStartError';
    this.isTimeout = options?.isTimeout ?? false;
  }
}

/** What the adapter needs besides its options (the router is injectable for tests of the adapter alone). */
export interface DiscordDeps {
  commands: CommandDef[];
  dispatchCommand?: InteractionDeps['dispatchCommand'];
  dispatchComponent?: InteractionDeps['dispatchComponent'];
}

/** Gateway close codes that no reconnect can fix, with what the operator should do. */
const FATAL_CLOSE_CODES: Record<number, string> = {
  4004: 'Discord rejected DISCORD_TOKEN at the gateway (4004 authentication failed). Copy the token again from Developer Portal → your application → Bot → Reset Token.',
  4010: 'Discord says the shard is invalid (4010): the shard id must be below the shard count. Check DISCORD_SHARDS (auto, or a number from 1).',
  4011: 'Discord says this bot needs sharding (4011); it is in too many servers for one connection. Set DISCORD_SHARDS=auto (README "Scaling").',
  4012: 'Discord refused the gateway API version (4012).',
  4013: 'Discord refused the gateway intents as invalid (4013).',
  4014: 'Discord refused the gateway intents (4014 disallowed intents). This bot only needs the non-privileged Guilds intent; if you changed the intents, enable the privileged ones under Developer Portal → Bot → Privileged Gateway Intents.',
};

/** The message for a failed login: bad token, unreachable API, fatal gateway close, or a timeout. */
export function explainLoginFailure(error: unknown, options: Pick<DiscordOptions, 'apiUrl'>): DiscordStartError {
  const code = (error as { code?: unknown })?.code;
  const status = (error as { status?: unknown })?.status;
  if (code === DiscordjsErrorCodes.TokenInvalid || status === 401) {
    return new DiscordStartError(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from Developer Portal → your application → Bot → Reset Token, and put it in .env as DISCORD_TOKEN.',
      { cause: error },
    );
  }
  if (error instanceof DiscordStartError) return error;
  const where = options.apiUrl ? `DISCORD_API_URL (${options.apiUrl})` : 'discord.com';
  return new DiscordStartError(`Could not connect to Discord through ${where}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** True when Discord did not answer at all (network error, timeout, server error), as opposed to refusing the bot. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof DiscordStartError) return error.isTimeout;
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number') return status >= 500;
  return (error as { code?: unknown })?.code !== DiscordjsErrorCodes.TokenInvalid;
}

function requireOption(value: string | undefined, name: string, hint: string): string {
  if (!value || !value.trim()) throw new DiscordStartError(`${name} is not set. ${hint}`);
  return value.trim();
}

/** The parts of the pino logger used here. */
type Log = Pick<typeof logger, 'info' | 'warn' | 'error'>;

/** Logs in over the gateway and waits for READY + guilds; a fatal close or a timeout rejects with what to fix. */
async function connectGateway(client: Client, token: string, options: DiscordOptions, log: Log): Promise<void> {
  let onFatal: ((error: Error) => void) | undefined;
  const fatal = new Promise<never>((_, reject) => {
    onFatal = reject;
  });
  fatal.catch(() => undefined);
  client.on(Events.ShardDisconnect, (event) => {
    const explanation = FATAL_CLOSE_CODES[event.code] ?? `The gateway closed with code ${event.code} and discord.js gave up reconnecting.`;
    log.error({ code: event.code }, explanation);
    onFatal?.(new DiscordStartError(explanation));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const loginTimeoutMs = options.loginTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DiscordStartError(`Discord did not report the bot ready within ${loginTimeoutMs / 1000} s. Check the network, DISCORD_API_URL and the bot's status.`, { isTimeout: true })),
      loginTimeoutMs,
    );
  });
  try {
    await Promise.race([client.login(token).then(() => ready), fatal, timeout]);
  } finally {
    clearTimeout(timer);
    onFatal = undefined;
  }
  if (client.user && client.user.id !== options.clientId) {
    log.warn({ botUserId: client.user.id, clientId: options.clientId }, 'DISCORD_CLIENT_ID differs from the bot user id of DISCORD_TOKEN; `npm run register` will write commands to the wrong application');
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord bot ready (gateway)');
}

/** discord.js builds interaction objects from raw payloads in this (internal, stable in v14) action. */
interface InteractionCreateAction {
  handle(payload: Record<string, unknown>): void;
}

/**
 * HTTP-interactions mode: checks the token with GET /users/@me, loads the course guild (so lecturer
 * roles can be matched by name), and serves the signed interactions endpoint; each verified
 * payload goes through discord.js's own InteractionCreate action, so the rest is shared with the gateway.
 */
async function connectHttp(client: Client, token: string, options: DiscordOptions, log: Log): Promise<{ close(): Promise<void>; url: string }> {
  if (!options.publicKey) throw new DiscordStartError('DISCORD_PUBLIC_KEY is not set; http mode needs it (Developer Portal → General Information → Public Key).');
  client.rest.setToken(token);
  const me = (await client.rest.get(Routes.user('@me'))) as { id: string; username: string };
  if (options.guildId) await client.guilds.fetch(options.guildId);
  const action = (client as unknown as { actions?: { InteractionCreate?: InteractionCreateAction } }).actions?.InteractionCreate;
  if (typeof action?.handle !== 'function') throw new DiscordStartError('This discord.js version has no InteractionCreate action; http mode needs discord.js v14.');
  const endpoint = await startInteractionsEndpoint(
    {
      publicKeyHex: options.publicKey,
      host: options.interactionsHost ?? '127.0.0.1',
      port: options.interactionsPort ?? 3002,
      path: options.interactionsPath ?? '/discord/interactions',
    },
    (payload) => action.handle(payload),
  );
  log.info({ user: me.username, url: endpoint.url }, 'Discord bot ready (http interactions); set this URL, behind HTTPS, as the Interactions Endpoint URL');
  return endpoint;
}

/** A running bot: stop() is safe to call more than once. */
export interface DiscordBot {
  stop(): Promise<void>;
  /** In http mode, where the interactions endpoint listens. */
  interactionsUrl?: string;
}

/**
 * Connects the bot to Discord with discord.js — over the gateway (only the Guilds intent: slash
 * commands, buttons and selects arrive as interactions whatever the intents) or, in http mode,
 * through a signed interactions endpoint — and routes every interaction to the chat layer.
 * Resolves once the bot is ready; rejects with a DiscordStartError that says what to fix (bad
 * token, refused intents, unreachable API). `stop()` refuses new interactions, lets running ones
 * finish for shutdownGraceMs, cancels the rest (they tell their users), and disconnects.
 */
export async function startDiscordBot(options: DiscordOptions, deps: DiscordDeps): Promise<DiscordBot> {
  const token = requireOption(options.token, 'DISCORD_TOKEN', 'Put the bot token from Developer Portal → Bot in .env.');
  requireOption(options.clientId, 'DISCORD_CLIENT_ID', 'Put the application id from Developer Portal → General Information in .env.');
  const log = logger.child({ platform: 'discord', ...(options.shard ? { shard: options.shard.id } : {}) });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(options.shard ? { shards: [options.shard.id], shardCount: options.shard.count } : {}),
    // Every REST call has a deadline and one retry, so an unreachable Discord never hangs a command.
    rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), timeout: options.apiTimeoutMs ?? 10_000, retries: 1 },
  });
  const shutdown = new AbortController();
  let isStopping = false;
  const running = new Map<Promise<void>, DiscordResponder>();
  const interactionDeps: InteractionDeps = {
    commands: deps.commands,
    lecturerRole: options.lecturerRole,
    timing: {
      progressIntervalMs: options.progressIntervalMs ?? DEFAULT_TIMING.progressIntervalMs,
      ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_TIMING.ackDeadlineMs,
    },
    signal: shutdown.signal,
    attachmentPolicy: discordDownloadPolicy(options),
    isStopping: () => isStopping,
    dispatchCommand: deps.dispatchCommand ?? dispatchCommand,
    dispatchComponent: deps.dispatchComponent ?? dispatchComponent,
    log: {
      warn: (message, details) => log.warn(details ?? {}, message),
      error: (message, details) => log.error(details ?? {}, message),
    },
    track(responder, work) {
      const settled = work.catch(() => undefined);
      running.set(settled, responder);
      void settled.then(() => running.delete(settled));
    },
  };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, interactionDeps));
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!isStopping) log.info({ shardId }, 'gateway connection lost; discord.js is reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'gateway session resumed'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord.js client error'));

  let endpoint: { close(): Promise<void>; url: string } | undefined;
  try {
    if (options.mode === 'http') endpoint = await connectHttp(client, token, options, log);
    else await connectGateway(client, token, options, log);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    const explained = explainLoginFailure(error, options);
    // Discord never answered (network error, timeout, 5xx): main.ts retries in the background
    if (isUnreachable(error)) throw new PlatformUnreachableError(explained.message, { cause: error });
    throw explained;
  }

  // live-quiz reveals taken over from a stopped shard or instance are posted into the quiz's channel
  const unregisterPoster = registerDiscordChannelPoster(client, (message, details) => log.warn(details ?? {}, message));

  let stopped: Promise<void> | undefined;
  return {
    ...(endpoint ? { interactionsUrl: endpoint.url } : {}),
    stop() {
      stopped ??= (async () => {
        unregisterPoster();
        isStopping = true;
        const graceMs = options.shutdownGraceMs ?? 10_000;
        const allDone = () => Promise.all([...running.keys()]);
        const finishedInTime = await Promise.race([allDone().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref())]);
        if (!finishedInTime) {
          shutdown.abort(new UserError('Stopped: the tutor is shutting down. Please run the command again in a minute.'));
          await Promise.race([allDone(), new Promise((r) => setTimeout(r, 5000).unref())]);
        }
        await Promise.all([...running.values()].map((r) => r.settle().catch(() => undefined)));
        await endpoint?.close();
        await client.destroy();
        log.info('Discord bot stopped');
      })();
      return stopped;
    },
  };
}
