import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

/** Name of the web chat's session cookie. */
export const SESSION_COOKIE = 'nn_session';
/** A session lasts a school year, so lesson progress and revision survive closing the browser. */
const SESSION_MAX_AGE_S = 365 * 24 * 3600;
const SECRET_FILE = 'local-chat-secret';

/**
 * Server-issued identities for the web chat. A session cookie is `<userId>.<HMAC-SHA256(secret, userId)>`:
 * the server picks the user id, the signature proves it did, and nothing is stored per session, so
 * a restart with the same secret keeps everyone's identity (and progress).
 */
export class SessionKeeper {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    this.secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    if (this.secret.length < 16) throw new Error('the session secret must be at least 16 bytes');
  }

  /** A new user id and the Set-Cookie header value that carries it (HttpOnly, SameSite=Strict). */
  issue(): { userId: string; setCookie: string } {
    const userId = `w-${randomBytes(12).toString('base64url')}`;
    return { userId, setCookie: `${SESSION_COOKIE}=${userId}.${this.sign(userId)}; Path=/; Max-Age=${SESSION_MAX_AGE_S}; HttpOnly; SameSite=Strict` };
  }

  /** The user id of the request's session cookie, or undefined when it is missing or forged. */
  userIdOf(req: IncomingMessage): string | undefined {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const userId = value.slice(0, dot);
    if (!/^w-[\w-]{16}$/.test(userId)) return undefined;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.sign(userId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
  }

  /** The id other browsers see for a user: stable, but reveals nothing that could act as them. */
  publicIdOf(userId: string): string {
    return `p-${createHmac('sha256', this.secret).update(`public:${userId}`).digest('base64url').slice(0, 12)}`;
  }

  private sign(userId: string): string {
    return createHmac('sha256', this.secret).update(`session:${userId}`).digest('base64url');
  }
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** True when `given` equals `expected`, compared in constant time (keys and tokens). */
export function isSameSecret(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The session secret kept in `<dataDir>/local-chat-secret` (created with mode 0600 on first start),
 * so sessions stay valid across restarts.
 */
export function readOrCreateSessionSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length >= 32) return Buffer.from(text, 'utf8');
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return Buffer.from(secret, 'utf8');
}

/** The lecturer key when none is configured: derived from the session secret, so the link survives restarts. */
export function deriveLecturerKey(secret: Buffer): string {
  return createHmac('sha256', secret).update('lecturer-key').digest('base64url').slice(0, 16);
}
