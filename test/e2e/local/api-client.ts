import { expect } from 'vitest';
import type { LocalChatServer } from '../../../src/platforms/local/index.ts';

/** The API token the local-chat tests start their server with. */
export const TEST_API_TOKEN = 'test-api-token-0123456789';

/** A JSON answer: status, headers and parsed body. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: any;
}

async function answerOf(response: Response): Promise<ApiAnswer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { raw: text };
  }
  return { status: response.status, headers: response.headers, json };
}

/** Calls the JSON API with the bearer token (as a script or benchmark would): GET without body, POST with one. */
export async function apiWithToken(server: LocalChatServer, path: string, body?: unknown, token = TEST_API_TOKEN): Promise<ApiAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return answerOf(await fetch(server.url + path, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** One server-sent event. */
export interface ServerEvent {
  event: string;
  data: any;
}

/** A browser-like client: a session cookie from POST /api/session, and the page's Origin on every POST. */
export interface BrowserSession {
  cookie: string;
  /** The opaque id other browsers see for this person. */
  publicId: string;
  post(path: string, body: unknown): Promise<ApiAnswer>;
  get(path: string): Promise<ApiAnswer>;
  /** Reads /events until `until` says stop (or 20 s pass). */
  listen(name: string, until: (events: ServerEvent[]) => boolean): Promise<ServerEvent[]>;
}

/** Opens a session the way the chat page does. */
export async function openBrowserSession(server: LocalChatServer, name = 'Guest'): Promise<BrowserSession> {
  const origin = server.url;
  const first = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ name }) });
  const setCookie = first.headers.get('set-cookie') ?? '';
  expect(first.status, 'POST /api/session').toBe(201);
  const cookie = setCookie.split(';')[0]!;
  const publicId = ((await first.json()) as { you: { id: string } }).you.id;
  return {
    cookie,
    publicId,
    async post(path, body) {
      return answerOf(await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: JSON.stringify(body) }));
    },
    async get(path) {
      return answerOf(await fetch(server.url + path, { headers: { cookie } }));
    },
    listen: (name, until) => listenToEvents(server, cookie, name, until),
  };
}

/** Reads server-sent events from /events with `cookie` until `until` says stop. */
export async function listenToEvents(server: LocalChatServer, cookie: string, name: string, until: (events: ServerEvent[]) => boolean): Promise<ServerEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/events?name=${encodeURIComponent(name)}`, { signal: controller.signal, headers: { cookie } });
  const events: ServerEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 20_000);
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (until(events)) break;
    }
  } catch {
    // aborted at the deadline: return what arrived
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return events;
}
