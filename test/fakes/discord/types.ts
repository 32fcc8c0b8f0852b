/** The fake Discord's protocol constants and the records it keeps, shared by its server, routes and test helpers. */
import type { APIUser } from 'discord-api-types/v10';

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
  /** The guild and channel it happened in. */
  guildId: string;
  channelId: string;
  /** Gateway mode: the shard ids whose connection received it (exactly one when sharding is right). */
  deliveredToShards?: number[];
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
  /** GET /gateway/bot's `shards` (Discord's recommended shard count; default 1). */
  recommendedShards?: number;
  /** Guilds one gateway session may hold before IDENTIFY is closed with 4011 Sharding required (Discord: 2500). */
  maxGuildsPerSession?: number;
  /** GET /gateway/bot's `session_start_limit.max_concurrency` (default 1). */
  maxConcurrency?: number;
}
