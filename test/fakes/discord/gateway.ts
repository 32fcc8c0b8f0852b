/**
 * The fake's WebSocket gateway (API v10, JSON encoding, no compression): HELLO → IDENTIFY → READY →
 * GUILD_CREATE, heartbeats and their ACKs, RESUME after a RECONNECT, and dispatches such as
 * INTERACTION_CREATE. Close codes follow the gateway docs (4004 authentication failed, 4010 invalid
 * shard, 4011 sharding required, 4014 disallowed intents, ...). Sharding as Discord does it: IDENTIFY's `shard:
 * [shard_id, num_shards]` picks the guilds a session gets, (guild_id >> 22) % num_shards === shard_id,
 * and events without a guild go to shard 0.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes used here. */
export const OP = { dispatch: 0, heartbeat: 1, identify: 2, presence: 3, resume: 6, reconnect: 7, requestMembers: 8, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

/** Intents Discord treats as privileged (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT). */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

/** `[shard_id, num_shards]` as IDENTIFY and READY carry it. */
export type ShardPair = [number, number];

interface Session {
  id: string;
  seq: number;
  socket: WebSocket | null;
  intents: number;
  shard: ShardPair;
}

/** The shard that gets a guild's events: (guild_id >> 22) % num_shards (Discord's sharding formula). */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** IDENTIFY's `shard` field checked as Discord does: absent = [0, 1]; otherwise two integers with 0 <= id < count. */
export function parseIdentifyShard(value: unknown): ShardPair | undefined {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return undefined;
  return [id as number, count as number];
}

/** What the gateway needs from the rest of the fake. */
export interface GatewayHost {
  token: string;
  heartbeatIntervalMs: number;
  /** Privileged intents the application has enabled in the Developer Portal (bit mask). */
  enabledPrivilegedIntents: number;
  /** When set, IDENTIFY is answered by closing with this code (to simulate e.g. 4014). */
  closeIdentifyWith?: number;
  readyPayload(sessionId: string, resumeUrl: string, shard: ShardPair): Record<string, unknown>;
  /** Discord's limit of guilds on one session (2500); a session over it is closed with 4011 Sharding required. */
  maxGuildsPerSession: number;
  /** GUILD_CREATE payloads of the guilds this shard receives. */
  guildCreatePayloads(shard: ShardPair): Record<string, unknown>[];
  onChange(): void;
}

/** Gateway statistics the tests look at. */
export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  lastIdentify?: { intents: number; properties: unknown; shard?: unknown };
  /** The shard of every accepted IDENTIFY, in order. */
  identifiedShards: ShardPair[];
}

/** The WebSocket side of the fake Discord. */
export class FakeGateway {
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0, identifiedShards: [] };
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private sessionCounter = 0;

  constructor(
    private readonly host: GatewayHost,
    private readonly urlBase: () => string,
  ) {}

  /** Accepts an HTTP upgrade on any path (the gateway URL and the resume URL). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, request));
  }

  /** True once a session has identified and received its guilds. */
  get hasReadySession(): boolean {
    return [...this.sessions.values()].some((s) => s.socket !== null);
  }

  /** The shards of the sessions connected right now. */
  get connectedShards(): ShardPair[] {
    return [...this.sessions.values()].filter((s) => s.socket !== null).map((s) => s.shard);
  }

  private onConnection(ws: WebSocket, request: IncomingMessage): void {
    this.stats.connections++;
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    let session: Session | null = null;
    const send = (payload: Record<string, unknown>) => ws.send(JSON.stringify(payload));
    send({ op: OP.hello, d: { heartbeat_interval: this.host.heartbeatIntervalMs, _trace: ['["fake-gateway",{"micros":0}]'] }, s: null, t: null });
    ws.on('message', (raw) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case OP.heartbeat:
          this.stats.heartbeats++;
          send({ op: OP.heartbeatAck, d: null, s: null, t: null });
          this.host.onChange();
          break;
        case OP.identify: {
          if (session) {
            ws.close(4005, 'Already authenticated.');
            return;
          }
          this.stats.identifies++;
          this.stats.lastIdentify = { intents: payload.d?.intents, properties: payload.d?.properties, shard: payload.d?.shard };
          if (payload.d?.token !== this.host.token) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          if (this.host.closeIdentifyWith) {
            ws.close(this.host.closeIdentifyWith, 'Closed by the fake');
            return;
          }
          const intents = Number(payload.d?.intents);
          if (!Number.isInteger(intents) || intents < 0) {
            ws.close(4013, 'Invalid intent(s).');
            return;
          }
          if (intents & PRIVILEGED_INTENTS & ~this.host.enabledPrivilegedIntents) {
            ws.close(4014, 'Disallowed intent(s).');
            return;
          }
          const shard = parseIdentifyShard(payload.d?.shard);
          if (!shard) {
            ws.close(4010, 'Invalid shard.');
            return;
          }
          const guilds = this.host.guildCreatePayloads(shard);
          if (guilds.length > this.host.maxGuildsPerSession) {
            ws.close(4011, 'Sharding required.');
            return;
          }
          this.stats.identifiedShards.push(shard);
          session = { id: `fake-session-${++this.sessionCounter}`, seq: 0, socket: ws, intents, shard };
          this.sessions.set(session.id, session);
          this.dispatchTo(session, 'READY', this.host.readyPayload(session.id, `${this.urlBase()}/resume`, shard));
          for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', guild);
          this.host.onChange();
          break;
        }
        case OP.resume: {
          const existing = this.sessions.get(payload.d?.session_id);
          if (!existing || payload.d?.token !== this.host.token) {
            send({ op: OP.invalidSession, d: false, s: null, t: null });
            return;
          }
          this.stats.resumes++;
          existing.socket = ws;
          session = existing;
          this.dispatchTo(existing, 'RESUMED', {});
          this.host.onChange();
          break;
        }
        case OP.presence:
        case OP.requestMembers:
          break;
        default:
          ws.close(4001, 'Unknown opcode.');
      }
    });
    ws.on('close', () => {
      if (session && session.socket === ws) session.socket = null;
      this.host.onChange();
    });
  }

  private dispatchTo(session: Session, type: string, data: unknown): void {
    session.seq++;
    session.socket?.send(JSON.stringify({ op: OP.dispatch, t: type, s: session.seq, d: data }));
  }

  /**
   * Sends a dispatch event to the connected sessions whose shard owns `guildId` (shard 0 when the
   * event has no guild, as Discord sends DMs); returns the shard ids that received it.
   */
  dispatch(type: string, data: unknown, guildId?: string): number[] {
    const delivered: number[] = [];
    for (const session of this.sessions.values()) {
      if (!session.socket) continue;
      const [shardId, shardCount] = session.shard;
      const owner = guildId === undefined ? 0 : shardOfGuild(guildId, shardCount);
      if (owner !== shardId) continue;
      this.dispatchTo(session, type, data);
      delivered.push(shardId);
    }
    return delivered;
  }

  /** Asks every connected client to reconnect and resume (opcode 7), as Discord does during deploys. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) session.socket?.send(JSON.stringify({ op: OP.reconnect, d: null, s: null, t: null }));
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
