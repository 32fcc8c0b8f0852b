/** The fake's in-memory records and identity that its REST routes and test helpers read and change. */
import type { APIUser } from 'discord-api-types/v10';
import type { FakeGuild, StoredMessage } from './payloads.ts';
import type { FakeCommand, FakeEvent, FakeInteraction, FakeViolation } from './types.ts';

/** What the REST side of the fake sees of it (FakeDiscord implements this). */
export interface FakeDiscordState {
  /** When true, REST requests are received but never answered (a stalled Discord). */
  isStalled: boolean;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guild: FakeGuild;
  /** Every guild the bot is in; the course guild `guild` first. */
  readonly guilds: FakeGuild[];
  /** GET /gateway/bot's recommendation: shard count and identify concurrency. */
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  readonly botRoleId: string;
  readonly interactions: Map<string, FakeInteraction>;
  readonly messages: Map<string, StoredMessage>;
  readonly events: FakeEvent[];
  readonly violations: FakeViolation[];
  readonly requests: { method: string; path: string; at: number; authorized: boolean }[];
  readonly globalCommands: FakeCommand[];
  readonly guildCommands: FakeCommand[];
  readonly commandPuts: { scope: 'global' | 'guild'; body: unknown; accepted: boolean }[];
  /** `http://127.0.0.1:<port>`, the origin attachment URLs point at. */
  readonly httpOrigin: string;
  /** `ws://127.0.0.1:<port>`, the gateway URL REST hands out. */
  readonly gatewayUrl: string;
  emit(event: 'change'): boolean;
}
