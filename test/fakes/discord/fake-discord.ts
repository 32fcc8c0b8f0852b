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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIUser } from 'discord-api-types/v10';
import { FakeDiscordCdn, type FakeAttachmentJson } from './cdn.ts';
import { findCommand } from './commands.ts';
import { MESSAGE_LIMITS } from './checks.ts';
import { FakeGateway, shardOfGuild, type ShardPair } from './gateway.ts';
import { handleHttpRequest } from './http-server.ts';
import { originalMessage } from './messages.ts';
import {
  buildCommandInteraction,
  buildComponentInteraction,
  buildGuildCreate,
  buildGuildMember,
  buildInteractionMember,
  buildUser,
  EVERYONE_PERMISSIONS,
  newSnowflake,
  newSnowflakeOnShard,
  PERMISSIONS,
  toApiMessage,
  type FakeGuild,
  type InteractionOption,
  type StoredMessage,
} from './payloads.ts';
import type { FakeDiscordState } from './state.ts';
import type { FakeCommand, FakeDiscordOptions, FakeEvent, FakeInteraction, FakeMember, FakeViolation } from './types.ts';

export { ACK_WINDOW_MS, CALLBACK, TOKEN_LIFETIME_MS } from './types.ts';
export type { FakeCommand, FakeDiscordOptions, FakeEvent, FakeInteraction, FakeMember, FakeViolation } from './types.ts';
export type { FakeAttachmentJson, FakeUploadSettings } from './cdn.ts';

/** An option value in runSlashCommand: typed values, or a file from `fake.cdn.upload` for an attachment option. */
export type FakeOptionValue = string | number | boolean | FakeAttachmentJson;

/** The fake Discord (REST + gateway on one port). */
export class FakeDiscord extends EventEmitter implements FakeDiscordState {
  readonly token: string;
  readonly applicationId = newSnowflake();
  readonly botUser: APIUser;
  readonly guild: FakeGuild;
  /** Every guild the bot is in; the course guild `guild` first (more with addGuild). */
  readonly guilds: FakeGuild[];
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
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
  /** Files members attach to slash commands, served from their own origin (see FakeDiscordCdn). */
  readonly cdn: FakeDiscordCdn;
  attachmentSizeLimitBytes: number;
  /** When true, REST requests are received but never answered (a stalled Discord). */
  isStalled = false;
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
    this.recommendedShards = options.recommendedShards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.guild = this.buildGuild(newSnowflake(), 'Neural Networks 2026');
    this.guilds = [this.guild];
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
      maxGuildsPerSession: options.maxGuildsPerSession ?? 2500,
      readyPayload: (sessionId: string, resumeUrl: string, shard: ShardPair) => ({
        v: 10,
        user_settings: {},
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
        guilds: this.guildsOnShard(shard).map((g) => ({ id: g.id, unavailable: true })),
        session_id: sessionId,
        session_type: 'normal',
        resume_gateway_url: resumeUrl,
        shard,
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['rotterdam'],
        auth: {},
        _trace: ['["fake-gateway",{"micros":0}]'],
      }),
      guildCreatePayloads: (shard: ShardPair) => this.guildsOnShard(shard).map((g) => buildGuildCreate(g, this.botUser, this.botRoleId)),
      onChange: () => this.emit('change'),
    };
    this.gateway = new FakeGateway(host, () => this.gatewayUrl);
    this.cdn = new FakeDiscordCdn(this.applicationId);
  }

  /** A guild with the course's roles (the Lecturer and bot roles keep their ids, so members carry them everywhere). */
  private buildGuild(id: string, name: string): FakeGuild {
    return {
      id,
      name,
      ownerId: newSnowflake(),
      channelId: newSnowflake(),
      roles: [
        { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
        { id: this.lecturerRoleId, name: 'Lecturer', permissions: EVERYONE_PERMISSIONS },
        { id: this.botRoleId, name: 'nn-tutor', permissions: EVERYONE_PERMISSIONS },
      ],
    };
  }

  /** Adds a guild the bot is in; `onShard: [id, count]` picks an id that Discord's formula puts on that shard. */
  addGuild(name: string, settings: { onShard?: ShardPair } = {}): FakeGuild {
    const id = settings.onShard ? newSnowflakeOnShard(settings.onShard[0], settings.onShard[1]) : newSnowflake();
    const guild = this.buildGuild(id, name);
    this.guilds.push(guild);
    return guild;
  }

  private guildOfMessage(message: StoredMessage): FakeGuild {
    return this.guilds.find((g) => g.id === message.guildId) ?? this.guild;
  }

  /** The guilds a session identified as `[shard_id, num_shards]` receives. */
  guildsOnShard([shardId, shardCount]: ShardPair): FakeGuild[] {
    return this.guilds.filter((g) => shardOfGuild(g.id, shardCount) === shardId);
  }

  /** Base URL to give discord.js as `rest.api` (it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** `http://127.0.0.1:<port>`, the origin attachment URLs point at. */
  get httpOrigin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `ws://127.0.0.1:<port>`, the gateway URL (GET /gateway/bot hands it out). */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Starts listening on 127.0.0.1 (`port`, default an ephemeral one). */
  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void handleHttpRequest(this, req, res));
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    await this.cdn.start();
    return this;
  }

  /** Stops the HTTP server and closes every gateway socket. */
  async stop(): Promise<void> {
    await this.gateway.close();
    await this.cdn.stop();
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
    guild: FakeGuild = this.guild,
  ): FakeInteraction {
    const member = this.members[as];
    const id = newSnowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const limit = attachmentSizeLimitBytes ?? this.attachmentSizeLimitBytes;
    const payload = build({
      id,
      token,
      applicationId: this.applicationId,
      guildId: guild.id,
      channelId: guild.channelId,
      member: buildInteractionMember(member.user, member.roles, this.memberPermissions(member, as), member.nick),
      appPermissions: EVERYONE_PERMISSIONS,
      attachmentSizeLimitBytes: limit,
    });
    const interaction: FakeInteraction = {
      id, token, kind, name, createdAt: Date.now(), payload, attachmentSizeLimitBytes: limit, followUpIds: [], guildId: guild.id, channelId: guild.channelId,
    };
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
      const delivered = this.gateway.dispatch('INTERACTION_CREATE', payload, guild.id);
      if (delivered.length === 0) throw new Error(`fake Discord: no bot is connected to the gateway on the shard of guild ${guild.name}`);
      interaction.deliveredToShards = delivered;
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

  private toOptions(name: string, values: Record<string, FakeOptionValue>, focused?: string): InteractionOption[] {
    const registered = findCommand(this, name);
    return Object.entries(values).map(([optionName, value]) => {
      // an attachment option carries the attachment's id; the file itself goes in data.resolved.attachments
      if (typeof value === 'object') return { name: optionName, type: 11, value: value.id };
      const declared = registered?.options?.find((o) => o.name === optionName);
      const type =
        declared?.type ?? (typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3);
      return { name: optionName, type, value, ...(optionName === focused ? { focused: true } : {}) };
    });
  }

  /** A member types `/name option:value ...` and presses enter. */
  runSlashCommand(
    name: string,
    options: Record<string, FakeOptionValue> = {},
    settings: { as?: keyof FakeDiscord['members']; attachmentSizeLimitBytes?: number; guild?: FakeGuild } = {},
  ): FakeInteraction {
    const registered = findCommand(this, name);
    const command = { id: registered?.id ?? newSnowflake(), name, guildId: this.guildCommands.includes(registered!) ? this.guild.id : undefined };
    return this.newInteraction(
      'command',
      name,
      (base) => {
        const payload = buildCommandInteraction(base, command, this.toOptions(name, options)) as unknown as { data: Record<string, unknown> };
        const files = Object.values(options).filter((v): v is FakeAttachmentJson => typeof v === 'object');
        const resolved: Record<string, unknown> = {};
        if (files.length) resolved.attachments = Object.fromEntries(files.map((f) => [f.id, f]));
        // a USER option (type 6) carries the picked user's id; Discord puts the user and member in data.resolved
        const picked = this.toOptions(name, options).filter((o) => o.type === 6).map((o) => this.memberByUserId(String(o.value)));
        if (picked.length) {
          resolved.users = Object.fromEntries(picked.map((m) => [m.user.id, m.user]));
          resolved.members = Object.fromEntries(picked.map((m) => [m.user.id, { ...buildGuildMember(m.user, m.roles, m.nick), user: undefined }]));
        }
        if (Object.keys(resolved).length) payload.data.resolved = resolved;
        return payload as unknown as Record<string, unknown>;
      },
      settings.as ?? 'student',
      settings.attachmentSizeLimitBytes,
      settings.guild,
    );
  }

  /** The guild member with this user id (what a user picker can pick); throws for anyone else. */
  private memberByUserId(userId: string): FakeMember {
    const member = Object.values(this.members).find((m) => m.user.id === userId);
    if (!member) throw new Error(`fake Discord: a user option picks a member of the guild; no member has the id "${userId}"`);
    return member;
  }

  /** A member types into an option that has autocomplete (`focused` names that option). */
  typeForAutocomplete(name: string, options: Record<string, string | number | boolean>, focused: string): FakeInteraction {
    const registered = findCommand(this, name);
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
    const guild = this.guildOfMessage(message);
    const interaction = this.newInteraction(
      'component',
      customId,
      (base) => buildComponentInteraction(base, toApiMessage(message, this.applicationId, this.botUser, guild.id), customId),
      settings.as ?? 'student',
      undefined,
      guild,
    );
    interaction.sourceMessageId = messageId;
    return interaction;
  }

  /** A member picks values in a select menu on a message the bot sent. */
  chooseInSelect(messageId: string, customId: string, values: string[]): FakeInteraction {
    this.componentOnMessage(messageId, customId);
    const message = this.messages.get(messageId)!;
    const guild = this.guildOfMessage(message);
    const interaction = this.newInteraction(
      'component',
      customId,
      (base) => buildComponentInteraction(base, toApiMessage(message, this.applicationId, this.botUser, guild.id), customId, values),
      'student',
      undefined,
      guild,
    );
    interaction.sourceMessageId = messageId;
    return interaction;
  }

  /** The message an interaction's @original currently points at. */
  original(interaction: FakeInteraction): StoredMessage | undefined {
    return originalMessage(this, interaction);
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
}
