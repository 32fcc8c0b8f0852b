/**
 * A small Redis client speaking RESP2 over one TCP (or TLS) socket, shaped as BullMQ's IRedisClient.
 *
 * Why hand-written: BullMQ 6 made its Redis driver an optional peer (`ioredis`, `redis`, Bun or
 * Valkey GLIDE) and none of them is installed in this project, while `bullmq` is. BullMQ 6 declares
 * exactly the commands it needs (IRedisClient), so this file implements that interface and nothing
 * more: commands in order on one connection, MULTI/EXEC and pipelines, Lua scripts by SHA with an
 * EVAL fallback, blocking reads, reconnection with backoff and an offline queue (like ioredis).
 * If `ioredis` is added to package.json later, `createRedisClient` is the one place to swap it in.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { connect as connectTls } from 'node:tls';
import { ConnectionClosedError, type IRedisClient, type IRedisTransaction } from 'bullmq';

/** Where and how to connect (parsed from REDIS_URL). */
export interface RespClientOptions {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  connectionName?: string;
  /** BullMQ reads this on blocking connections: null = BullMQ retries its own commands after a reconnect. */
  maxRetriesPerRequest: null;
  /** A command sent while disconnected waits this long for the reconnect, then fails (default 10 s). */
  offlineTimeoutMs?: number;
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); throws with what is allowed. */
export function parseRedisUrl(url: string): RespClientOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL must look like redis://host:6379 or redis://:password@host:6379/0 (got "${url}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (got "${parsed.protocol}")`);
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`REDIS_URL's database must be a whole number, e.g. redis://host:6379/0 (got "${parsed.pathname}")`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:',
    maxRetriesPerRequest: null,
  };
}

/** An error reply from the server (`-ERR ...`). */
export class RedisReplyError extends Error {
  override readonly name = 'ReplyError';
}

type Arg = string | number | Buffer;
type Reply = string | number | null | RedisReplyError | Reply[];

interface Pending {
  resolve(value: Reply): void;
  reject(error: Error): void;
}

interface Script {
  sha: string;
  lua: string;
  numberOfKeys: number;
}

const CRLF = '\r\n';

function encodeCommand(args: Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}${CRLF}`)];
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${data.length}${CRLF}`), data, Buffer.from(CRLF));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): { value: Reply; next: number } | undefined {
  if (offset >= buffer.length) return undefined;
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RedisReplyError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buffer.length < after + length + 2) return undefined;
      return { value: buffer.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i += 1) {
        const item = parseReply(buffer, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected reply type ${JSON.stringify(type)} from Redis`);
  }
}

function toPairsObject(flat: Reply): Record<string, string> {
  const result: Record<string, string> = {};
  const items = (flat as string[] | null) ?? [];
  for (let i = 0; i + 1 < items.length; i += 2) result[items[i]!] = items[i + 1]!;
  return result;
}

function scriptArgs(script: Script, args: unknown[]): Arg[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return [script.sha, script.numberOfKeys, ...list.map((a) => (Buffer.isBuffer(a) ? a : a === undefined || a === null ? '' : String(a)))];
}

/** A RESP2 connection implementing BullMQ's IRedisClient (plus `call` for any other command). */
export class RespClient extends EventEmitter implements IRedisClient {
  status = 'connecting';
  readonly isCluster = false;
  options: Record<string, any>;
  private socket: Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private offline: { payload: Buffer; handlers: Pending[]; timer?: NodeJS.Timeout }[] = [];
  private readonly scripts = new Map<string, Script>();
  private readonly loadedShas = new Set<string>();
  private isEnding = false;
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(private readonly settings: RespClientOptions) {
    super();
    this.options = { ...settings };
    this.setMaxListeners(50);
    this.connecting = this.open();
    this.connecting.catch(() => undefined);
  }

  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const { host, port, tls } = this.settings;
      const socket = tls ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
      socket.setNoDelay(true);
      this.socket = socket;
      this.buffer = Buffer.alloc(0);
      let opened = false;
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        opened = true;
        this.handshake().then(() => {
          this.reconnectAttempts = 0;
          this.status = 'ready';
          const queued = this.offline;
          this.offline = [];
          for (const entry of queued) {
            clearTimeout(entry.timer);
            this.write(entry.payload, entry.handlers);
          }
          this.emit('connect');
          this.emit('ready');
          resolve();
        }, (error: Error) => {
          this.emitError(error);
          socket.destroy();
          reject(error);
        });
      });
      socket.on('data', (chunk) => this.onData(chunk));
      socket.on('error', (error) => {
        this.emitError(error);
        if (!opened) reject(error);
      });
      socket.on('close', () => this.onClose(socket));
    });
  }

  private async handshake(): Promise<void> {
    const { username, password, db, connectionName } = this.settings;
    const send = (args: Arg[]) => new Promise<Reply>((resolve, reject) => this.write(encodeCommand(args), [{ resolve, reject }]));
    const check = (reply: Reply) => {
      if (reply instanceof RedisReplyError) throw reply;
    };
    if (password) check(await send(username ? ['AUTH', username, password] : ['AUTH', password]));
    if (db) check(await send(['SELECT', db]));
    if (connectionName) check(await send(['CLIENT', 'SETNAME', connectionName]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      this.pending.shift()?.resolve(parsed.value);
    }
    this.buffer = offset >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.loadedShas.clear();
    const failed = this.pending.splice(0);
    for (const p of failed) p.reject(new ConnectionClosedError('Connection is closed.'));
    this.emit('close');
    if (this.isEnding) {
      this.status = 'end';
      this.emit('end');
      return;
    }
    this.status = 'reconnecting';
    this.emit('reconnecting');
    this.reconnectAttempts += 1;
    const delayMs = Math.min(5000, 100 * 2 ** Math.min(6, this.reconnectAttempts));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.isEnding) return;
      this.connecting = this.open();
      this.connecting.catch(() => undefined);
    }, delayMs);
  }

  private write(payload: Buffer, handlers: Pending[]): void {
    if (this.isEnding) {
      for (const h of handlers) h.reject(new ConnectionClosedError('Connection is closed.'));
      return;
    }
    const socket = this.socket;
    const isHandshaking = this.status !== 'ready' && socket !== undefined && !socket.connecting;
    if (!socket || (this.status !== 'ready' && !isHandshaking) || socket.connecting) {
      this.queueOffline(payload, handlers);
      return;
    }
    this.pending.push(...handlers);
    socket.write(payload);
  }

  /** Keeps a command until the connection is back, failing it if that takes longer than offlineTimeoutMs. */
  private queueOffline(payload: Buffer, handlers: Pending[]): void {
    const entry: (typeof this.offline)[number] = { payload, handlers };
    entry.timer = setTimeout(() => {
      const index = this.offline.indexOf(entry);
      if (index < 0) return;
      this.offline.splice(index, 1);
      for (const h of handlers) h.reject(new ConnectionClosedError(`Connection is closed. (Redis at ${this.settings.host}:${this.settings.port} unreachable for ${this.settings.offlineTimeoutMs ?? 10_000} ms)`));
    }, this.settings.offlineTimeoutMs ?? 10_000);
    entry.timer.unref();
    this.offline.push(entry);
  }

  /** Sends any command; resolves with the reply (error replies reject). */
  call(...args: Arg[]): Promise<any> {
    return new Promise<any>((resolve, reject) => {
      this.send(args, { resolve: (value) => (value instanceof RedisReplyError ? reject(value) : resolve(value)), reject });
    });
  }

  private send(args: Arg[], handler: Pending): void {
    // Handshake commands are written directly; everything else waits for 'ready'.
    if (this.status !== 'ready') {
      if (this.isEnding) {
        handler.reject(new ConnectionClosedError('Connection is closed.'));
        return;
      }
      this.queueOffline(encodeCommand(args), [handler]);
      return;
    }
    this.write(encodeCommand(args), [handler]);
  }

  /** Runs several commands back to back; each result as [error, value] (ioredis' shape). */
  async batch(commands: Arg[][], transactional: boolean): Promise<[Error | null, any][] | null> {
    await this.loadScriptsFor(commands);
    const framed = transactional ? [['MULTI'], ...commands, ['EXEC']] : commands;
    const replies = await Promise.all(framed.map((args) => new Promise<Reply>((resolve, reject) => this.send(args, { resolve, reject }))));
    if (!transactional) return replies.map((r) => (r instanceof RedisReplyError ? [r, null] : [null, r]));
    const exec = replies.at(-1)!;
    if (exec === null) return null;
    if (exec instanceof RedisReplyError) return commands.map((_, i) => [replies[i + 1] instanceof RedisReplyError ? (replies[i + 1] as Error) : exec, null]);
    return (exec as Reply[]).map((r) => (r instanceof RedisReplyError ? [r, null] : [null, r]));
  }

  private async loadScriptsFor(commands: Arg[][]): Promise<void> {
    const shas = new Set(commands.filter((c) => c[0] === 'EVALSHA').map((c) => String(c[1])));
    for (const sha of shas) {
      if (this.loadedShas.has(sha)) continue;
      const script = [...this.scripts.values()].find((s) => s.sha === sha);
      if (script) {
        await this.call('SCRIPT', 'LOAD', script.lua);
        this.loadedShas.add(sha);
      }
    }
  }

  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.status === 'end') {
      this.isEnding = false;
      this.status = 'connecting';
      this.connecting = this.open();
    }
    return this.connecting ?? Promise.resolve();
  }

  disconnect(reconnect = false): void {
    if (reconnect) {
      this.socket?.destroy();
      return;
    }
    this.isEnding = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const entry of this.offline.splice(0)) {
      clearTimeout(entry.timer);
      for (const h of entry.handlers) h.reject(new ConnectionClosedError('Connection is closed.'));
    }
    if (this.socket) this.socket.destroy();
    else if (this.status !== 'end') {
      this.status = 'end';
      setImmediate(() => {
        this.emit('close');
        this.emit('end');
      });
    }
  }

  async quit(): Promise<string> {
    if (this.status === 'end' || this.isEnding) {
      setImmediate(() => this.emit('end'));
      return 'OK';
    }
    if (this.status === 'ready') await this.call('QUIT').catch(() => undefined);
    this.disconnect();
    return 'OK';
  }

  duplicate(...args: any[]): IRedisClient {
    const overrides = (args[0] ?? {}) as { connectionName?: string; name?: string };
    const copy = new RespClient({ ...this.settings, connectionName: overrides.connectionName ?? overrides.name ?? this.settings.connectionName });
    for (const [name, script] of this.scripts) copy.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
    return copy;
  }

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(definition.lua).digest('hex');
    this.scripts.set(name, { sha, lua: definition.lua, numberOfKeys: definition.numberOfKeys });
    (this as any)[name] = (...args: unknown[]) => this.runCommand(name, args);
  }

  async runCommand(name: string, args: any[]): Promise<any> {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`unknown Redis script command "${name}"`);
    const evalArgs = scriptArgs(script, args);
    try {
      return await this.call('EVALSHA', ...evalArgs);
    } catch (error) {
      if (!(error instanceof RedisReplyError) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.call('EVAL', script.lua, ...evalArgs.slice(1));
    }
  }

  multi(): IRedisTransaction {
    return new RespTransaction(this, this.scripts, true);
  }

  pipeline(): IRedisTransaction {
    return new RespTransaction(this, this.scripts, false);
  }

  async hgetall(key: string) { return toPairsObject(await this.call('HGETALL', key)); }
  hget(key: string, field: string) { return this.call('HGET', key, field); }
  hmget(key: string, ...fields: string[]) { return this.call('HMGET', key, ...fields); }
  hset(key: string, data: Record<string, string | number>) { return this.call('HSET', key, ...Object.entries(data).flat()); }
  hdel(key: string, ...fields: string[]) { return this.call('HDEL', key, ...fields); }
  hexists(key: string, field: string) { return this.call('HEXISTS', key, field); }
  get(key: string) { return this.call('GET', key); }
  set(key: string, value: string | number, options?: { PX?: number; EX?: number }) {
    const extra: Arg[] = options?.PX != null ? ['PX', options.PX] : options?.EX != null ? ['EX', options.EX] : [];
    return this.call('SET', key, value, ...extra);
  }
  del(...keys: string[]) { return keys.length === 0 ? Promise.resolve(0) : this.call('DEL', ...keys); }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }) { return this.call('ZRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : [])); }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }) { return this.call('ZREVRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : [])); }
  zcard(key: string) { return this.call('ZCARD', key); }
  zscore(key: string, member: string) { return this.call('ZSCORE', key, member); }
  lrange(key: string, start: number, end: number) { return this.call('LRANGE', key, start, end); }
  llen(key: string) { return this.call('LLEN', key); }
  ltrim(key: string, start: number, end: number) { return this.call('LTRIM', key, start, end); }
  lpos(key: string, value: string) { return this.call('LPOS', key, value); }
  smembers(key: string) { return this.call('SMEMBERS', key); }
  xadd(key: string, id: string, fields: Record<string, string | number>, options?: { MAXLEN?: number; approximate?: boolean }) {
    const trim: Arg[] = options?.MAXLEN != null ? ['MAXLEN', ...(options.approximate === false ? [] : ['~']), options.MAXLEN] : [];
    return this.call('XADD', key, ...trim, id, ...Object.entries(fields).flat());
  }
  xread(streams: { key: string; id: string }[], options?: { BLOCK?: number; COUNT?: number }) {
    const extra: Arg[] = [...(options?.COUNT != null ? ['COUNT', options.COUNT] : []), ...(options?.BLOCK != null ? ['BLOCK', options.BLOCK] : [])];
    return this.call('XREAD', ...extra, 'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id));
  }
  xtrim(key: string, strategy: 'MAXLEN', threshold: number, options?: { approximate?: boolean }) {
    return this.call('XTRIM', key, strategy, ...(options?.approximate === false ? [] : ['~']), threshold);
  }
  bzpopmin(key: string, timeout: number) { return this.call('BZPOPMIN', key, timeout); }
  info() { return this.call('INFO'); }
  clientSetName(name: string) { return this.call('CLIENT', 'SETNAME', name); }
  clientList() { return this.call('CLIENT', 'LIST'); }
  clientInfo() { return this.call('CLIENT', 'INFO'); }
  async scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }): Promise<[string, string[]]> {
    const extra: Arg[] = [...(options.MATCH ? ['MATCH', options.MATCH] : []), ...(options.COUNT ? ['COUNT', options.COUNT] : [])];
    const [next, keys] = (await this.call('SCAN', cursor, ...extra)) as [string, string[]];
    return [next, keys];
  }
  scanStream(options: { match: string; count?: number }): Readable {
    let cursor = '0';
    let isDone = false;
    const scan = (c: string) => this.scan(c, { MATCH: options.match, COUNT: options.count });
    const stream: Readable = new Readable({
      objectMode: true,
      read() {
        if (isDone) return;
        scan(cursor).then(([next, keys]) => {
          cursor = next;
          isDone = next === '0';
          stream.push(keys);
          if (isDone) stream.push(null);
        }, (error: Error) => stream.destroy(error));
      },
    });
    return stream;
  }
}

/** A queued pipeline or MULTI block for RespClient. */
class RespTransaction implements IRedisTransaction {
  private readonly commands: Arg[][] = [];
  private readonly transforms: ((value: any) => any)[] = [];

  constructor(private readonly client: RespClient, private readonly scripts: Map<string, Script>, private readonly transactional: boolean) {}

  private add(args: Arg[], transform: (value: any) => any = (v) => v): this {
    this.commands.push(args);
    this.transforms.push(transform);
    return this;
  }

  hgetall(key: string) { return this.add(['HGETALL', key], toPairsObject); }
  hset(key: string, data: Record<string, string | number>) { return this.add(['HSET', key, ...Object.entries(data).flat()]); }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }) { return this.add(['HSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]); }
  smembers(key: string) { return this.add(['SMEMBERS', key]); }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }) { return this.add(['SSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]); }
  zrange(key: string, start: number, end: number) { return this.add(['ZRANGE', key, start, end]); }
  lrange(key: string, start: number, end: number) { return this.add(['LRANGE', key, start, end]); }
  llen(key: string) { return this.add(['LLEN', key]); }
  del(...keys: string[]) { return keys.length === 0 ? this : this.add(['DEL', ...keys]); }
  runCommand(name: string, args: any[]) {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`unknown Redis script command "${name}" in a transaction`);
    return this.add(['EVALSHA', ...scriptArgs(script, args)]);
  }

  async exec(): Promise<[Error | null, any][] | null> {
    const results = await this.client.batch(this.commands, this.transactional);
    return results && results.map(([error, value], i) => (error ? [error, null] : [null, this.transforms[i]!(value)]));
  }
}

/** A Redis connection for REDIS_URL (BullMQ queues, workers and the shared admission counters use it). */
export function createRedisClient(url: string, connectionName?: string, offlineTimeoutMs?: number): RespClient {
  return new RespClient({ ...parseRedisUrl(url), connectionName, offlineTimeoutMs });
}
