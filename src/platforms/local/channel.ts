import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReplyButton, ReplyCountdown, ReplyFile, ReplyImage, ReplySelect, ReplyWidget } from '../../chat/types.ts';

/** An image as the browser sees it: served from memory at `url`. */
export interface ChatImage {
  name: string;
  alt: string;
  contentType: string;
  url: string;
}

/** A file as the browser sees it: a download link served from memory at `url`. */
export interface ChatFile {
  name: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

/** One message in the shared channel (a person's command or chat line, or a bot answer). */
export interface ChatMessage {
  id: string;
  author: { id: string; name: string; isBot: boolean };
  text?: string;
  images?: ChatImage[];
  files?: ChatFile[];
  buttons?: ReplyButton[][];
  selects?: ReplySelect[];
  /** A live training view drawn in this message from streamed frames (see live-relay.ts). */
  live?: { sessionId: string };
  /** Shown as a progress bar while a heavy command runs; null once done. */
  progress?: { fraction: number; text: string } | null;
  /** A clock the browser ticks down on this message (server-clock times; see ReplyCountdown). */
  countdown?: ReplyCountdown;
  /** An interactive panel the browser builds into this message (the drawing canvas). */
  widget?: ReplyWidget;
  /** A deferred answer still being worked on ("thinking…"). */
  isPending?: boolean;
  /** Only this user id sees it (ephemeral replies and errors). */
  visibleTo?: string;
  error?: { kind: 'user' | 'internal'; message: string; errorId?: string };
  /** The person and command this answers, shown above a bot message. */
  inReplyTo?: { name: string; command: string };
  createdAtMs: number;
}

interface Client {
  /** Random id of this event stream, told to its browser in `hello` (live views register by it). */
  connectionId: string;
  userId: string;
  name: string;
  res: ServerResponse;
  /** Unsent bytes allowed before the listener counts as stalled (the bound plus its history). */
  maxUnsentBytes: number;
  /** Events waiting while the connection is full (Node's own buffer holds at most one more). */
  queue: string[];
  queuedBytes: number;
  isBlocked: boolean;
  /** A check for a stalled listener is scheduled. */
  isCheckPending?: boolean;
}

/** How much the channel keeps in memory, and how much it buffers for one slow listener. */
export interface ChannelBounds {
  /** Recent messages kept for people who join later: at most this many… */
  maxMessages: number;
  /** …and at most this many bytes of their JSON. */
  maxMessageBytes: number;
  /** Images served at /images/…: at most this many… */
  maxImages: number;
  /** …and at most this many bytes. */
  maxImageBytes: number;
  /** A listener whose unsent events exceed this many bytes has stopped reading and is dropped. */
  maxUnsentBytesPerListener: number;
  /** Event streams open at once, in all (more → the newest is refused) and per user (more → their oldest closes). */
  maxListeners: number;
  maxListenersPerUser: number;
}

/** Defaults sized so 300 stalled listeners and thousands of 2 KB lines stay well under 800 MB. */
export const DEFAULT_CHANNEL_BOUNDS: ChannelBounds = {
  maxMessages: 300,
  maxMessageBytes: 2 * 1024 * 1024,
  maxImages: 400,
  maxImageBytes: 96 * 1024 * 1024,
  maxUnsentBytesPerListener: 1024 * 1024,
  maxListeners: 1000,
  maxListenersPerUser: 8,
};

const PRESENCE_EVERY_MS = 250;

/** A short random id. */
export function newId(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * The shared room of the local web chat: keeps recent messages and images in memory (bounded by
 * count and bytes) and pushes every change to connected browsers as server-sent events (ephemeral
 * messages only to their owner). Browsers see opaque user ids (`publicIdOf`), never session ids.
 */
export class Channel {
  readonly id: string;
  private readonly messages: ChatMessage[] = [];
  private readonly messageBytes = new Map<string, number>();
  private totalMessageBytes = 0;
  private readonly clients = new Set<Client>();
  private readonly images = new Map<string, { data: Buffer; contentType: string }>();
  private readonly files = new Map<string, { data: Buffer; contentType: string; ownerId: string | undefined }>();
  private totalImageBytes = 0;
  private readonly bounds: ChannelBounds;
  private readonly publicIdOf: (userId: string) => string;
  private presenceTimer: NodeJS.Timeout | undefined;
  /** Listeners dropped because they stopped reading (for tests and logs). */
  droppedListeners = 0;
  /** Called when an event stream closes, with its connection id (live views stop counting it as a viewer). */
  onDisconnect: (connectionId: string) => void = () => undefined;

  constructor(id = 'lobby', options: { bounds?: Partial<ChannelBounds>; publicIdOf?: (userId: string) => string } = {}) {
    this.id = id;
    this.bounds = { ...DEFAULT_CHANNEL_BOUNDS, ...options.bounds };
    this.publicIdOf = options.publicIdOf ?? ((userId) => userId);
  }

  /** Stores reply images (evicting the oldest beyond the count and byte bounds) and returns their URLs. */
  storeImages(images: readonly ReplyImage[] | undefined): ChatImage[] | undefined {
    if (!images?.length) return undefined;
    return images.map((image) => {
      const id = newId();
      this.images.set(id, { data: image.data, contentType: image.contentType });
      this.totalImageBytes += image.data.length;
      while (this.images.size > 1 && (this.images.size > this.bounds.maxImages || this.totalImageBytes > this.bounds.maxImageBytes)) {
        const [oldestId, oldest] = this.images.entries().next().value as [string, { data: Buffer }];
        this.images.delete(oldestId);
        this.totalImageBytes -= oldest.data.length;
      }
      return { name: image.name, alt: image.alt, contentType: image.contentType, url: `/images/${id}/${encodeURIComponent(image.name)}` };
    });
  }

  /**
   * Stores reply files (exports) for download at /files/…, counted against the same bounds as images.
   * A file of a private reply is served only to `ownerId` (the link alone is not enough).
   */
  storeFiles(files: readonly ReplyFile[] | undefined, ownerId: string | undefined): ChatFile[] | undefined {
    if (!files?.length) return undefined;
    return files.map((file) => {
      const id = newId();
      this.files.set(id, { data: file.data, contentType: file.contentType, ownerId });
      this.totalImageBytes += file.data.length;
      while (this.files.size > 1 && (this.files.size > this.bounds.maxImages || this.totalImageBytes > this.bounds.maxImageBytes)) {
        const [oldestId, oldest] = this.files.entries().next().value as [string, { data: Buffer }];
        this.files.delete(oldestId);
        this.totalImageBytes -= oldest.data.length;
      }
      return { name: file.name, contentType: file.contentType, sizeBytes: file.data.length, url: `/files/${id}/${encodeURIComponent(file.name)}` };
    });
  }

  /** A file stored by `storeFiles` if `userId` may download it (its owner, or anyone for a public one), else undefined. */
  getFile(id: string, userId: string): { data: Buffer; contentType: string } | undefined {
    const file = this.files.get(id);
    return file && (file.ownerId === undefined || file.ownerId === userId) ? file : undefined;
  }

  /** An image stored by `storeImages`, or undefined once evicted. */
  getImage(id: string): { data: Buffer; contentType: string } | undefined {
    return this.images.get(id);
  }

  /** Adds a message and shows it to everyone allowed to see it. */
  post(message: ChatMessage): ChatMessage {
    this.messages.push(message);
    this.measure(message);
    this.trimHistory();
    this.broadcast('message', message);
    return message;
  }

  /** The message with this id, while the channel still keeps it. */
  find(id: string): ChatMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** Changes a message in place and pushes the new version; a message turning private is removed for others. */
  update(id: string, patch: Partial<ChatMessage>): ChatMessage | undefined {
    const message = this.messages.find((m) => m.id === id);
    if (!message) return undefined;
    const wasPublic = message.visibleTo === undefined;
    Object.assign(message, patch);
    this.measure(message);
    if (wasPublic && message.visibleTo !== undefined) {
      const frame = this.frame('remove', { id });
      for (const client of this.clients) if (client.userId !== message.visibleTo) this.write(client, frame);
    }
    this.broadcast('message', message);
    this.trimHistory();
    return message;
  }

  /** Recent messages a user may see (with their internal ids). */
  historyFor(userId: string): ChatMessage[] {
    return this.messages.filter((m) => m.visibleTo === undefined || m.visibleTo === userId);
  }

  /** Names of the people connected now. */
  presence(): string[] {
    return [...new Set([...this.clients].map((c) => c.name))].sort();
  }

  /** Event streams open now. */
  listenerCount(): number {
    return this.clients.size;
  }

  /**
   * Attaches a browser's event stream; sends the history and the browser's own opaque id, then
   * every change until it disconnects. Returns false (nothing written) when the channel is full.
   */
  subscribe(res: ServerResponse, userId: string, name: string): boolean {
    if (this.clients.size >= this.bounds.maxListeners) return false;
    const mine = [...this.clients].filter((c) => c.userId === userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.bounds.maxListenersPerUser + 1))) this.drop(old);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // serverNowMs lets the browser correct for its own clock when it ticks countdowns
    const history = this.historyFor(userId).map((m) => this.toPublic(m));
    const connectionId = newId();
    const hello = this.frame('hello', { channel: this.id, serverNowMs: Date.now(), you: { id: this.publicIdOf(userId), name }, connectionId, history });
    const client: Client = { connectionId, userId, name, res, maxUnsentBytes: this.bounds.maxUnsentBytesPerListener + hello.length, queue: [], queuedBytes: 0, isBlocked: false };
    this.clients.add(client);
    this.write(client, hello);
    this.schedulePresence();
    const keepAlive = setInterval(() => this.write(client, ': keep-alive\n\n'), 20_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      if (this.clients.delete(client)) this.schedulePresence();
      this.onDisconnect(connectionId);
    });
    return true;
  }

  /** True when `connectionId` is an open event stream of `userId` (a browser may only register its own). */
  hasConnection(connectionId: string, userId: string): boolean {
    for (const client of this.clients) if (client.connectionId === connectionId) return client.userId === userId;
    return false;
  }

  /**
   * Sends one event to the given streams. With `skipIfBusy` a stream whose connection is full misses
   * it (a newer live frame replaces it anyway) instead of queueing it. Returns the streams written to.
   */
  sendTo(connectionIds: ReadonlySet<string>, event: string, payload: unknown, options: { skipIfBusy?: boolean } = {}): number {
    if (connectionIds.size === 0) return 0;
    const frame = this.frame(event, payload);
    let sent = 0;
    for (const client of this.clients) {
      if (!connectionIds.has(client.connectionId)) continue;
      if (options.skipIfBusy && client.isBlocked) continue;
      this.write(client, frame);
      sent += 1;
    }
    return sent;
  }

  /** Closes every event stream (server shutdown). */
  closeAll(): void {
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
  }

  /** What browsers see of a message: opaque ids instead of session user ids. */
  private toPublic(message: ChatMessage): ChatMessage {
    return {
      ...message,
      author: message.author.isBot ? message.author : { ...message.author, id: this.publicIdOf(message.author.id) },
      ...(message.visibleTo !== undefined ? { visibleTo: this.publicIdOf(message.visibleTo) } : {}),
    };
  }

  private measure(message: ChatMessage): void {
    const bytes = JSON.stringify(message).length;
    this.totalMessageBytes += bytes - (this.messageBytes.get(message.id) ?? 0);
    this.messageBytes.set(message.id, bytes);
  }

  private trimHistory(): void {
    while (this.messages.length > 1 && (this.messages.length > this.bounds.maxMessages || this.totalMessageBytes > this.bounds.maxMessageBytes)) {
      const oldest = this.messages.shift()!;
      this.totalMessageBytes -= this.messageBytes.get(oldest.id) ?? 0;
      this.messageBytes.delete(oldest.id);
    }
  }

  private schedulePresence(): void {
    // One presence event for a burst of joins and leaves (a class connecting at once).
    this.presenceTimer ??= setTimeout(() => {
      this.presenceTimer = undefined;
      const frame = this.frame('presence', { names: this.presence() });
      for (const client of this.clients) this.write(client, frame);
    }, PRESENCE_EVERY_MS);
  }

  private broadcast(event: string, message: ChatMessage): void {
    const frame = this.frame(event, this.toPublic(message)); // one string shared by every listener's buffer
    for (const client of this.clients) {
      if (message.visibleTo !== undefined && client.userId !== message.visibleTo) continue;
      this.write(client, frame);
    }
  }

  private frame(event: string, payload: unknown): string {
    return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
  }

  /**
   * Writes to one listener with backpressure: while its connection is full, events wait in the
   * listener's own queue (shared strings, cheap to drop) instead of Node's write buffer. A tick's
   * burst may pass the bound for a moment; a listener still over it once the tick's writes have
   * gone out has stopped reading and is dropped, queue and all.
   */
  private write(client: Client, frame: string): void {
    if (!this.clients.has(client)) return;
    if (client.isBlocked) {
      client.queue.push(frame);
      client.queuedBytes += frame.length;
      if (client.queuedBytes > client.maxUnsentBytes) this.checkStalled(client);
      return;
    }
    if (!client.res.write(frame)) {
      client.isBlocked = true;
      client.res.once('drain', () => this.flush(client));
    }
  }

  /** Sends a listener's queued events after its connection drained, until it is full again. */
  private flush(client: Client): void {
    client.isBlocked = false;
    let sent = 0;
    while (sent < client.queue.length && this.clients.has(client)) {
      const frame = client.queue[sent++]!;
      client.queuedBytes -= frame.length;
      if (!client.res.write(frame)) {
        client.isBlocked = true;
        client.res.once('drain', () => this.flush(client));
        break;
      }
    }
    client.queue.splice(0, sent);
  }

  private checkStalled(client: Client): void {
    if (client.isCheckPending) return;
    client.isCheckPending = true;
    setImmediate(() => {
      client.isCheckPending = false;
      if (this.clients.has(client) && client.queuedBytes > client.maxUnsentBytes) {
        this.drop(client);
        this.droppedListeners += 1;
      }
    });
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    client.queue = [];
    client.queuedBytes = 0;
    client.res.destroy();
    this.schedulePresence();
  }
}
