/**
 * Realistic Discord API v10 objects for the fake (users, members, guilds, messages, interactions),
 * shaped after discord-api-types and the developer docs so that discord.js parses them as it
 * parses real gateway traffic.
 */
import type {
  APIChatInputApplicationCommandInteraction,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIUser,
} from 'discord-api-types/v10';

const DISCORD_EPOCH_MS = 1420070400000n;
let increment = 0n;

/** The course's text channel (type 0) as the gateway and interaction payloads describe it. */
export function buildCourseChannel(id: string) {
  return {
    id,
    type: 0,
    name: 'nn-course',
    position: 0,
    flags: 0,
    parent_id: null,
    topic: 'Neural networks, lecture 2',
    permission_overwrites: [],
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

/** A fresh snowflake: milliseconds since the Discord epoch shifted left 22 bits, plus a counter. */
export function newSnowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH_MS) << 22n) | increment).toString();
}

/**
 * A fresh snowflake whose guild-sharding key lands on `shardId` of `shardCount`: the timestamp part
 * (id >> 22) is moved back at most shardCount − 1 ms so that it is ≡ shardId (mod shardCount).
 */
export function newSnowflakeOnShard(shardId: number, shardCount: number): string {
  increment = (increment + 1n) & 0xfffn;
  const count = BigInt(shardCount);
  let ms = BigInt(Date.now()) - DISCORD_EPOCH_MS;
  ms -= (((ms % count) - BigInt(shardId)) % count + count) % count;
  return ((ms << 22n) | increment).toString();
}

/** Permission bits used here (values from the Discord permissions table). */
export const PERMISSIONS = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
} as const;

/** What @everyone may do in a typical course server. */
export const EVERYONE_PERMISSIONS =
  PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.readMessageHistory | PERMISSIONS.useApplicationCommands | PERMISSIONS.embedLinks | PERMISSIONS.attachFiles;

/** A user object as the API sends it. */
export function buildUser(id: string, username: string, options: { bot?: boolean; globalName?: string | null } = {}): APIUser {
  return {
    id,
    username,
    global_name: options.globalName ?? null,
    discriminator: '0',
    avatar: null,
    ...(options.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  } as unknown as APIUser;
}

/** A guild member as it appears in GUILD_CREATE. */
export function buildGuildMember(user: APIUser, roles: string[], nick: string | null = null): APIGuildMember {
  return {
    user,
    nick,
    avatar: null,
    banner: null,
    roles,
    joined_at: '2026-09-01T09:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

/** The invoking member inside an interaction: a guild member plus its computed permissions. */
export function buildInteractionMember(user: APIUser, roles: string[], permissions: bigint, nick: string | null): APIInteractionGuildMember {
  return { ...buildGuildMember(user, roles, nick), user, permissions: permissions.toString() } as APIInteractionGuildMember;
}

/** One role. */
export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
}

/** The state of one guild the fake hosts. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  channelId: string;
  roles: FakeRole[];
}

/** GUILD_CREATE payload for the fake guild (the bot is its only cached member). */
export function buildGuildCreate(guild: FakeGuild, botUser: APIUser, botRoleId: string): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: guild.roles.map((role, position) => ({
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: role.permissions.toString(),
      managed: role.id === botRoleId,
      mentionable: false,
      flags: 0,
      ...(role.id === botRoleId ? { tags: { bot_id: botUser.id } } : {}),
    })),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 25000000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: '2026-09-01T09:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 42,
    voice_states: [],
    members: [buildGuildMember(botUser, [botRoleId])],
    channels: [
      buildCourseChannel(guild.channelId),
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    incidents_data: null,
    lazy: true,
  };
}

/** An attachment as stored by the fake (with its bytes) and as the API shows it. */
export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string;
  description?: string;
  data: Buffer;
  url: string;
}

/** A message as the fake keeps it. */
export interface StoredMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachments: StoredAttachment[];
  flags: number;
  createdAt: number;
  editedAt: number | null;
  /** The interaction that produced it. */
  interactionId: string;
  interactionName: string;
  invokingUser: APIUser;
  isLoading: boolean;
  /** The guild it was sent in (the course guild when absent). */
  guildId?: string;
}

/** Message flags (docs: Message Object → Message Flags). */
export const MESSAGE_FLAGS = { ephemeral: 1 << 6, loading: 1 << 7 } as const;

/** The API view of a stored message (what webhook routes answer). */
export function toApiMessage(message: StoredMessage, applicationId: string, botUser: APIUser, guildId: string): APIMessage {
  return {
    id: message.id,
    type: 20,
    content: message.content,
    channel_id: message.channelId,
    author: botUser,
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: a.url,
      proxy_url: a.url,
      content_type: a.contentType,
      ...(a.description ? { description: a.description } : {}),
    })),
    embeds: message.embeds,
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt ? new Date(message.editedAt).toISOString() : null,
    flags: message.flags | (message.isLoading ? MESSAGE_FLAGS.loading : 0),
    components: message.components,
    application_id: applicationId,
    webhook_id: applicationId,
    guild_id: guildId,
    interaction_metadata: {
      id: message.interactionId,
      type: 2,
      user: message.invokingUser,
      authorizing_integration_owners: { '0': guildId },
      name: message.interactionName,
      command_type: 1,
    },
    interaction: { id: message.interactionId, type: 2, name: message.interactionName, user: message.invokingUser },
  } as unknown as APIMessage;
}

/** Fields every interaction carries, whatever its type. */
export interface InteractionBase {
  id: string;
  token: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  member: APIInteractionGuildMember;
  appPermissions: bigint;
  attachmentSizeLimitBytes: number;
}

function baseFields(base: InteractionBase): Record<string, unknown> {
  return {
    id: base.id,
    application_id: base.applicationId,
    token: base.token,
    version: 1,
    guild_id: base.guildId,
    guild: { id: base.guildId, locale: 'en-US', features: [] },
    channel_id: base.channelId,
    channel: { ...buildCourseChannel(base.channelId), guild_id: base.guildId, permissions: base.appPermissions.toString() },
    member: base.member,
    app_permissions: base.appPermissions.toString(),
    locale: 'en-GB',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': base.guildId },
    context: 0,
    attachment_size_limit: base.attachmentSizeLimitBytes,
  };
}

/** One option value of a slash command as Discord sends it. */
export interface InteractionOption {
  name: string;
  type: number;
  value: string | number | boolean;
  focused?: boolean;
}

/** INTERACTION_CREATE payload for a slash command (type 2) or its autocomplete (type 4). */
export function buildCommandInteraction(
  base: InteractionBase,
  command: { id: string; name: string; guildId?: string },
  options: InteractionOption[],
  kind: 'command' | 'autocomplete' = 'command',
): APIChatInputApplicationCommandInteraction {
  return {
    ...baseFields(base),
    type: kind === 'command' ? 2 : 4,
    data: {
      id: command.id,
      name: command.name,
      type: 1,
      ...(options.length ? { options } : {}),
      ...(command.guildId ? { guild_id: command.guildId } : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** INTERACTION_CREATE payload for a button click (component_type 2) or select choice (3). */
export function buildComponentInteraction(
  base: InteractionBase,
  message: APIMessage,
  customId: string,
  values?: string[],
): Record<string, unknown> {
  return {
    ...baseFields(base),
    type: 3,
    message,
    data: values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 },
  };
}
