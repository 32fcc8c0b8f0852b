import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RateLimiter, perMinute } from '../../../src/platforms/local/rate-limit.ts';
import { HostAllowList, hostnameOf, checkStateChangingRequest, readBearer } from '../../../src/platforms/local/request-guard.ts';
import { deriveLecturerKey, isSameSecret, readCookie, readOrCreateSessionSecret, SessionKeeper } from '../../../src/platforms/local/session.ts';

const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token; tokens come back at the rate', () => {
    let nowMs = 0;
    const limiter = new RateLimiter({ perMinute: 6, burst: 2 }, () => nowMs); // one token every 10 s
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
    expect(limiter.take('b')).toBe(0); // keys are independent
    nowMs = 4_000;
    expect(limiter.take('a')).toBe(6);
    nowMs = 10_000;
    expect(limiter.take('a')).toBe(0);
  });

  it('perMinute(n) allows a third of n at once', () => {
    expect(perMinute(30)).toEqual({ perMinute: 30, burst: 10 });
    expect(perMinute(1)).toEqual({ perMinute: 1, burst: 1 });
  });
});

describe('SessionKeeper', () => {
  const keeper = new SessionKeeper('a-secret-of-at-least-16-bytes');

  it('recognises the cookie it issued (HttpOnly, SameSite=Strict) and nothing else', () => {
    const { userId, setCookie } = keeper.issue();
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect(keeper.userIdOf(requestWith({ cookie: `theme=dark; ${cookie}` }))).toBe(userId);
    const other = new SessionKeeper('another-secret-of-16-bytes');
    expect(other.userIdOf(requestWith({ cookie }))).toBeUndefined(); // signed with another secret
    expect(keeper.userIdOf(requestWith({ cookie: cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }))).toBeUndefined();
    expect(keeper.userIdOf(requestWith({}))).toBeUndefined();
  });

  it('public ids are stable per user, differ between users and do not contain the user id', () => {
    const a = keeper.issue().userId;
    const b = keeper.issue().userId;
    expect(keeper.publicIdOf(a)).toBe(keeper.publicIdOf(a));
    expect(keeper.publicIdOf(a)).not.toBe(keeper.publicIdOf(b));
    expect(keeper.publicIdOf(a)).not.toContain(a.slice(2));
  });

  it('keeps its secret in DATA_DIR (mode 0600) and derives the same lecturer key from it after a restart', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-secret-'));
    try {
      const first = readOrCreateSessionSecret(dir);
      expect(statSync(path.join(dir, 'local-chat-secret')).mode & 0o777).toBe(0o600);
      expect(readOrCreateSessionSecret(dir).equals(first)).toBe(true);
      expect(deriveLecturerKey(first)).toBe(deriveLecturerKey(readOrCreateSessionSecret(dir)));
      expect(deriveLecturerKey(first)).toMatch(/^[\w-]{16}$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares keys and tokens only with text of the same value', () => {
    expect(isSameSecret('k', 'k')).toBe(true);
    expect(isSameSecret('k', undefined)).toBe(false);
    expect(isSameSecret(undefined, 'k')).toBe(false);
    expect(isSameSecret({ toString: () => 'k' }, 'k')).toBe(false);
    expect(readCookie('a=1; b = 2', 'b')).toBe('2');
  });
});

describe('request guards', () => {
  it('reads the host name from Host headers with ports and IPv6 brackets', () => {
    expect(hostnameOf('Chat.Example:3000')).toBe('chat.example');
    expect(hostnameOf('[::1]:3000')).toBe('::1');
    expect(hostnameOf('::1')).toBe('::1');
    expect(hostnameOf('10.0.0.5')).toBe('10.0.0.5');
  });

  it('answers loopback names, the bound address and the allowed hosts; refuses the rest', () => {
    const hosts = new HostAllowList('10.1.2.3', ['chat.school.example']);
    for (const ok of ['localhost:3000', '127.0.0.1:3000', '127.8.9.10', '[::1]:3000', '10.1.2.3:3000', 'chat.school.example']) expect(hosts.allows(ok), ok).toBe(true);
    for (const bad of ['evil.example', '10.1.2.4:3000', '127.0.0.1.evil.example', '', undefined]) expect(hosts.allows(bad), String(bad)).toBe(false);
  });

  it('state-changing requests need JSON and this server as Origin; only API-token clients may omit Origin', () => {
    const base = { host: '127.0.0.1:3000', 'content-type': 'application/json' };
    expect(() => checkStateChangingRequest(requestWith({ ...base, origin: 'http://127.0.0.1:3000' }), false)).not.toThrow();
    expect(() => checkStateChangingRequest(requestWith({ ...base, 'content-type': 'text/plain', origin: 'http://127.0.0.1:3000' }), true)).toThrow(/application\/json/);
    expect(() => checkStateChangingRequest(requestWith({ ...base, origin: 'http://localhost:3000' }), false)).toThrow(/not allowed/);
    expect(() => checkStateChangingRequest(requestWith(base), false)).toThrow(/Origin/);
    expect(() => checkStateChangingRequest(requestWith(base), true)).not.toThrow();
    expect(() => checkStateChangingRequest(requestWith({ ...base, 'sec-fetch-site': 'cross-site' }), true)).toThrow(/other websites/);
  });

  it('tells a valid, a wrong and a missing bearer token apart', () => {
    const isValid = (token: string) => token === 'right';
    expect(readBearer(requestWith({ authorization: 'Bearer right' }), isValid)).toBe('valid');
    expect(readBearer(requestWith({ authorization: 'bearer   right ' }), isValid)).toBe('valid');
    expect(readBearer(requestWith({ authorization: 'Bearer wrong' }), isValid)).toBe('invalid');
    expect(readBearer(requestWith({ authorization: 'Basic cmlnaHQ=' }), isValid)).toBe('invalid');
    expect(readBearer(requestWith({}), isValid)).toBe('absent');
  });
});
