import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../../chat/logger.ts';
import { dispatchCommand, dispatchComponent } from '../../chat/router.ts';
import { reportError } from '../../chat/errors.ts';
import type { Caller, CommandDef } from '../../chat/types.ts';
import { Channel, newId } from './channel.ts';
import { parseCommandText } from './parse-command.ts';
import { STATIC_FILES } from './static-files.ts';
import { findLanAddress, joinAddressFor, renderJoinQrSvg } from './join.ts';
import { createChannelResponder, createCollectingResponder } from './responders.ts';

/** Settings of the local web chat (from config.ts). */
export interface LocalChatOptions {
  host: string;
  port: number;
  /** When set, only browsers that opened the page with `?key=<this>` count as lecturers; unset = everyone. */
  lecturerKey?: string;
}

/** A running local web chat. */
export interface LocalChatServer {
  url: string;
  port: number;
  channel: Channel;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'body must be a JSON object');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Reads `{ id, name }` of the person, tolerating missing or odd values. */
function readUser(value: unknown): { userId: string; name: string } {
  const user = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const userId = typeof user.id === 'string' && user.id.trim() ? user.id.trim().slice(0, 64) : 'anonymous';
  const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, 40) : 'Guest';
  return { userId, name };
}

/** Starts the local web chat and its JSON API; resolves once it listens. */
export async function startLocalChat(options: LocalChatOptions, deps: { commands: CommandDef[] }): Promise<LocalChatServer> {
  const { commands } = deps;
  const channel = new Channel('lobby');
  const inFlight = new Set<Promise<void>>();
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal); // one listener per running command

  const callerFor = (user: { userId: string; name: string }, key: unknown): Caller => ({
    platform: 'local',
    userId: user.userId,
    displayName: user.name,
    channelId: `local:${channel.id}`,
    isLecturer: !options.lecturerKey || key === options.lecturerKey,
  });
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  /** A line typed in the browser: a slash command, or plain chat for the room. */
  const handleChatLine = (body: Record<string, unknown>): { id: string } => {
    const user = readUser(body.user);
    const text = typeof body.text === 'string' ? body.text.trim().slice(0, 2000) : '';
    if (!text) throw new HttpError(400, 'text is empty');
    const isCommand = text.startsWith('/');
    // a command line starts private: everyone sees it once it answers publicly (see AnswerPlace)
    const message = channel.post({ id: newId(), author: { id: user.userId, name: user.name, isBot: false }, text, createdAtMs: Date.now(), ...(isCommand ? { visibleTo: user.userId } : {}) });
    if (!isCommand) return { id: message.id };
    const responder = createChannelResponder(channel, user, text, { commandMessageId: message.id });
    const caller = callerFor(user, body.key);
    try {
      const parsed = parseCommandText(text, commands);
      track(dispatchCommand({ command: parsed.command, options: parsed.options, caller, responder, commands, signal: shutdown.signal }));
    } catch (error) {
      const report = reportError(error, { platform: 'local', text });
      void responder.reply({ text: report.message, ephemeral: true, error: report });
    }
    return { id: message.id };
  };

  const handleClick = (body: Record<string, unknown>): void => {
    const user = readUser(body.user);
    const id = typeof body.id === 'string' ? body.id : '';
    if (!id) throw new HttpError(400, 'id is missing');
    const label = typeof body.label === 'string' ? body.label.slice(0, 80) : id.split(':')[1] ?? 'button';
    const values = Array.isArray(body.values) ? body.values.map(String) : undefined;
    const clickedMessageId = typeof body.messageId === 'string' ? body.messageId.slice(0, 40) : undefined;
    const responder = createChannelResponder(channel, user, `clicked “${label}”`, { clickedMessageId });
    track(dispatchComponent({ id, values, caller: callerFor(user, body.key), responder, commands, signal: shutdown.signal }));
  };

  /** The JSON API: run a command (or click) to completion and answer with the final Reply. */
  const runToCompletion = async (body: Record<string, unknown>, kind: 'command' | 'component') => {
    const user = readUser(body.user);
    const responder = createCollectingResponder();
    const caller = callerFor(user, body.key);
    if (kind === 'command') {
      const command = typeof body.command === 'string' ? body.command : '';
      const opts = body.options && typeof body.options === 'object' && !Array.isArray(body.options) ? (body.options as Record<string, unknown>) : {};
      await dispatchCommand({ command, options: opts, caller, responder, commands, signal: shutdown.signal });
    } else {
      const id = typeof body.id === 'string' ? body.id : '';
      const values = Array.isArray(body.values) ? body.values.map(String) : undefined;
      await dispatchComponent({ id, values, caller, responder, commands, signal: shutdown.signal });
    }
    const result = responder.result();
    const status = result.error?.kind === 'user' ? 400 : result.error ? 500 : 200;
    return { status, result };
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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = `${req.method} ${url.pathname}`;
    if (req.method === 'GET' && STATIC_FILES[url.pathname]) {
      const file = STATIC_FILES[url.pathname]!;
      const data = await readFile(file.path);
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
      res.end(data);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/images/')) {
      const image = channel.getImage(url.pathname.split('/')[2] ?? '');
      if (!image) throw new HttpError(404, 'image expired');
      res.writeHead(200, { 'content-type': image.contentType, 'cache-control': 'private, max-age=86400' });
      res.end(image.data);
      return;
    }
    switch (route) {
      case 'GET /healthz':
        return sendJson(res, 200, { ok: true, commands: commands.length });
      case 'GET /events': {
        const userId = (url.searchParams.get('userId') ?? 'anonymous').slice(0, 64);
        const name = (url.searchParams.get('name') ?? 'Guest').slice(0, 40);
        channel.subscribe(res, userId, name);
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
        return sendJson(res, 200, { commands: commandCatalogue });
      case 'GET /api/autocomplete': {
        const def = commands.find((c) => c.name === url.searchParams.get('command'));
        const option = def?.options.find((o) => o.name === url.searchParams.get('option'));
        const partial = url.searchParams.get('partial') ?? '';
        const suggestions = option?.autocomplete ? option.autocomplete(partial).slice(0, 25) : (option?.choices ?? []).filter((c) => c.startsWith(partial));
        return sendJson(res, 200, { suggestions });
      }
      case 'POST /api/chat':
        return sendJson(res, 202, handleChatLine(await readJson(req)));
      case 'POST /api/click':
        handleClick(await readJson(req));
        return sendJson(res, 202, { ok: true });
      case 'POST /api/commands': {
        const { status, result } = await runToCompletion(await readJson(req), 'command');
        return sendJson(res, status, result);
      }
      case 'POST /api/components': {
        const { status, result } = await runToCompletion(await readJson(req), 'component');
        return sendJson(res, status, result);
      }
      default:
        throw new HttpError(404, `no route ${route}`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) logger.error({ err: error, url: req.url }, 'local chat request failed');
      if (!res.headersSent) sendJson(res, status, { error: { kind: status === 500 ? 'internal' : 'user', message: error instanceof HttpError ? error.message : 'internal error' } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const join = joinAddressFor(options.host, port, findLanAddress());
  logger.info({ url }, 'local web chat listening');

  return {
    url,
    port,
    channel,
    async stop() {
      shutdown.abort();
      await Promise.allSettled([...inFlight]);
      channel.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
