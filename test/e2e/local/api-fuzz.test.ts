import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';
import { openBrowserSession, TEST_API_TOKEN } from './api-client.ts';
import { tempDataDir } from './browser-harness.ts';
import { createRng } from '../../../src/engine/rng.ts';

const SEED = 20_261_301;
const REQUESTS = 1100;
const LANES = 6;

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

let server: LocalChatServer;
let commands: CommandDef[];
let cookie = '';
const dataDir = tempDataDir();

beforeAll(async () => {
  closeStore();
  getStore({ dataDir });
  commands = await loadCommands();
  // Rate limits high enough that requests reach the handlers instead of stopping at 429.
  const generous = { perMinute: 100_000, burst: 100_000 };
  server = await startLocalChat(
    { host: '127.0.0.1', port: 0, apiToken: TEST_API_TOKEN, rateLimits: { chatLines: generous, commands: generous, clicks: generous, newSessions: generous } },
    { commands },
  );
  cookie = (await openBrowserSession(server, 'Fuzzer')).cookie;
});
afterAll(async () => {
  await server.stop();
  await closeJobPool();
  closeStore();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Builds one malformed (or occasionally well-formed) request from the generator. */
function makeRequest(random: () => number): FuzzRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = (length: number) => Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x2fff))).join('');
  const commandNames = commands.map((c) => c.name);
  const anyValue = (depth = 0): unknown => {
    const kind = Math.floor(random() * (depth > 2 ? 7 : 10));
    switch (kind) {
      case 0: return null;
      case 1: return random() < 0.5;
      case 2: return pick([0, -1, 1e400, -0, 1e-320, 2 ** 53 + 1, Number.MAX_VALUE, 3.5, 1e9]);
      case 3: return junk(Math.floor(random() * 40));
      case 4: return pick(['', ' ', 'spiral', '8,8', ',,,,', 'relu', '../../etc/passwd', '<script>alert(1)</script>', '%00', '\u0000', 'x'.repeat(5000)]);
      case 5: return { toString: 1 };
      case 6: return { valueOf: 'x', toJSON: 2 };
      case 7: return Array.from({ length: Math.floor(random() * 4) }, () => anyValue(depth + 1));
      case 8: return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(['__proto__', 'constructor', 'dataset', 'layers', 'epochs', 'id', 'x']), anyValue(depth + 1)]));
      default: return pick(commandNames);
    }
  };
  const bodyObject = (): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    if (random() < 0.8) body.command = random() < 0.6 ? pick(commandNames) : anyValue();
    if (random() < 0.7) body.options = random() < 0.6 ? Object.fromEntries(Array.from({ length: 3 }, () => [pick(['dataset', 'layers', 'epochs', 'points', 'activation', 'lr', 'mode', 'topic', 'compare', 'setting', 'bogus']), anyValue()])) : anyValue();
    if (random() < 0.7) body.user = random() < 0.7 ? { id: random() < 0.8 ? `fz-${Math.floor(random() * 50)}` : anyValue(), name: anyValue() } : anyValue();
    if (random() < 0.5) body.text = random() < 0.5 ? `/${pick(commandNames)} ${junk(8)}:${junk(5)}` : anyValue();
    if (random() < 0.5) body.id = random() < 0.5 ? `${pick(commandNames)}:${junk(4)}:${junk(6)}` : anyValue();
    if (random() < 0.4) body.values = random() < 0.5 ? [anyValue(), anyValue()] : anyValue();
    if (random() < 0.3) body.key = anyValue();
    if (random() < 0.2) body.label = anyValue();
    return body;
  };
  const body = (): string | undefined => {
    switch (Math.floor(random() * 10)) {
      case 0: return undefined;
      case 1: return pick(['', '{', '{"a":', '[]', 'null', '"text"', '42', 'true', '{"__proto__":{"isLecturer":true}}', '\u0000\u0001']);
      case 2: return JSON.stringify({ pad: 'p'.repeat(70 * 1024) }); // over the 64 KB bound
      case 3: return junk(200);
      default: return JSON.stringify(bodyObject());
    }
  };
  const port = server.port;
  const headers: Record<string, string> = {};
  headers.host = pick([`127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', `[::1]:${port}`, '', 'a:b:c', '127.0.0.1:99999']);
  const contentType = pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON', 'multipart/form-data; boundary=x', '']);
  if (contentType) headers['content-type'] = contentType;
  const origin = pick([`http://127.0.0.1:${port}`, `http://${headers.host}`, 'https://evil.example', 'null', '', undefined]);
  if (origin !== undefined) headers.origin = origin;
  const auth = pick([`Bearer ${TEST_API_TOKEN}`, `Bearer ${TEST_API_TOKEN}`, 'Bearer wrong', 'Bearer', 'Basic YTpi', `bearer  ${TEST_API_TOKEN}  `, undefined]);
  if (auth !== undefined) headers.authorization = auth;
  const cookieHeader = pick([cookie, cookie, 'nn_session=w-aaaaaaaaaaaaaaaa.x', 'nn_session=', `${cookie}; nn_session=junk`, junk(30), undefined]);
  if (cookieHeader !== undefined) headers.cookie = cookieHeader;
  if (random() < 0.6) {
    // Past the guards (right host, JSON, token or session with the page's origin): the body is what is malformed.
    headers.host = `127.0.0.1:${port}`;
    headers['content-type'] = 'application/json';
    headers.origin = `http://127.0.0.1:${port}`;
    if (random() < 0.5) {
      headers.authorization = `Bearer ${TEST_API_TOKEN}`;
      delete headers.cookie;
    } else {
      headers.cookie = cookie;
      delete headers.authorization;
    }
  }
  const postRoute = pick(['/api/commands', '/api/commands', '/api/components', '/api/click', '/api/chat', '/api/chat', '/api/session']);
  const path = random() < 0.7 ? postRoute : pick([
    '/api/commands', '/api/commands', '/api/components', '/api/click', '/api/chat', '/api/chat', '/api/session',
    '/api/catalogue', `/api/autocomplete?command=${pick(commandNames)}&option=${pick(['features', 'dataset', 'x', ''])}&partial=${encodeURIComponent(junk(5))}`,
    '/healthz', '/', '/app.js', `/images/${junk(3)}/x.png`, '/images/', '/events?name=F', '/%', '/api/commands?x=%zz', '/..%2f..%2fetc/passwd', `/${junk(6)}`,
  ]);
  const method = random() < 0.85 ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD']);
  return { method, path: encodeURI(decodeURIComponentSafe(path)), headers, body: method === 'GET' || method === 'HEAD' ? undefined : body() };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text.replace(/%/g, '%25');
  }
}

/** Sends one request and resolves with its status (0 when the server closed without answering). */
function send(fuzz: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...fuzz.headers };
    if (fuzz.body !== undefined) headers['content-length'] = Buffer.byteLength(fuzz.body);
    let req: ReturnType<typeof request>;
    try {
      req = request({ host: '127.0.0.1', port: server.port, method: fuzz.method, path: fuzz.path, headers, setHost: false, agent: false }, (res) => {
        resolve(res.statusCode ?? 0);
        if (String(res.headers['content-type']).startsWith('text/event-stream')) res.destroy(); // an open event stream
        else res.resume();
      });
    } catch {
      resolve(-1); // the client itself refused (e.g. an invalid header value): not sent
      return;
    }
    req.setTimeout(60_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(fuzz.body);
  });
}

describe('fuzzing the local chat HTTP API (issue 13, "Done when")', () => {
  it(`${REQUESTS} seeded random malformed requests: no answer ≥ 500 and /healthz stays up`, async () => {
    const random = createRng(SEED).next;
    const planned = Array.from({ length: REQUESTS }, () => makeRequest(random));
    const failures: { status: number; request: FuzzRequest }[] = [];
    const statusCounts = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      while (next < planned.length) {
        const index = next++;
        const fuzz = planned[index]!;
        const status = await send(fuzz);
        statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
        // 0 = no answer at all; a 413 may legitimately close before the client finished sending.
        if (status >= 500 || (status === 0 && !(fuzz.body && fuzz.body.length > 64 * 1024))) failures.push({ status, request: { ...fuzz, body: fuzz.body?.slice(0, 300) } });
        if (index % 100 === 0) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    console.log('fuzz status counts', Object.fromEntries([...statusCounts].sort((x, y) => x[0] - y[0])));
    expect(failures, JSON.stringify(failures.slice(0, 5), null, 1)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The fuzz reached the handlers, not only the guards: some requests were accepted and some refused for their body.
    expect(statusCounts.get(200) ?? 0).toBeGreaterThan(20);
    expect(statusCounts.get(400) ?? 0).toBeGreaterThan(20);
    const sent = REQUESTS - (statusCounts.get(-1) ?? 0); // -1: Node's client refused to send it (an invalid header)
    expect(sent).toBeGreaterThanOrEqual(1000);
  }, 300_000);
});
