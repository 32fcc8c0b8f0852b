/**
 * A local stand-in for Discord: REST under /api/v10 and a WebSocket gateway on one port. The real
 * discord.js Client talks to it through `rest: { api: fake.apiUrl }` (the gateway URL comes from
 * GET /gateway/bot). It enforces what Discord enforces — the 3-second acknowledgement window, one
 * acknowledgement per interaction, the 15-minute token, message/component/attachment limits and
 * command-definition limits — answering with Discord's error codes and recording each refusal in
 * `violations`, so a test fails where Discord would.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIUser } from 'discord-api-types/v10';
import { checkCommandList, checkMessageBody, MESSAGE_LIMITS, type FakeApiError } from './checks.ts';
import { FakeGateway } from './gateway.ts';
import {
  buildCommandInteraction,
  buildComponentInteraction,
  buildGuildCreate,
  buildInteractionMember,
  buildUser,
  EVERYONE_PERMISSIONS,
  MESSAGE_FLAGS,
  newSnowflake,
  PERMISSIONS,
  toApiMessage,
  type FakeGuild,
  type InteractionOption,
  type StoredAttachment,
  type StoredMessage,
} from './payloads.ts';

/** Discord's acknowledgement window for an interaction. */
export const ACK_WINDOW_MS = 3000;
/** How long an interaction token can be used for edits and follow-ups. */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Interaction callback types (docs: Interaction Response Object). */
export const CALLBACK = { message: 4, deferredMessage: 5, deferredUpdate: 6, updateMessage: 7, autocompleteResult: 8, modal: 9 } as const;

/** One person in the fake guild. */
export interface FakeMember {
  user: APIUser;
  roles: string[];
  nick: string | null;
}

/** What the fake records about one interaction it dispatched. */
export interface FakeInteraction {
  id: string;
  token: string;
  kind: 'command' | 'component' | 'autocomplete';
  name: string;
  createdAt: number;
  payload: Record<string, unknown>;
  attachmentSizeLimitBytes: number;
  ack?: { type: number; at: number; ephemeral: boolean };
  /** The message @original refers to (the reply, or the clicked message for update-type acks). */
  originalMessageId?: string;
  originalDeleted?: boolean;
  followUpIds: string[];
  autocompleteChoices?: { name: string; value: string | number }[];
  /** In HTTP-interactions mode: the HTTP status the bot's endpoint answered the POST with. */
  deliveryStatus?: number;
  /** For a button click or select choice: the message the component is on. */
  sourceMessageId?: string;
}

/** One change the bot made, in arrival order. */
export interface FakeEvent {
  kind: 'callback' | 'edit-original' | 'delete-original' | 'follow-up' | 'edit-message';
  interactionId: string;
  at: number;
  callbackType?: number;
  messageId?: string;
  content?: string;
  attachmentNames?: string[];
}

/** A request the fake refused, as Discord would have. */
export interface FakeViolation {
  at: number;
  method: string;
  path: string;
  status: number;
  code: number;
  message: string;
}

/** A registered command, as the fake stores it. */
export interface FakeCommand {
  id: string;
  name: string;
  description: string;
  options?: { type: number; name: string; description: string; required?: boolean; choices?: { name: string; value: string | number }[]; autocomplete?: boolean; min_value?: number; max_value?: number }[];
  default_member_permissions?: string | null;
  [key: string]: unknown;
}

/** Settings of the fake. */
export interface FakeDiscordOptions {
  token?: string;
  heartbeatIntervalMs?: number;
  enabledPrivilegedIntents?: number;
  closeIdentifyWith?: number;
  attachmentSizeLimitBytes?: number;
}

interface ParsedBody {
  json: Record<string, unknown>;
  files: { field: string; filename: string; contentType: string; data: Buffer }[];
  isMultipart: boolean;
}

class HttpError extends Error {
  constructor(readonly apiError: FakeApiError) {
    super(apiError.message);
  }
}

const fail = (status: number, code: number, message: string): never => {
  throw new HttpError({ status, code, message });
};

/** The fake Discord (REST + gateway on one port). */
export class FakeDiscord extends EventEmitter {
  readonly token: string;
  readonly applicationId = newSnowflake();
  readonly botUser: APIUser;
  readonly guild: FakeGuild;
  readonly lecturerRoleId = newSnowflake();
  readonly botRoleId = newSnowflake();
  readonly members: { student: FakeMember; lecturer: FakeMember; admin: FakeMember };
  readonly interactions = new Map<string, FakeInteraction>();
  readonly messages = new Map<string, StoredMessage>();
  readonly events: FakeEvent[] = [];
  readonly violations: FakeViolation[] = [];
  readonly requests: { method: string; path: string; at: number; authorized: boolean }[] = [];
  readonly globalCommands: FakeCommand[] = [];
  readonly guildCommands: FakeCommand[] = [];
  /** Every bulk PUT body received, in order (scope + raw body). */
  readonly commandPuts: { scope: 'global' | 'guild'; body: unknown; accepted: boolean }[] = [];
  readonly gateway: FakeGateway;
  attachmentSizeLimitBytes: number;
  /** When set, interactions are POSTed here, signed, instead of dispatched over the gateway. */
  interactionsEndpointUrl: string | null = null;
  /** The application's Ed25519 public key as Developer Portal shows it (64 hex characters). */
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;
  private server: Server | null = null;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    super();
    this.setMaxListeners(100);
    this.token = options.token ?? 'MTAwMDAwMDAwMDAwMDAwMDAw.fake.token-for-tests';
    this.attachmentSizeLimitBytes = options.attachmentSizeLimitBytes ?? MESSAGE_LIMITS.defaultAttachmentSizeLimitBytes;
    this.botUser = buildUser(this.applicationId, 'nn-tutor', { bot: true });
    const keys = generateKeyPairSync('ed25519');
    this.privateKey = keys.privateKey;
    this.publicKeyHex = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    const guildId = newSnowflake();
    this.guild = {
      id: guildId,
      name: 'Neural Networks 2026',
      ownerId: newSnowflake(),
      channelId: newSnowflake(),
      roles: [
        { id: guildId, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
        { id: this.lecturerRoleId, name: 'Lecturer', permissions: EVERYONE_PERMISSIONS },
        { id: this.botRoleId, name: 'nn-tutor', permissions: EVERYONE_PERMISSIONS },
      ],
    };
    this.members = {
      student: { user: buildUser(newSnowflake(), 'ada', { globalName: 'Ada Lovelace' }), roles: [], nick: null },
      lecturer: { user: buildUser(newSnowflake(), 'geoff', { globalName: 'Geoffrey' }), roles: [this.lecturerRoleId], nick: 'Prof. Geoff' },
      admin: { user: buildUser(newSnowflake(), 'root', { globalName: 'Server Admin' }), roles: [], nick: null },
    };
    const host = {
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      enabledPrivilegedIntents: options.enabledPrivilegedIntents ?? 0,
      closeIdentifyWith: options.closeIdentifyWith,
      readyPayload: (sessionId: string, resumeUrl: string) => ({
        v: 10,
        user_settings: {},
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
        guilds: [{ id: this.guild.id, unavailable: true }],
        session_id: sessionId,
        session_type: 'normal',
        resume_gateway_url: resumeUrl,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['rotterdam'],
        auth: {},
        _trace: ['["fake-gateway",{"micros":0}]'],
      }),
      guildCreatePayload: () => buildGuildCreate(this.guild, this.botUser, this.botRoleId),
      onChange: () => this.emit('change'),
    };
    this.gateway = new FakeGateway(host, () => `ws://127.0.0.1:${this.port}`);
  }

  /** Base URL to give discord.js as `rest.api` (it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops the HTTP server and closes every gateway socket. */
  async stop(): Promise<void> {
    await this.gateway.close();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the probe's value once it is truthy (re-checked on every change). */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.off('change', check);
      };
      this.on('change', check);
      check();
    });
  }

  /** Waits until the bot has identified and received its guild. */
  waitForBot(): Promise<true> {
    return this.waitFor(() => this.gateway.hasReadySession, 'the bot to connect to the gateway');
  }

  private findCommand(name: string): FakeCommand | undefined {
    return this.guildCommands.find((c) => c.name === name) ?? this.globalCommands.find((c) => c.name === name);
  }

  private memberPermissions(member: FakeMember, who: keyof FakeDiscord['members'] | undefined): bigint {
    let permissions = EVERYONE_PERMISSIONS;
    for (const roleId of member.roles) permissions |= this.guild.roles.find((r) => r.id === roleId)?.permissions ?? 0n;
    if (who === 'admin') permissions |= PERMISSIONS.manageGuild | PERMISSIONS.administrator;
    return permissions;
  }

  private newInteraction(
    kind: FakeInteraction['kind'],
    name: string,
    build: (base: Parameters<typeof buildCommandInteraction>[0]) => Record<string, unknown>,
    as: keyof FakeDiscord['members'],
    attachmentSizeLimitBytes?: number,
  ): FakeInteraction {
    const member = this.members[as];
    const id = newSnowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const limit = attachmentSizeLimitBytes ?? this.attachmentSizeLimitBytes;
    const payload = build({
      id,
      token,
      applicationId: this.applicationId,
      guildId: this.guild.id,
      channelId: this.guild.channelId,
      member: buildInteractionMember(member.user, member.roles, this.memberPermissions(member, as), member.nick),
      appPermissions: EVERYONE_PERMISSIONS,
      attachmentSizeLimitBytes: limit,
    });
    const interaction: FakeInteraction = { id, token, kind, name, createdAt: Date.now(), payload, attachmentSizeLimitBytes: limit, followUpIds: [] };
    this.interactions.set(id, interaction);
    if (this.interactionsEndpointUrl) {
      void this.postSigned(this.interactionsEndpointUrl, payload).then(
        (response) => {
          interaction.deliveryStatus = response.status;
          this.emit('change');
        },
        () => {
          interaction.deliveryStatus = 0;
          this.emit('change');
        },
      );
    } else {
      const delivered = this.gateway.dispatch('INTERACTION_CREATE', payload);
      if (delivered === 0) throw new Error('fake Discord: no bot is connected to the gateway');
    }
    this.emit('change');
    return interaction;
  }

  /** POSTs a body to an interactions endpoint the way Discord does: Ed25519 over timestamp + body. */
  async postSigned(url: string, body: unknown, settings: { badSignature?: boolean; unsigned?: boolean } = {}): Promise<Response> {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + (settings.badSignature ? `${raw} ` : raw)), this.privateKey).toString('hex');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)' };
    if (!settings.unsigned) Object.assign(headers, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
    return fetch(url, { method: 'POST', headers, body: raw });
  }

  /**
   * What Discord does when an Interactions Endpoint URL is saved: a signed PING must get
   * 200 {"type":1}, and badly signed and unsigned requests must get 401.
   */
  async verifyInteractionsEndpoint(url: string): Promise<{ ok: boolean; statuses: number[] }> {
    const ping = { id: newSnowflake(), application_id: this.applicationId, type: 1, token: 'ping-token', version: 1 };
    const good = await this.postSigned(url, ping);
    const pong = good.status === 200 ? await good.json() : null;
    const bad = await this.postSigned(url, ping, { badSignature: true });
    const unsigned = await this.postSigned(url, ping, { unsigned: true });
    const statuses = [good.status, bad.status, unsigned.status];
    return { ok: good.status === 200 && (pong as { type?: number })?.type === 1 && bad.status === 401 && unsigned.status === 401, statuses };
  }

  private toOptions(name: string, values: Record<string, string | number | boolean>, focused?: string): InteractionOption[] {
    const registered = this.findCommand(name);
    return Object.entries(values).map(([optionName, value]) => {
      const declared = registered?.options?.find((o) => o.name === optionName);
      const type =
        declared?.type ?? (typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3);
      return { name: optionName, type, value, ...(optionName === focused ? { focused: true } : {}) };
    });
  }

  /** A member types `/name option:value ...` and presses enter. */
  runSlashCommand(
    name: string,
    options: Record<string, string | number | boolean> = {},
    settings: { as?: keyof FakeDiscord['members']; attachmentSizeLimitBytes?: number } = {},
  ): FakeInteraction {
    const registered = this.findCommand(name);
    const command = { id: registered?.id ?? newSnowflake(), name, guildId: this.guildCommands.includes(registered!) ? this.guild.id : undefined };
    return this.newInteraction(
      'command',
      name,
      (base) => buildCommandInteraction(base, command, this.toOptions(name, options)) as unknown as Record<string, unknown>,
      settings.as ?? 'student',
      settings.attachmentSizeLimitBytes,
    );
  }

  /** A member types into an option that has autocomplete (`focused` names that option). */
  typeForAutocomplete(name: string, options: Record<string, string | number | boolean>, focused: string): FakeInteraction {
    const registered = this.findCommand(name);
    const command = { id: registered?.id ?? newSnowflake(), name };
    return this.newInteraction(
      'autocomplete',
      name,
      (base) => buildCommandInteraction(base, command, this.toOptions(name, options, focused), 'autocomplete') as unknown as Record<string, unknown>,
      'student',
    );
  }

  private componentOnMessage(messageId: string, customId: string): void {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`fake Discord: no message ${messageId}`);
    const ids = (message.components as { components?: { custom_id?: string; disabled?: boolean }[] }[]).flatMap((row) => row.components ?? []);
    const component = ids.find((c) => c.custom_id === customId);
    if (!component) throw new Error(`fake Discord: message ${messageId} has no component "${customId}" (has ${ids.map((c) => c.custom_id).join(', ')})`);
    if (component.disabled) throw new Error(`fake Discord: component "${customId}" is disabled and cannot be clicked`);
  }

  /** A member clicks a button on a message the bot sent. */
  clickButton(messageId: string, customId: string, settings: { as?: keyof FakeDiscord['members'] } = {}): FakeInteraction {
    this.componentOnMessage(messageId, customId);
    const message = this.messages.get(messageId)!;
    const interaction = this.newInteraction(
      'component',
      customId,
      (base) => buildComponentInteraction(base, toApiMessage(message, this.applicationId, this.botUser, this.guild.id), customId),
      settings.as ?? 'student',
    );
    interaction.sourceMessageId = messageId;
    return interaction;
  }

  /** A member picks values in a select menu on a message the bot sent. */
  chooseInSelect(messageId: string, customId: string, values: string[]): FakeInteraction {
    this.componentOnMessage(messageId, customId);
    const message = this.messages.get(messageId)!;
    const interaction = this.newInteraction(
      'component',
      customId,
      (base) => buildComponentInteraction(base, toApiMessage(message, this.applicationId, this.botUser, this.guild.id), customId, values),
      'student',
    );
    interaction.sourceMessageId = messageId;
    return interaction;
  }

  /** The message an interaction's @original currently points at. */
  original(interaction: FakeInteraction): StoredMessage | undefined {
    const id = interaction.originalMessageId;
    return id && !interaction.originalDeleted ? this.messages.get(id) : undefined;
  }

  /** Follow-up messages of an interaction, in order. */
  followUps(interaction: FakeInteraction): StoredMessage[] {
    return interaction.followUpIds.map((id) => this.messages.get(id)!).filter(Boolean);
  }

  /** Events that belong to one interaction. */
  eventsOf(interaction: FakeInteraction): FakeEvent[] {
    return this.events.filter((e) => e.interactionId === interaction.id);
  }

  /** Asks the connected bot to reconnect (gateway opcode 7). */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  // ---------------------------------------------------------------- REST

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    this.requests.push({ method, path: url.pathname, at: Date.now(), authorized });
    try {
      if (url.pathname.startsWith('/attachments/')) return this.serveAttachment(url.pathname, res);
      if (!url.pathname.startsWith('/api/v10/')) fail(404, 0, '404: Not Found');
      const route = decodeURIComponent(url.pathname.slice('/api/v10'.length));
      const body = await this.readBody(req);
      const result = await this.route(method, route, url, body, authorized);
      if (result === undefined) {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      }
    } catch (error) {
      const apiError: FakeApiError =
        error instanceof HttpError ? error.apiError : { status: 500, code: 0, message: `fake Discord crashed: ${(error as Error).stack}` };
      this.violations.push({ at: Date.now(), method, path: url.pathname, status: apiError.status, code: apiError.code, message: apiError.message });
      const { status, ...rest } = apiError;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(rest));
    } finally {
      this.emit('change');
    }
  }

  private async readBody(req: IncomingMessage): Promise<ParsedBody> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const files: ParsedBody['files'] = [];
      let json: Record<string, unknown> = {};
      const pairs: [string, FormDataEntryValue][] = [];
      form.forEach((value, field) => pairs.push([field, value]));
      for (const [field, value] of pairs) {
        if (field === 'payload_json') json = JSON.parse(String(value));
        else if (typeof value !== 'string') {
          files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { json, files, isMultipart: true };
    }
    if (raw.length === 0) return { json: {}, files: [], isMultipart: false };
    try {
      return { json: JSON.parse(raw.toString('utf8')), files: [], isMultipart: false };
    } catch {
      return fail(400, 50109, 'The request body contains invalid JSON.');
    }
  }

  private requireAuth(authorized: boolean): void {
    if (!authorized) fail(401, 0, '401: Unauthorized');
  }

  private async route(method: string, route: string, url: URL, body: ParsedBody, authorized: boolean): Promise<unknown> {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && route === '/gateway/bot') {
      this.requireAuth(authorized);
      return {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      };
    }
    if (method === 'GET' && route === '/gateway') return { url: `ws://127.0.0.1:${this.port}` };
    if (method === 'GET' && route === '/users/@me') {
      this.requireAuth(authorized);
      return this.botUser;
    }
    if (method === 'GET' && (m = route.match(/^\/guilds\/(\d+)$/))) {
      this.requireAuth(authorized);
      if (m[1] !== this.guild.id) fail(404, 10004, 'Unknown Guild');
      const { members: _members, channels: _channels, ...guild } = buildGuildCreate(this.guild, this.botUser, this.botRoleId);
      return guild;
    }
    if (method === 'GET' && route === '/applications/@me') {
      this.requireAuth(authorized);
      return { id: this.applicationId, name: 'nn-tutor', description: '', bot_public: false, bot_require_code_grant: false, flags: 0, verify_key: '0'.repeat(64) };
    }
    if ((m = route.match(/^\/applications\/(\d+)\/commands$/))) {
      this.requireAuth(authorized);
      if (m[1] !== this.applicationId) fail(403, 50001, 'Missing Access');
      if (method === 'GET') return this.globalCommands;
      if (method === 'PUT') return this.overwriteCommands('global', body.json, this.globalCommands);
    }
    if ((m = route.match(/^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/))) {
      this.requireAuth(authorized);
      if (m[1] !== this.applicationId) fail(403, 50001, 'Missing Access');
      if (m[2] !== this.guild.id) fail(403, 50001, 'Missing Access');
      if (method === 'GET') return this.guildCommands;
      if (method === 'PUT') return this.overwriteCommands('guild', body.json, this.guildCommands);
    }
    if (method === 'POST' && (m = route.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.interactionCallback(m[1]!, decodeURIComponent(m[2]!), body, url.searchParams.get('with_response') === 'true');
    }
    if ((m = route.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/))) {
      const interaction = this.interactionForWebhook(m[1]!, decodeURIComponent(m[2]!));
      const isOriginal = decodeURIComponent(m[3]!) === '@original';
      const messageId = isOriginal ? this.requireOriginal(interaction) : m[3]!;
      if (!isOriginal && !interaction.followUpIds.includes(messageId)) fail(404, 10008, 'Unknown Message');
      if (method === 'GET') return this.apiMessage(messageId);
      if (method === 'PATCH') return this.editMessage(interaction, messageId, body, isOriginal ? 'edit-original' : 'edit-message');
      if (method === 'DELETE') {
        if (isOriginal) interaction.originalDeleted = true;
        this.messages.delete(messageId);
        this.events.push({ kind: 'delete-original', interactionId: interaction.id, at: Date.now(), messageId });
        return undefined;
      }
    }
    if (method === 'POST' && (m = route.match(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      return this.followUp(this.interactionForWebhook(m[1]!, decodeURIComponent(m[2]!)), body);
    }
    return fail(404, 0, `404: Not Found (the fake does not know ${method} ${route})`);
  }

  private overwriteCommands(scope: 'global' | 'guild', body: unknown, store: FakeCommand[]): FakeCommand[] {
    const error = checkCommandList(body);
    this.commandPuts.push({ scope, body, accepted: !error });
    if (error) throw new HttpError(error);
    const list = body as FakeCommand[];
    store.length = 0;
    for (const command of list) {
      const previous = store.find((c) => c.name === command.name);
      store.push({
        ...command,
        id: previous?.id ?? newSnowflake(),
        application_id: this.applicationId,
        ...(scope === 'guild' ? { guild_id: this.guild.id } : {}),
        version: newSnowflake(),
        type: 1,
        default_member_permissions: command.default_member_permissions ?? null,
        nsfw: false,
        integration_types: [0],
        contexts: null,
      });
    }
    return store;
  }

  private interactionCallback(id: string, token: string, body: ParsedBody, withResponse: boolean): unknown {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) return fail(404, 10062, 'Unknown interaction');
    if (interaction.ack) return fail(400, 40060, 'Interaction has already been acknowledged.');
    const ageMs = Date.now() - interaction.createdAt;
    if (ageMs > ACK_WINDOW_MS) return fail(404, 10062, `Unknown interaction (acknowledged after ${ageMs} ms; Discord allows ${ACK_WINDOW_MS} ms)`);
    const type = Number(body.json.type);
    const data = (body.json.data ?? {}) as Record<string, unknown>;
    const allowed: Record<FakeInteraction['kind'], number[]> = {
      command: [CALLBACK.message, CALLBACK.deferredMessage, CALLBACK.modal],
      component: [CALLBACK.message, CALLBACK.deferredMessage, CALLBACK.deferredUpdate, CALLBACK.updateMessage, CALLBACK.modal],
      autocomplete: [CALLBACK.autocompleteResult],
    };
    if (!allowed[interaction.kind].includes(type)) return fail(400, 50035, `Invalid Form Body (type: ${type} is not valid for a ${interaction.kind} interaction)`);
    const ephemeral = (Number(data.flags ?? 0) & MESSAGE_FLAGS.ephemeral) !== 0;
    const sourceMessageId = interaction.sourceMessageId;
    if (type === CALLBACK.message) {
      const error = checkMessageBody(data, body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length })), interaction.attachmentSizeLimitBytes, { isEdit: false });
      if (error) throw new HttpError(error);
      interaction.originalMessageId = this.storeMessage(interaction, data, body, ephemeral).id;
    } else if (type === CALLBACK.deferredMessage) {
      const message = this.storeMessage(interaction, { content: '' }, { json: {}, files: [], isMultipart: false }, ephemeral);
      message.isLoading = true;
      interaction.originalMessageId = message.id;
    } else if (type === CALLBACK.deferredUpdate) {
      interaction.originalMessageId = sourceMessageId;
    } else if (type === CALLBACK.updateMessage) {
      interaction.originalMessageId = sourceMessageId;
      interaction.ack = { type, at: Date.now(), ephemeral: false };
      this.editMessage(interaction, sourceMessageId!, body, 'edit-original');
    } else if (type === CALLBACK.autocompleteResult) {
      const choices = (data.choices ?? []) as { name: string; value: string | number }[];
      if (!Array.isArray(choices) || choices.length > 25) return fail(400, 50035, 'Invalid Form Body (data.choices: Must be 25 or fewer in length.)');
      for (const choice of choices) {
        if (!choice.name || choice.name.length > 100) return fail(400, 50035, 'Invalid Form Body (data.choices.name: Must be between 1 and 100 in length.)');
      }
      interaction.autocompleteChoices = choices;
    }
    interaction.ack = { type, at: Date.now(), ephemeral };
    const message = interaction.originalMessageId ? this.messages.get(interaction.originalMessageId) : undefined;
    this.events.push({
      kind: 'callback',
      interactionId: interaction.id,
      at: interaction.ack.at,
      callbackType: type,
      messageId: message?.id,
      content: message?.content,
      attachmentNames: message?.attachments.map((a) => a.filename),
    });
    if (!withResponse) return undefined;
    return {
      interaction: { id: interaction.id, type: interaction.kind === 'command' ? 2 : 3, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: message?.isLoading ?? false, response_message_ephemeral: ephemeral },
      resource: message ? { type, message: this.apiMessage(message.id) } : { type },
    };
  }

  private interactionForWebhook(applicationId: string, token: string): FakeInteraction {
    if (applicationId !== this.applicationId) return fail(404, 10015, 'Unknown Webhook');
    const interaction = [...this.interactions.values()].find((i) => i.token === token);
    if (!interaction) return fail(404, 10015, 'Unknown Webhook');
    if (Date.now() - interaction.createdAt > TOKEN_LIFETIME_MS) return fail(401, 50027, 'Invalid Webhook Token');
    if (!interaction.ack) return fail(404, 10015, 'Unknown Webhook (the interaction has not been acknowledged yet)');
    if (interaction.kind === 'autocomplete') return fail(400, 50035, 'Autocomplete interactions have no messages');
    return interaction;
  }

  private requireOriginal(interaction: FakeInteraction): string {
    if (!interaction.originalMessageId || interaction.originalDeleted) return fail(404, 10008, 'Unknown Message');
    return interaction.originalMessageId;
  }

  private apiMessage(messageId: string): unknown {
    const message = this.messages.get(messageId);
    if (!message) return fail(404, 10008, 'Unknown Message');
    return toApiMessage(message, this.applicationId, this.botUser, this.guild.id);
  }

  private storeAttachments(message: StoredMessage, body: ParsedBody): StoredAttachment[] {
    const declared = (body.json.attachments ?? []) as { id: string | number; filename?: string; description?: string }[];
    return body.files.map((file, index) => {
      const id = newSnowflake();
      const fieldIndex = Number(file.field.match(/\d+/)?.[0] ?? index);
      const meta = declared.find((a) => String(a.id) === String(fieldIndex));
      const filename = meta?.filename ?? file.filename;
      return {
        id,
        filename,
        size: file.data.length,
        contentType: file.contentType || 'application/octet-stream',
        description: meta?.description,
        data: file.data,
        url: `http://127.0.0.1:${this.port}/attachments/${message.channelId}/${id}/${encodeURIComponent(filename)}`,
      };
    });
  }

  private storeMessage(interaction: FakeInteraction, data: Record<string, unknown>, body: ParsedBody, ephemeral: boolean): StoredMessage {
    const member = (interaction.payload.member as { user: APIUser }).user;
    const message: StoredMessage = {
      id: newSnowflake(),
      channelId: this.guild.channelId,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: (data.embeds as Record<string, unknown>[]) ?? [],
      components: (data.components as Record<string, unknown>[]) ?? [],
      attachments: [],
      flags: ephemeral ? MESSAGE_FLAGS.ephemeral : 0,
      createdAt: Date.now(),
      editedAt: null,
      interactionId: interaction.id,
      interactionName: interaction.name,
      invokingUser: member,
      isLoading: false,
    };
    message.attachments = this.storeAttachments(message, { ...body, json: data });
    this.messages.set(message.id, message);
    return message;
  }

  private editMessage(interaction: FakeInteraction, messageId: string, body: ParsedBody, kind: FakeEvent['kind']): unknown {
    const message = this.messages.get(messageId);
    if (!message) return fail(404, 10008, 'Unknown Message');
    const json = (kind === 'edit-original' && body.json.type === CALLBACK.updateMessage ? body.json.data : body.json) as Record<string, unknown>;
    const declared = json.attachments as { id: string | number }[] | undefined;
    // API v10: when `attachments` is sent it lists every attachment the message keeps (old ids) or gets (new file indexes)
    const kept = declared
      ? message.attachments.filter((a) => declared.some((d) => String(d.id) === a.id))
      : message.attachments;
    const files = body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length }));
    const error = checkMessageBody(json, files, interaction.attachmentSizeLimitBytes, { isEdit: true, keptAttachments: kept.length });
    if (error) throw new HttpError(error);
    if ('content' in json) message.content = typeof json.content === 'string' ? json.content : '';
    if ('embeds' in json) message.embeds = (json.embeds as Record<string, unknown>[]) ?? [];
    if ('components' in json) message.components = (json.components as Record<string, unknown>[]) ?? [];
    message.attachments = [...kept, ...this.storeAttachments(message, { ...body, json })];
    const becomesVisible = message.content.length > 0 || message.embeds.length > 0 || message.attachments.length > 0 || message.components.length > 0;
    if (!becomesVisible) return fail(400, 50006, 'Cannot send an empty message');
    message.isLoading = false;
    message.editedAt = Date.now();
    this.events.push({
      kind,
      interactionId: interaction.id,
      at: message.editedAt,
      messageId,
      content: message.content,
      attachmentNames: message.attachments.map((a) => a.filename),
    });
    return this.apiMessage(messageId);
  }

  private followUp(interaction: FakeInteraction, body: ParsedBody): unknown {
    const files = body.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length }));
    const error = checkMessageBody(body.json, files, interaction.attachmentSizeLimitBytes, { isEdit: false });
    if (error) throw new HttpError(error);
    const ephemeral = (Number(body.json.flags ?? 0) & MESSAGE_FLAGS.ephemeral) !== 0;
    const original = this.original(interaction);
    // Discord: the first follow-up to a deferred ("thinking…") response replaces that loading message
    if (original?.isLoading) {
      interaction.originalMessageId = original.id;
      return this.editMessage(interaction, original.id, body, 'follow-up');
    }
    const message = this.storeMessage(interaction, body.json, body, ephemeral);
    interaction.followUpIds.push(message.id);
    this.events.push({
      kind: 'follow-up',
      interactionId: interaction.id,
      at: Date.now(),
      messageId: message.id,
      content: message.content,
      attachmentNames: message.attachments.map((a) => a.filename),
    });
    return this.apiMessage(message.id);
  }

  private serveAttachment(path: string, res: ServerResponse): void {
    const [, , channelId, attachmentId] = path.split('/');
    for (const message of this.messages.values()) {
      if (message.channelId !== channelId) continue;
      const attachment = message.attachments.find((a) => a.id === attachmentId);
      if (attachment) {
        res.writeHead(200, { 'content-type': attachment.contentType }).end(attachment.data);
        return;
      }
    }
    fail(404, 0, '404: Not Found');
  }
}
