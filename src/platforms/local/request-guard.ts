import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { HttpError } from './http.ts';

/** The hostname part of a Host header (`a.b:3000` → `a.b`, `[::1]:3000` → `::1`), lower-cased. */
export function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function isLoopback(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

const REFRESH_INTERFACES_MS = 10_000;

/**
 * Which Host headers the web chat answers: loopback names, the address it is bound to (every
 * interface address and this machine's name when bound to 0.0.0.0 / ::), and `extraHosts`
 * (LOCAL_CHAT_ALLOWED_HOSTS). Anything else is a DNS-rebinding attempt or a misconfigured proxy.
 */
export class HostAllowList {
  private known = new Set<string>();
  private refreshedAtMs = 0;

  constructor(private readonly boundHost: string, private readonly extraHosts: readonly string[] = []) {
    this.refresh();
  }

  /** True when a request with this Host header may be answered. */
  allows(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const name = hostnameOf(hostHeader);
    if (isLoopback(name) || this.known.has(name)) return true;
    // Interfaces come and go (Wi-Fi joins late); look again, at most every few seconds.
    if (Date.now() - this.refreshedAtMs > REFRESH_INTERFACES_MS) {
      this.refresh();
      return this.known.has(name);
    }
    return false;
  }

  private refresh(): void {
    const names = new Set(this.extraHosts.map((h) => hostnameOf(h)));
    const bound = hostnameOf(this.boundHost);
    if (bound === '0.0.0.0' || bound === '::' || bound === '') {
      for (const address of Object.values(networkInterfaces()).flat()) if (address) names.add(address.address.toLowerCase());
      const machine = hostname().toLowerCase();
      names.add(machine);
      names.add(`${machine}.local`);
    } else names.add(bound);
    this.known = names;
    this.refreshedAtMs = Date.now();
  }
}

/**
 * Cross-site request checks for state-changing requests: the body must be declared JSON (an HTML
 * form or a `text/plain` fetch cannot do that without a CORS preflight, which we never allow) and
 * the Origin must be this server. Clients with the API token (scripts, not browsers) may omit Origin.
 */
export function checkStateChangingRequest(req: IncomingMessage, hasApiToken: boolean): void {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(403, 'send the body as JSON with `content-type: application/json`');
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new HttpError(403, 'requests from other websites are not allowed');
  if (origin === undefined) {
    if (hasApiToken) return;
    throw new HttpError(403, 'the Origin header is missing: send requests from the chat page, or use the API token');
  }
  const host = req.headers.host ?? '';
  if (origin !== `http://${host}` && origin !== `https://${host}`) throw new HttpError(403, `requests from ${origin.slice(0, 100)} are not allowed`);
}

/**
 * The bearer token of the request: `valid`, `invalid` (a token was sent but is wrong — 401 even
 * with a session cookie), or `absent`.
 */
export function readBearer(req: IncomingMessage, isValid: (token: string) => boolean): 'valid' | 'invalid' | 'absent' {
  const header = req.headers.authorization;
  if (header === undefined) return 'absent';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match && isValid(match[1]!) ? 'valid' : 'invalid';
}
