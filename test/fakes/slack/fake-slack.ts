/**
 * A local stand-in for the parts of Slack the adapter talks to, on one HTTP port:
 * - the Web API under /api/<method> (what Bolt and our adapter call: auth.test, chat.postMessage,
 *   chat.update, chat.delete, chat.postEphemeral, files.getUploadURLExternal,
 *   files.completeUploadExternal, files.delete, users.info, conversations.join,
 *   conversations.open, conversations.history, files.info, views.open, apps.connections.open), answering `{ ok: false, error }` the way Slack
 *   does (`missing_scope` with `needed`/`provided` for a scope the test withheld);
 * - the upload URLs files.getUploadURLExternal hands out (/upload/<file id>, multipart POST);
 * - files members shared in a channel (shareFile), downloadable from /files-pri/… with the bot token only;
 * - response_url endpoints (/response/<id>), which like Slack's accept at most five uses;
 * - a Socket Mode WebSocket (/socket-mode) that says hello, sends envelopes and collects acks.
 * Everything received is recorded for tests to inspect.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { randomUUID } from 'node:crypto';
import { findBlockProblem, type SlackBlockJson } from './block-kit.ts';
import { buildFileJson, serveSharedFile, type FakeHistoryMessage, type FakeSharedFile, type ShareFileSettings } from './shared-files.ts';
import { FakeSocketModeServer, type SocketAck } from './socket-mode-server.ts';

export { findBlockProblem, type SlackBlockJson } from './block-kit.ts';
export type { SocketAck } from './socket-mode-server.ts';
export type { FakeSharedFile, ShareFileSettings } from './shared-files.ts';

/** A modal the app opened with views.open. */
export interface FakeOpenedView {
  id: string;
  triggerId: string;
  view: Record<string, unknown>;
}

/** Slack lets an app use a trigger_id for 3 seconds. */
const TRIGGER_ID_LIFETIME_MS = 3000;

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  /** Users that users.info reports as workspace admins. */
  adminUserIds?: string[];
  /** Channels the bot is not a member of: posting there fails with not_in_channel until conversations.join. */
  channelsWithoutBot?: string[];
  /** Bot scopes the app was installed without (e.g. `im:write`): methods needing them answer missing_scope. */
  missingScopes?: string[];
}

/** The bot scope each scope-checked method needs (only the ones tests withhold). */
const SCOPE_OF_METHOD: Record<string, string> = { 'conversations.open': 'im:write', 'files.info': 'files:read', 'conversations.history': 'channels:history' };
/** The scopes the fake reports as granted when refusing with missing_scope. */
const GRANTED_SCOPES = ['channels:history', 'channels:join', 'chat:write', 'chat:write.public', 'commands', 'files:read', 'files:write', 'groups:history', 'im:write', 'users:read'];

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  /** When the fake received it (Date.now()), for checks on spacing. */
  atMs?: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: SlackBlockJson[];
  threadTs?: string;
  /** Every version the message had, oldest first (postMessage, then each chat.update). */
  history: { text?: string; blocks?: SlackBlockJson[] }[];
  fileIds?: string[];
  isDeleted?: boolean;
}

export interface FakeFile {
  id: string;
  filename: string;
  declaredLength: number;
  altText?: string;
  title?: string;
  /** The bytes received at the upload URL (undefined until step 2 happened). */
  data?: Buffer;
  uploadContentType?: string;
  completed: boolean;
  channelId?: string;
  threadTs?: string;
  isDeleted?: boolean;
}

export interface ResponseUrlPost {
  responseId: string;
  body: Record<string, unknown>;
  accepted: boolean;
  /** The `ts` of the message an accepted post created (any post without `replace_original: true`). */
  messageTs?: string;
  /** The `ts` of the clicked message an accepted `replace_original: true` post replaced (a click's response_url). */
  replacedMessageTs?: string;
}

/** The message whose button or menu a response_url answers (see FakeSlack.newResponseUrl). */
export interface ClickedMessageRef {
  ts: string;
  isEphemeral: boolean;
}



const RESPONSE_URL_MAX_USES = 5;

/** FormData entries (the DOM lib typing lacks the iterator methods Node has). */
function formEntries(form: FormData): [string, string | File][] {
  return Array.from(form as unknown as Iterable<[string, string | File]>);
}

class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export class FakeSlack extends EventEmitter {
  readonly botToken: string;
  readonly appToken: string;
  readonly calls: ApiCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemeralMessages: { channel: string; user: string; text?: string; blocks?: SlackBlockJson[] }[] = [];
  readonly files = new Map<string, FakeFile>();
  /** Completed uploads per conversation id (channel or DM), in the order they were shared. */
  readonly uploadsByChannel = new Map<string, FakeFile[]>();
  /** The direct-message conversation conversations.open gave each user (user id → D… id). */
  readonly directMessageChannels = new Map<string, string>();
  /** Bot scopes withheld from the app (see FakeSlackOptions.missingScopes); tests may change it. */
  readonly missingScopes: Set<string>;
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  /** The clicked message each click's response_url belongs to (response id → message). */
  private readonly clickedMessageOfResponse = new Map<string, ClickedMessageRef>();
  /** Files members shared (file id → file), see shareFile. */
  readonly sharedFiles = new Map<string, FakeSharedFile>();
  /** Members' messages per channel, oldest first (conversations.history answers newest first). */
  readonly channelHistory = new Map<string, FakeHistoryMessage[]>();
  /** Requests to the private file URLs, with the Authorization header they carried. */
  readonly fileDownloads: { path: string; authorization?: string }[] = [];
  /** Modals opened with views.open, in order. */
  readonly openedViews: FakeOpenedView[] = [];
  /** Order of everything that happened, for "this before that" assertions. */
  readonly timeline: string[] = [];

  private server: Server | undefined;
  private socketMode: FakeSocketModeServer | undefined;
  private readonly adminUserIds: Set<string>;
  private readonly channelsWithoutBot: Set<string>;
  private counter = 0;
  private baseUrl = '';

  constructor(options: FakeSlackOptions = {}) {
    super();
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-fake-app-token';
    this.adminUserIds = new Set(options.adminUserIds ?? []);
    this.channelsWithoutBot = new Set(options.channelsWithoutBot ?? []);
    this.missingScopes = new Set(options.missingScopes ?? []);
  }

  /** Where a test should let the adapter download shared files from (its fileHosts). */
  get origin(): string {
    return this.baseUrl;
  }

  /**
   * A member drags a file into a channel: stores it and adds their message carrying it to the
   * channel's history; returns the file object (its `id` is what "Copy link to file" names).
   */
  shareFile(channel: string, name: string, content: Buffer | string, settings: ShareFileSettings = {}): Record<string, unknown> {
    const id = this.nextId('F');
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const json = buildFileJson(this.baseUrl, 'T0FAKE', id, name, data, channel, settings);
    this.sharedFiles.set(id, { id, name, data, channels: [channel, ...(settings.alsoIn ?? [])], settings, json });
    const history = this.channelHistory.get(channel) ?? [];
    history.push({ type: 'message', user: settings.user ?? 'U0STUDENT', text: '', ts: this.nextTs(), files: [json] });
    this.channelHistory.set(channel, history);
    return json;
  }

  /** Downloads of one shared file's bytes (by id). */
  downloadsOf(fileId: string): { path: string; authorization?: string }[] {
    return this.fileDownloads.filter((d) => d.path.includes(`-${fileId}/`));
  }

  /** Files completed into one conversation (a channel, or a user's DM: see directMessageChannels). */
  uploadsIn(channelId: string): FakeFile[] {
    return this.uploadsByChannel.get(channelId) ?? [];
  }

  /** Listens on 127.0.0.1 (`port`, default a free one); resolves once ready. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    this.socketMode = new FakeSocketModeServer(this.server, '/socket-mode', (event) => this.record(event));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.socketMode?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What to give the adapter as apiUrl (Bolt's clientOptions.slackApiUrl). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /**
   * A fresh response_url for one interaction; for a click, the message clicked, which a post with
   * `replace_original: true` replaces (as Slack does, also for an ephemeral message).
   */
  newResponseUrl(clickedMessage?: ClickedMessageRef): string {
    const id = randomUUID();
    if (clickedMessage) this.clickedMessageOfResponse.set(id, clickedMessage);
    return `${this.baseUrl}/response/${id}`;
  }

  /** The accepted response_url posts that showed the message `ts`: the one creating it, then each replacement. */
  versionsOfResponseMessage(ts: string): ResponseUrlPost[] {
    return this.responseUrlPosts.filter((p) => p.accepted && (p.messageTs === ts || p.replacedMessageTs === ts));
  }

  /** Posts made to one response_url, in order. */
  responsesTo(responseUrl: string): ResponseUrlPost[] {
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    return this.responseUrlPosts.filter((p) => p.responseId === id);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `check` returns a truthy value (re-checked after every recorded event). */
  waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = () => {
        let value: T | undefined | false | null;
        try {
          value = check();
        } catch (error) {
          cleanup();
          reject(error);
          return true;
        }
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: timed out waiting for ${what}; timeline: ${this.timeline.join(' | ')}`));
      }, timeoutMs);
      const onChange = () => void test();
      const cleanup = () => {
        clearTimeout(timer);
        this.off('change', onChange);
      };
      this.on('change', onChange);
      test();
    });
  }

  // ---------------------------------------------------------------- Socket Mode

  /** Number of Socket Mode clients that are connected and have been sent hello. */
  get socketClientCount(): number {
    return this.socketMode?.clientCount ?? 0;
  }

  /** Acks received from Socket Mode clients, oldest first. */
  get socketAcks(): readonly SocketAck[] {
    return this.socketMode?.acks ?? [];
  }

  /**
   * Sends one envelope (as Slack does for slash_commands / interactive payloads) to the connected
   * client and resolves with its ack.
   */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>, timeoutMs = 10_000): Promise<SocketAck> {
    if (!this.socketMode) throw new Error('fake Slack: not started');
    const envelopeId = this.socketMode.send(type, payload);
    return this.waitFor(() => this.socketMode!.acks.find((a) => a.envelopeId === envelopeId), `ack of envelope ${envelopeId}`, timeoutMs);
  }

  // ---------------------------------------------------------------- HTTP

  private record(event: string): void {
    this.timeline.push(event);
    this.emit('change');
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(8, '0')}`;
  }

  private nextTs(): string {
    this.counter += 1;
    return `1700000000.${String(this.counter).padStart(6, '0')}`;
  }

  /**
   * When true, Web API, upload and response_url requests are received but never answered (a
   * stalled Slack); they are recorded in `stalledRequests` and dropped on stop().
   */
  isStalled = false;
  readonly stalledRequests: string[] = [];
  /** Web API methods received and recorded but never answered (one slow method, the rest of Slack fine). */
  readonly stalledMethods = new Set<string>();

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (this.isStalled && /^\/(api|upload|response)\//.test(url.pathname)) {
      this.stalledRequests.push(url.pathname);
      this.emit('change');
      return; // no answer, ever
    }

    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = await this.parseArgs(req, raw);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      this.calls.push({ method, args, ...(token ? { token } : {}), atMs: Date.now() });
      if (this.stalledMethods.has(method)) {
        this.stalledRequests.push(url.pathname);
        this.emit('change');
        return; // no answer, ever
      }
      let body: Record<string, unknown>;
      try {
        body = { ok: true, ...this.callMethod(method, args, token) };
      } catch (error) {
        if (!(error instanceof SlackApiError)) throw error;
        body = { ok: false, error: error.code, ...error.extra };
      }
      this.record(`api:${method}${body.ok ? '' : `!${String(body.error)}`}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return;
    }

    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      this.fileDownloads.push({ path: url.pathname, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      this.record(`download:${url.pathname}`);
      serveSharedFile(req, res, url.pathname, this.sharedFiles, this.botToken, this.baseUrl);
      return;
    }

    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const file = this.files.get(url.pathname.slice('/upload/'.length));
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      const form = await new Request('http://fake/upload', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(raw),
      }).formData();
      const part = formEntries(form).map(([, v]) => v).find((v): v is File => typeof v !== 'string');
      file.data = part ? Buffer.from(await part.arrayBuffer()) : raw;
      file.uploadContentType = req.headers['content-type'];
      this.record(`upload:${file.id}`);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${file.data.length}`);
      return;
    }

    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const responseId = url.pathname.slice('/response/'.length);
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      const used = this.responseUrlPosts.filter((p) => p.responseId === responseId && p.accepted).length;
      const blockProblem = body.blocks !== undefined ? findBlockProblem(body.blocks) : undefined;
      const accepted = used < RESPONSE_URL_MAX_USES && !blockProblem;
      const clicked = this.clickedMessageOfResponse.get(responseId);
      const isReplacement = body.replace_original === true || body.replace_original === 'true';
      const post: ResponseUrlPost = { responseId, body, accepted };
      if (accepted && isReplacement && clicked) post.replacedMessageTs = clicked.ts;
      else if (accepted && !isReplacement && body.delete_original !== true) post.messageTs = this.nextTs();
      this.responseUrlPosts.push(post);
      this.record(`response${accepted ? (post.replacedMessageTs ? ':replace' : '') : '!refused'}`);
      if (!accepted) {
        res.writeHead(blockProblem ? 400 : 404, { 'content-type': 'text/plain' });
        res.end(blockProblem ? 'invalid_blocks' : 'used_url');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }

    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private async parseArgs(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8') || '{}');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
      return Object.fromEntries(formEntries(form).map(([k, v]) => [k, typeof v === 'string' ? v : '<binary>']));
    }
    return parseQuery(raw.toString('utf8')) as Record<string, unknown>;
  }

  private parseJsonArg<T>(value: unknown, name: string): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      throw new SlackApiError(`invalid_arguments:${name}`);
    }
  }

  private requireBot(token: string | undefined): void {
    if (!token) throw new SlackApiError('not_authed');
    if (token !== this.botToken) throw new SlackApiError('invalid_auth');
  }

  private requireChannelAccess(channel: string): void {
    if (this.channelsWithoutBot.has(channel)) throw new SlackApiError('not_in_channel');
  }

  private callMethod(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) throw new SlackApiError('invalid_auth');
      return { url: `${this.baseUrl.replace('http', 'ws')}/socket-mode?ticket=${randomUUID()}` };
    }
    this.requireBot(token);
    const scope = SCOPE_OF_METHOD[method];
    if (scope && this.missingScopes.has(scope)) {
      const provided = GRANTED_SCOPES.filter((s) => !this.missingScopes.has(s)).join(',');
      throw new SlackApiError('missing_scope', { needed: scope, provided });
    }
    switch (method) {
      case 'auth.test':
        return { url: 'https://fake.slack.com/', team: 'Fake Course', user: 'nn-tutor', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'users.info': {
        const user = String(args.user ?? '');
        if (!user) throw new SlackApiError('user_not_found');
        const isAdmin = this.adminUserIds.has(user);
        return { user: { id: user, name: user.toLowerCase(), is_admin: isAdmin, is_owner: false, is_primary_owner: false } };
      }
      case 'conversations.join': {
        const channel = String(args.channel ?? '');
        this.channelsWithoutBot.delete(channel);
        return { channel: { id: channel } };
      }
      case 'conversations.open': {
        // Real Slack: `users` is a comma-separated list; one user gives the bot's DM with them, the same id every time.
        if (args.users === undefined && args.channel === undefined) throw new SlackApiError('users_list_not_supplied');
        const users = String(args.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
        if (users.length !== 1) throw new SlackApiError(users.length ? 'not_implemented_in_fake' : 'users_list_not_supplied');
        const user = users[0];
        if (!/^[UW][A-Z0-9]+$/.test(user)) throw new SlackApiError('user_not_found');
        let dm = this.directMessageChannels.get(user);
        if (!dm) {
          dm = `D${user.slice(1)}`;
          this.directMessageChannels.set(user, dm);
        }
        return { channel: { id: dm } };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (!channel) throw new SlackApiError('channel_not_found');
        this.requireChannelAccess(channel);
        const blocks = this.parseJsonArg<SlackBlockJson[]>(args.blocks, 'blocks');
        if (!args.text && !blocks?.length) throw new SlackApiError('no_text');
        if (blocks && findBlockProblem(blocks)) throw new SlackApiError('invalid_blocks');
        const ts = this.nextTs();
        const text = args.text === undefined ? undefined : String(args.text);
        const message: FakeMessage = {
          channel,
          ts,
          ...(text !== undefined ? { text } : {}),
          ...(blocks ? { blocks } : {}),
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
          history: [{ text, blocks }],
        };
        this.messages.push(message);
        return { channel, ts, message: { text, blocks, ts } };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts && !m.isDeleted);
        if (!message) throw new SlackApiError('message_not_found');
        const blocks = this.parseJsonArg<SlackBlockJson[]>(args.blocks, 'blocks');
        if (blocks && findBlockProblem(blocks)) throw new SlackApiError('invalid_blocks');
        message.text = args.text === undefined ? undefined : String(args.text);
        message.blocks = blocks;
        message.history.push({ text: message.text, blocks });
        return { channel: message.channel, ts: message.ts };
      }
      case 'chat.delete': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts && !m.isDeleted);
        if (!message) throw new SlackApiError('message_not_found');
        message.isDeleted = true;
        return { channel: message.channel, ts: message.ts };
      }
      case 'chat.postEphemeral': {
        const blocks = this.parseJsonArg<SlackBlockJson[]>(args.blocks, 'blocks');
        const text = args.text === undefined ? undefined : String(args.text);
        this.ephemeralMessages.push({ channel: String(args.channel), user: String(args.user), ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) });
        return { message_ts: this.nextTs() };
      }
      case 'files.getUploadURLExternal': {
        const filename = String(args.filename ?? '');
        const length = Number(args.length);
        if (!filename) throw new SlackApiError('invalid_arguments:filename');
        if (!Number.isInteger(length) || length <= 0) throw new SlackApiError('invalid_arguments:length');
        const id = this.nextId('F');
        this.files.set(id, {
          id,
          filename,
          declaredLength: length,
          ...(args.alt_text !== undefined ? { altText: String(args.alt_text) } : {}),
          completed: false,
        });
        return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const entries = this.parseJsonArg<{ id: string; title?: string }[]>(args.files, 'files');
        if (!Array.isArray(entries) || entries.length === 0) throw new SlackApiError('invalid_arguments:files');
        const channel = args.channel_id ? String(args.channel_id) : undefined;
        if (channel) this.requireChannelAccess(channel);
        const completed: Record<string, unknown>[] = [];
        for (const entry of entries) {
          const file = this.files.get(entry.id);
          if (!file) throw new SlackApiError('file_not_found');
          if (!file.data) throw new SlackApiError('file_upload_not_found');
          if (file.data.length !== file.declaredLength) throw new SlackApiError('file_upload_size_mismatch');
          file.completed = true;
          if (entry.title !== undefined) file.title = entry.title;
          if (channel) file.channelId = channel;
          if (args.thread_ts) file.threadTs = String(args.thread_ts);
          completed.push({ id: file.id, name: file.filename, title: file.title ?? file.filename, size: file.data.length });
        }
        if (channel) {
          const shared = this.uploadsByChannel.get(channel) ?? [];
          shared.push(...entries.map((e) => this.files.get(e.id)!));
          this.uploadsByChannel.set(channel, shared);
          const ts = this.nextTs();
          this.messages.push({
            channel,
            ts,
            ...(args.initial_comment ? { text: String(args.initial_comment) } : {}),
            ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
            history: [],
            fileIds: entries.map((e) => e.id),
          });
        }
        return { files: completed };
      }
      case 'files.info': {
        const file = this.sharedFiles.get(String(args.file ?? ''));
        if (!file) throw new SlackApiError('file_not_found');
        if (file.isDeleted) throw new SlackApiError('file_deleted');
        return { file: file.json, comments: [], response_metadata: { next_cursor: '' } };
      }
      case 'conversations.history': {
        const channel = String(args.channel ?? '');
        if (!channel) throw new SlackApiError('channel_not_found');
        this.requireChannelAccess(channel);
        const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
        const members = this.channelHistory.get(channel) ?? [];
        const bots = this.messages.filter((m) => m.channel === channel && !m.isDeleted).map((m) => ({ type: 'message', user: 'U0BOT', bot_id: 'B0BOT', text: m.text ?? '', ts: m.ts }));
        const newestFirst = [...members, ...bots].sort((a, b) => (a.ts < b.ts ? 1 : -1));
        return { messages: newestFirst.slice(0, limit), has_more: newestFirst.length > limit, pin_count: 0, response_metadata: { next_cursor: '' } };
      }
      case 'views.open': {
        const triggerId = String(args.trigger_id ?? '');
        if (!triggerId) throw new SlackApiError('invalid_arguments:trigger_id');
        const issuedAt = Number(triggerId.split('.')[0]);
        if (!Number.isFinite(issuedAt) || Date.now() - issuedAt > TRIGGER_ID_LIFETIME_MS) throw new SlackApiError('expired_trigger_id');
        if (this.openedViews.some((v) => v.triggerId === triggerId)) throw new SlackApiError('exchanged_trigger_id');
        const view = this.parseJsonArg<Record<string, unknown>>(args.view, 'view');
        const problem = findModalProblem(view);
        if (problem) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: [problem] } });
        const id = this.nextId('V');
        this.openedViews.push({ id, triggerId, view: view! });
        return { view: { id, team_id: 'T0FAKE', ...view, state: { values: {} }, hash: `${Date.now()}.hash`, app_id: 'A0FAKEAPP', bot_id: 'B0BOT' } };
      }
      case 'files.delete': {
        const file = this.files.get(String(args.file ?? ''));
        if (!file || file.isDeleted) throw new SlackApiError('file_not_found');
        file.isDeleted = true;
        return {};
      }
      default:
        throw new SlackApiError('unknown_method');
    }
  }
}

/** Why Slack would refuse a modal view (views.open), or undefined. Checks the limits the adapter relies on. */
function findModalProblem(view: Record<string, unknown> | undefined): string | undefined {
  if (!view || view.type !== 'modal') return '[ERROR] must be a modal view [json-pointer:/view/type]';
  const plain = (value: unknown, max: number, where: string) => {
    const text = (value as { type?: string; text?: string } | undefined);
    if (!text || text.type !== 'plain_text' || typeof text.text !== 'string' || !text.text || text.text.length > max) return `[ERROR] must be plain_text of 1-${max} characters [json-pointer:/view/${where}]`;
    return undefined;
  };
  const problem = plain(view.title, 24, 'title') ?? (view.submit !== undefined ? plain(view.submit, 24, 'submit') : undefined) ?? (view.close !== undefined ? plain(view.close, 24, 'close') : undefined);
  if (problem) return problem;
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return '[ERROR] must be at most 3000 characters [json-pointer:/view/private_metadata]';
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) return '[ERROR] must be at most 255 characters [json-pointer:/view/callback_id]';
  const blocks = view.blocks as { type?: string; element?: { type?: string; max_length?: number } }[] | undefined;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 100) return '[ERROR] must have 1-100 blocks [json-pointer:/view/blocks]';
  for (const [i, block] of blocks.entries()) {
    if (block.type === 'input' && block.element?.type === 'plain_text_input' && (block.element.max_length ?? 0) > 3000)
      return `[ERROR] max_length must be at most 3000 [json-pointer:/view/blocks/${i}/element/max_length]`;
  }
  return undefined;
}

/** Starts a FakeSlack on a free local port. */
export function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  return new FakeSlack(options).start();
}
