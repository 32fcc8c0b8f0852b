import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReplyButton, ReplyCountdown, ReplyImage, ReplySelect } from '../../chat/types.ts';

/** An image as the browser sees it: served from memory at `url`. */
export interface ChatImage {
  name: string;
  alt: string;
  contentType: string;
  url: string;
}

/** One message in the shared channel (a person's command or chat line, or a bot answer). */
export interface ChatMessage {
  id: string;
  author: { id: string; name: string; isBot: boolean };
  text?: string;
  images?: ChatImage[];
  buttons?: ReplyButton[][];
  selects?: ReplySelect[];
  /** Shown as a progress bar while a heavy command runs; null once done. */
  progress?: { fraction: number; text: string } | null;
  /** A clock the browser ticks down on this message (server-clock times; see ReplyCountdown). */
  countdown?: ReplyCountdown;
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
  userId: string;
  name: string;
  res: ServerResponse;
}

const MAX_MESSAGES = 300;
const MAX_IMAGES = 400;

/** A short random id. */
export function newId(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * The shared room of the local web chat: keeps recent messages and images in memory and pushes
 * every change to connected browsers as server-sent events (ephemeral messages only to their owner).
 */
export class Channel {
  readonly id: string;
  private readonly messages: ChatMessage[] = [];
  private readonly clients = new Set<Client>();
  private readonly images = new Map<string, { data: Buffer; contentType: string }>();

  constructor(id = 'lobby') {
    this.id = id;
  }

  /** Stores reply images and returns their URLs. */
  storeImages(images: readonly ReplyImage[] | undefined): ChatImage[] | undefined {
    if (!images?.length) return undefined;
    return images.map((image) => {
      const id = newId();
      this.images.set(id, { data: image.data, contentType: image.contentType });
      if (this.images.size > MAX_IMAGES) this.images.delete(this.images.keys().next().value as string);
      return { name: image.name, alt: image.alt, contentType: image.contentType, url: `/images/${id}/${encodeURIComponent(image.name)}` };
    });
  }

  /** An image stored by `storeImages`, or undefined once evicted. */
  getImage(id: string): { data: Buffer; contentType: string } | undefined {
    return this.images.get(id);
  }

  /** Adds a message and shows it to everyone allowed to see it. */
  post(message: ChatMessage): ChatMessage {
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) this.messages.shift();
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
    if (wasPublic && message.visibleTo !== undefined) {
      for (const client of this.clients) if (client.userId !== message.visibleTo) this.send(client, 'remove', { id });
    }
    this.broadcast('message', message);
    return message;
  }

  /** Recent messages a user may see. */
  historyFor(userId: string): ChatMessage[] {
    return this.messages.filter((m) => m.visibleTo === undefined || m.visibleTo === userId);
  }

  /** Names of the people connected now. */
  presence(): string[] {
    return [...new Set([...this.clients].map((c) => c.name))].sort();
  }

  /** Attaches a browser's event stream; sends the history, then every change until it disconnects. */
  subscribe(res: ServerResponse, userId: string, name: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const client: Client = { userId, name, res };
    this.clients.add(client);
    // serverNowMs lets the browser correct for its own clock when it ticks countdowns
    this.send(client, 'hello', { channel: this.id, serverNowMs: Date.now(), history: this.historyFor(userId) });
    this.broadcast('presence', { names: this.presence() });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      this.clients.delete(client);
      this.broadcast('presence', { names: this.presence() });
    });
  }

  /** Closes every event stream (server shutdown). */
  closeAll(): void {
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  private broadcast(event: string, payload: ChatMessage | object): void {
    const visibleTo = (payload as ChatMessage).visibleTo;
    for (const client of this.clients) {
      if (visibleTo !== undefined && client.userId !== visibleTo) continue;
      this.send(client, event, payload);
    }
  }

  private send(client: Client, event: string, payload: unknown): void {
    client.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }
}
