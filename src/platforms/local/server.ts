import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mustBeMessage } from '../../chat/input-messages.ts';
import { logger } from '../../chat/logger.ts';
import { dispatchCommand, dispatchComponent } from '../../chat/router.ts';
import { reportError, ServiceUnavailableError } from '../../chat/errors.ts';
import type { Caller, ChatAttachment, CommandDef } from '../../chat/types.ts';
import { remoteJobQueueHealth } from '../../jobs/index.ts';
import { Channel, newId, type ChannelBounds } from './channel.ts';
import { HttpError, MAX_BODY_BYTES, readJsonObject, sendHttpError, sendJson } from './http.ts';
import { attachToOption, maxBodyBytesWithFile, readBodyAttachments } from './attachments.ts';
import { getLimits } from '../../chat/limits.ts';
import { parseCommandText } from './parse-command.ts';
import { STATIC_FILES } from './static-files.ts';
import { findLanAddress, joinAddressFor, renderJoinQrSvg } from './join.ts';
import { answerPlainText } from './plain-text.ts';
import { perMinute, RateLimiter, type RateLimit } from './rate-limit.ts';
import { checkStateChangingRequest, HostAllowList, readBearer } from './request-guard.ts';
import { createChannelResponder, createCollectingResponder } from './responders.ts';
import { isSameSecret, SessionKeeper } from './session.ts';
import { LiveRelay } from './live-relay.ts';
import { stopAllLiveSessions } from '../../../commands/_lib/live-session.ts';

/** Per-session rate limits of the web chat (429 with Retry-After beyond them). */
export interface LocalChatRateLimits {
  /** Plain chat lines. */
  chatLines: RateLimit;
  /** Slash commands typed in the chat or sent to POST /api/commands. */
  commands: RateLimit;
  /** Button clicks and select choices. */
  clicks: RateLimit;
  /** New sessions handed out to one network address. */
  newSessions: RateLimit;
}

/** Defaults: generous for a person typing and clicking, tight for a script. */
export const DEFAULT_RATE_LIMITS: LocalChatRateLimits = {
  chatLines: perMinute(30),
  commands: perMinute(20),
  clicks: perMinute(60),
  newSessions: { perMinute: 30, burst: 30 },
};

/** Settings of the local web chat (from config.ts). */
export interface LocalChatOptions {
  host: string;
  port: number;
  /** Browsers that opened the page with `?key=<this>` count as lecturers. Generated when unset (see `lecturerUrl`). */
  lecturerKey?: string;
  /** `Authorization: Bearer <this>` lets a script act for the user named in the body (tests, benchmarks). Unset = no such access. */
  apiToken?: string;
  /** Signs session cookies; keep it across restarts so people keep their identity. Random when unset. */
  sessionSecret?: string | Buffer;
  /** Host names answered besides loopback and the bound addresses (a reverse proxy's name). */
  allowedHosts?: string[];
  rateLimits?: Partial<LocalChatRateLimits>;
  bounds?: Partial<ChannelBounds>;
  /** How long running commands may finish after `stop()` before they are cancelled (default 10 s). */
  shutdownGraceMs?: number;
}

/** A running local web chat. */
export interface LocalChatServer {
  url: string;
  port: number;
  channel: Channel;
  /** The lecturer's address (`url/?key=…`): the key is the configured one or generated at start. */
  lecturerUrl: string;
  /** From now on new requests get 503; running ones continue. */
  beginDrain(): void;
  /** Requests and chat commands still running. */
  inFlightCount(): number;
  /** Drains, lets running commands finish within the grace, cancels the rest, answers everyone and closes the port. */
  stop(): Promise<void>;
}

const MAX_TEXT_CHARS = 2000;
const MAX_NAME_CHARS = 40;
const MAX_SELECT_VALUES = 25;
const DEFAULT_GRACE_MS = 10_000;

/** The person a request acts for: from the session cookie, or named in the body with the API token. */
interface Actor {
  userId: string;
  /** The API token holder said `"lecturer": true` in the `user` object (tests, benchmarks). */
  isLecturer?: boolean;
}
const NO_SESSION = 'no session: open the chat page first (or send `Authorization: Bearer <LOCAL_CHAT_API_TOKEN>`)';

/** A display name from the request (a name is not an identity: anyone may pick any name). */
function readName(value: unknown): string {
  const name = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS) : '';
  return name || 'Guest';
}

/** A button id, select values and label of a click, or a 400 saying what is expected. */
function readClick(body: Record<string, unknown>): { id: string; values?: string[]; label?: string } {
  const { id, values, label } = body;
  if (typeof id !== 'string' || !id || id.length > 200) throw new HttpError(400, '`id` must be the button id (text, at most 200 characters)');
  if (values !== undefined && (!Array.isArray(values) || values.length > MAX_SELECT_VALUES || !values.every((v) => typeof v === 'string' && v.length <= 200)))
    throw new HttpError(400, `\`values\` must be a list of at most ${MAX_SELECT_VALUES} texts (the chosen options)`);
  if (label !== undefined && typeof label !== 'string') throw new HttpError(400, '`label` must be text');
  return { id, values: values as string[] | undefined, label: (label as string | undefined)?.slice(0, 80) };
}

/** Starts the local web chat and its JSON API; resolves once it listens. */
export async function startLocalChat(options: LocalChatOptions, deps: { commands: CommandDef[] }): Promise<LocalChatServer> {
  const { commands } = deps;
  const sessions = new SessionKeeper(options.sessionSecret ?? randomBytes(32));
  const lecturerKey = options.lecturerKey || randomBytes(12).toString('base64url');
  const hosts = new HostAllowList(options.host, options.allowedHosts);
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const limiters = {
    chatLines: new RateLimiter(limits.chatLines),
    commands: new RateLimiter(limits.commands),
    clicks: new RateLimiter(limits.clicks),
    newSessions: new RateLimiter(limits.newSessions),
  };
  const channel = new Channel('lobby', { bounds: options.bounds, publicIdOf: (userId) => sessions.publicIdOf(userId) });
  const liveRelay = new LiveRelay(channel);
  const inFlight = new Set<Promise<unknown>>();
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal); // one listener per running command
  let isDraining = false;
  // How late the main thread ran its timers (blocked by work, or not given a CPU): /healthz reports
  // it beside its own answer time, for load tests.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();

  const callerFor = (userId: string, name: string, key: unknown, actor?: Actor): Caller => ({
    platform: 'local',
    userId,
    displayName: name,
    channelId: `local:${channel.id}`,
    isLecturer: actor?.isLecturer === true || isSameSecret(key, lecturerKey),
  });
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  /** Who the request acts for, or 401. With the API token the body names the user; otherwise the session does. */
  const authenticate = (req: IncomingMessage, body?: Record<string, unknown>): Actor => {
    const bearer = readBearer(req, (token) => isSameSecret(token, options.apiToken));
    if (bearer === 'invalid') throw new HttpError(401, 'the API token is wrong', { 'www-authenticate': 'Bearer' });
    if (bearer === 'valid') {
      if (body === undefined) return { userId: 'api' };
      const user = body.user as Record<string, unknown> | undefined;
      const id = user && typeof user === 'object' ? user.id : undefined;
      if (typeof id !== 'string' || !id.trim() || id.length > 64) throw new HttpError(400, 'with the API token, `user.id` must name the user (text, at most 64 characters)');
      const lecturer = (user as Record<string, unknown>).lecturer;
      if (lecturer !== undefined && typeof lecturer !== 'boolean') throw new HttpError(400, 'with the API token, `user.lecturer` must be true or false');
      return { userId: id.trim(), isLecturer: lecturer === true };
    }
    const userId = sessions.userIdOf(req);
    if (!userId) throw new HttpError(401, NO_SESSION);
    return { userId };
  };

  /** Reads the body of a state-changing request after the cross-site checks, and who it acts for. */
  const readAuthorised = async (req: IncomingMessage, options_: { mayCarryFile?: boolean } = {}): Promise<{ actor: Actor; body: Record<string, unknown> }> => {
    const bearer = readBearer(req, (token) => isSameSecret(token, options.apiToken));
    if (bearer === 'invalid') throw new HttpError(401, 'the API token is wrong', { 'www-authenticate': 'Bearer' });
    if (bearer === 'absent' && !sessions.userIdOf(req)) throw new HttpError(401, NO_SESSION);
    checkStateChangingRequest(req, bearer === 'valid');
    const body = await readJsonObject(req, options_.mayCarryFile ? maxBodyBytesWithFile(getLimits().uploadMaxBytes, MAX_BODY_BYTES) : MAX_BODY_BYTES);
    return { actor: authenticate(req, body), body };
  };

  const limit = (limiter: RateLimiter, userId: string, what: string): void => {
    const waitS = limiter.take(userId);
    if (waitS > 0) throw new HttpError(429, `too many ${what}: wait ${waitS} s`, { 'retry-after': String(waitS) });
  };

  /** A line typed in the browser: a slash command, or plain chat for the room. */
  const handleChatLine = (actor: Actor, body: Record<string, unknown>): { id: string } => {
    const name = readName((body.user as Record<string, unknown> | undefined)?.name);
    if (body.text !== undefined && typeof body.text !== 'string') throw new HttpError(400, '`text` must be text');
    const text = typeof body.text === 'string' ? body.text.trim().slice(0, MAX_TEXT_CHARS) : '';
    if (!text) throw new HttpError(400, 'text is empty');
    const isCommand = text.startsWith('/');
    const attachments = readBodyAttachments(body, getLimits().uploadMaxBytes);
    if (attachments.length && !isCommand) throw new HttpError(400, 'a file goes with a command, e.g. `/train data:points.csv` or `/dataset data:points.csv`');
    limit(isCommand ? limiters.commands : limiters.chatLines, actor.userId, isCommand ? 'commands' : 'messages');
    const user = { userId: actor.userId, name };
    // a command line starts private: everyone sees it once it answers publicly (see AnswerPlace)
    const message = channel.post({ id: newId(), author: { id: actor.userId, name, isBot: false }, text, createdAtMs: Date.now(), ...(isCommand ? { visibleTo: actor.userId } : {}) });
    const responder = createChannelResponder(channel, user, text, isCommand ? { commandMessageId: message.id } : {});
    if (!isCommand) {
      track(answerPlainText(text, responder, commands, actor.userId).catch((error: unknown) => logger.error({ err: error }, 'plain-text hint failed')));
      return { id: message.id };
    }
    const caller = callerFor(actor.userId, name, body.key, actor);
    try {
      const parsed = parseCommandText(text, commands);
      attachToOption(parsed.options, attachments, fileOptionsOf(parsed.command), parsed.command);
      track(dispatchCommand({ command: parsed.command, options: parsed.options, caller, responder, commands, signal: shutdown.signal, attachments }));
    } catch (error) {
      const report = reportError(error, { platform: 'local', text });
      void responder.reply({ text: report.message, ephemeral: true, error: report });
    }
    return { id: message.id };
  };

  const handleClick = (actor: Actor, body: Record<string, unknown>): void => {
    const { id, values, label } = readClick(body);
    limit(limiters.clicks, actor.userId, 'clicks');
    const user = { userId: actor.userId, name: readName((body.user as Record<string, unknown> | undefined)?.name) };
    // the message the control was on: a private step answering the click may replace it (see AnswerPlace)
    const clickedMessageId = typeof body.messageId === 'string' ? body.messageId.slice(0, 40) : undefined;
    const responder = createChannelResponder(channel, user, `clicked “${label ?? id.split(':')[1] ?? 'button'}”`, { clickedMessageId });
    track(dispatchComponent({ id, values, caller: callerFor(user.userId, user.name, body.key, actor), responder, commands, signal: shutdown.signal }));
  };

  /** The command's options that take a file (`data` of /train and /dataset). */
  const fileOptionsOf = (command: string): string[] =>
    commands.find((c) => c.name === command)?.options.filter((o) => o.type === 'attachment').map((o) => o.name) ?? [];

  /** Dispatches a command with its files; a file the command cannot take is answered like any other user mistake. */
  const dispatchWithFiles = async (command: string, opts: Record<string, unknown>, attachments: ChatAttachment[], caller: Caller, responder: ReturnType<typeof createCollectingResponder>): Promise<void> => {
    try {
      attachToOption(opts, attachments, fileOptionsOf(command), command);
    } catch (error) {
      const report = reportError(error, { platform: 'local', command });
      return responder.reply({ text: report.message, ephemeral: true, error: report });
    }
    return dispatchCommand({ command, options: opts, caller, responder, commands, signal: shutdown.signal, attachments });
  };

  /** A live training view: GET its state (for a browser opening it), POST …/watch to register the browser's event stream as a viewer. */
  const handleLive = async (req: IncomingMessage, res: ServerResponse, sessionId: string, isWatch: boolean): Promise<void> => {
    if (req.method === 'GET' && !isWatch) {
      authenticate(req);
      const snapshot = liveRelay.snapshot(sessionId);
      if (!snapshot) throw new HttpError(404, 'no such live view (it stopped a while ago, or never started)');
      return sendJson(res, 200, snapshot);
    }
    if (req.method === 'POST' && isWatch) {
      const { actor, body } = await readAuthorised(req);
      if (typeof body.connectionId !== 'string' || body.connectionId.length > 40) throw new HttpError(400, '`connectionId` must be the id from your event stream\'s hello event');
      if (typeof body.watching !== 'boolean') throw new HttpError(400, '`watching` must be true or false');
      liveRelay.watch(actor.userId, body.connectionId, sessionId, body.watching);
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpError(405, 'live views answer GET /api/live/<id> and POST /api/live/<id>/watch');
  };

  /** The JSON API: run a command (or click) to completion and answer with the final Reply. */
  const runToCompletion = async (actor: Actor, body: Record<string, unknown>, kind: 'command' | 'component') => {
    const name = readName((body.user as Record<string, unknown> | undefined)?.name);
    const responder = createCollectingResponder();
    const caller = callerFor(actor.userId, name, body.key, actor);
    if (kind === 'command') {
      if (typeof body.command !== 'string' || !body.command) throw new HttpError(400, '`command` must name a command, e.g. "train"');
      if (body.options !== undefined && (!body.options || typeof body.options !== 'object' || Array.isArray(body.options)))
        throw new HttpError(400, mustBeMessage('options', 'a JSON object of option names and values, e.g. {"dataset": "spiral"}', body.options));
      const attachments = readBodyAttachments(body, getLimits().uploadMaxBytes);
      limit(limiters.commands, actor.userId, 'commands');
      const opts = { ...(body.options ?? {}) } as Record<string, unknown>;
      await track(dispatchWithFiles(body.command, opts, attachments, caller, responder));
    } else {
      const { id, values } = readClick(body);
      limit(limiters.clicks, actor.userId, 'clicks');
      await track(dispatchComponent({ id, values, caller, responder, commands, signal: shutdown.signal }));
    }
    const result = responder.result();
    const retryAfterS = result.error?.retryAfterSeconds;
    if (retryAfterS !== undefined) return { status: 503, result, headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterS))) } as Record<string, string> };
    return { status: result.error?.kind === 'user' ? 400 : result.error ? 500 : 200, result, headers: {} as Record<string, string> };
  };

  /** Hands out a session cookie (or keeps the one the browser has) and says who the browser is. */
  const handleSession = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void => {
    const existing = sessions.userIdOf(req);
    if (existing) return sendJson(res, 200, { you: { id: sessions.publicIdOf(existing), name: readName(body.name) } });
    limit(limiters.newSessions, req.socket.remoteAddress ?? 'unknown', 'new sessions from this address');
    const { userId, setCookie } = sessions.issue();
    sendJson(res, 201, { you: { id: sessions.publicIdOf(userId), name: readName(body.name) } }, { 'set-cookie': setCookie });
  };

  const commandCatalogue = commands.map((c) => ({
    name: c.name,
    description: c.description,
    lecturerOnly: c.lecturerOnly ?? false,
    examples: c.examples ?? [],
    options: c.options.map((o) => ({
      name: o.name, description: o.description, type: o.type, required: o.required ?? false, default: o.default,
      choices: o.choices, min: o.min, max: o.max, hasAutocomplete: typeof o.autocomplete === 'function',
    })),
  }));

  // A lecturer behind a proxy (or in Docker) sees one clear line naming the refused Host, not a flood.
  const warnedHosts = new Set<string>();
  const warnOnceAboutHost = (host: string) => {
    if (warnedHosts.size >= 20 || warnedHosts.has(host)) return;
    warnedHosts.add(host);
    logger.warn({ host: host.slice(0, 100) }, 'refused a request for an unknown Host (403): if people reach the chat by this name, add it to LOCAL_CHAT_ALLOWED_HOSTS');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hosts.allows(req.headers.host)) {
      warnOnceAboutHost(String(req.headers.host ?? ''));
      throw new HttpError(403, 'unknown Host: add it to LOCAL_CHAT_ALLOWED_HOSTS if this is a name of this server');
    }
    if (isDraining) throw new HttpError(503, 'the tutor is shutting down', { 'retry-after': '30', connection: 'close' });
    const url = new URL(req.url ?? '/', 'http://local');
    const route = `${req.method} ${url.pathname}`;
    if (req.method === 'GET' && STATIC_FILES[url.pathname]) {
      const file = STATIC_FILES[url.pathname]!;
      const data = await readFile(file.path);
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
      res.end(data);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const actor = authenticate(req);
      const file = channel.getFile(url.pathname.split('/')[2] ?? '', actor.userId);
      if (!file) throw new HttpError(404, 'file expired or not yours');
      const name = (url.pathname.split('/')[3] ?? 'download').replace(/[^\w.-]/g, '_');
      res.writeHead(200, { 'content-type': `${file.contentType}; charset=utf-8`, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
      res.end(file.data);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/images/')) {
      authenticate(req);
      const image = channel.getImage(url.pathname.split('/')[2] ?? '');
      if (!image) throw new HttpError(404, 'image expired');
      res.writeHead(200, { 'content-type': image.contentType, 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' });
      res.end(image.data);
      return;
    }
    const liveRoute = /^\/api\/live\/([\w-]{1,40})(\/watch)?$/.exec(url.pathname);
    if (liveRoute) return handleLive(req, res, liveRoute[1]!, Boolean(liveRoute[2]));
    switch (route) {
      case 'GET /healthz': {
        // With REDIS_URL: BullMQ's job counts and the live workers; a Redis outage shows as an error here.
        const jobQueue = await remoteJobQueueHealth().catch((error: unknown) => ({ error: (error as Error).message }));
        return sendJson(res, 200, {
          ok: true,
          commands: commands.length,
          listeners: channel.listenerCount(),
          droppedListeners: channel.droppedListeners,
          eventLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
          ...(jobQueue === undefined ? {} : { jobQueue }),
        });
      }
      case 'POST /api/session': {
        checkStateChangingRequest(req, false);
        return handleSession(req, res, await readJsonObject(req));
      }
      case 'GET /events': {
        const userId = sessions.userIdOf(req);
        if (!userId) throw new HttpError(401, 'no session: open the chat page first');
        if (!channel.subscribe(res, userId, readName(url.searchParams.get('name'))))
          throw new HttpError(503, 'the chat is full right now', { 'retry-after': '30' });
        return;
      }
      case 'GET /api/join':
        return sendJson(res, 200, join);
      case 'GET /api/join-qr.svg': {
        const svg = await renderJoinQrSvg(join.url);
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
        res.end(svg);
        return;
      }
      case 'GET /api/catalogue':
        authenticate(req);
        return sendJson(res, 200, { commands: commandCatalogue, uploadMaxBytes: getLimits().uploadMaxBytes });
      case 'GET /api/autocomplete': {
        authenticate(req);
        const def = commands.find((c) => c.name === url.searchParams.get('command'));
        const option = def?.options.find((o) => o.name === url.searchParams.get('option'));
        const partial = (url.searchParams.get('partial') ?? '').slice(0, 500);
        const suggestions = option?.autocomplete ? option.autocomplete(partial).slice(0, 25) : (option?.choices ?? []).filter((c) => c.startsWith(partial));
        return sendJson(res, 200, { suggestions });
      }
      case 'POST /api/chat': {
        const { actor, body } = await readAuthorised(req, { mayCarryFile: true });
        return sendJson(res, 202, handleChatLine(actor, body));
      }
      case 'POST /api/click': {
        const { actor, body } = await readAuthorised(req);
        handleClick(actor, body);
        return sendJson(res, 202, { ok: true });
      }
      case 'POST /api/commands':
      case 'POST /api/components': {
        const { actor, body } = await readAuthorised(req, { mayCarryFile: route === 'POST /api/commands' });
        const { status, result, headers } = await runToCompletion(actor, body, route === 'POST /api/commands' ? 'command' : 'component');
        return sendJson(res, status, result, headers);
      }
      default:
        throw new HttpError(404, `no route ${route.slice(0, 200)}`);
    }
  };

  const server = createServer((req, res) => {
    const work = handle(req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) logger.error({ err: error, url: req.url }, 'local chat request failed');
      if (res.headersSent) return void res.end();
      const refusal = error instanceof HttpError ? error : new HttpError(500, 'internal error');
      sendHttpError(req, res, refusal);
    });
    // Requests with a body in flight are answered before the server closes (SSE streams are not tracked).
    if (req.method === 'POST') track(work);
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const join = joinAddressFor(options.host, port, findLanAddress());
  const lecturerUrl = `${url}/?key=${encodeURIComponent(lecturerKey)}`;
  logger.debug({ url }, 'local web chat listening');

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    isDraining = true;
    const graceMs = options.shutdownGraceMs ?? DEFAULT_GRACE_MS;
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...inFlight]), graceOver]);
    clearTimeout(graceTimer);
    if (inFlight.size) logger.info({ running: inFlight.size }, 'grace period over: cancelling what is still running');
    shutdown.abort(new ServiceUnavailableError('The tutor is shutting down; try again when it is back.', 30));
    // Cancelled commands still answer their callers (API requests get their 503).
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    await stopAllLiveSessions('shutdown');
    channel.closeAll();
    loopDelay.disable();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), 1000);
    await closed;
    clearTimeout(forced);
  };

  return {
    url,
    port,
    channel,
    lecturerUrl,
    beginDrain: () => {
      isDraining = true;
    },
    inFlightCount: () => inFlight.size,
    stop: () => (stopping ??= stop()),
  };
}
