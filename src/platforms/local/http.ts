import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request the server refuses with `status` and a message saying what is allowed. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (Retry-After, Connection: close). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Largest JSON body the API reads; more is refused with 413 and the connection closed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON object body (at most `maxBytes`; routes that take files allow more). Too large → 413 (announced by Content-Length or found while reading;
 * the connection is then closed, since the rest of the body was never read); not an object → 400.
 */
export async function readJsonObject(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const close = { connection: 'close' };
  const tooLarge = `request body too large (at most ${Math.floor(maxBytes / 1024)} KB)`;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, tooLarge, close);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, tooLarge, close);
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'body must be a JSON object');
  }
}

/** Sends `body` as JSON with `status` (never cached). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Answers a refused request. When the answer says `connection: close`, the socket is ended once the
 * answer is sent, so a client never writes its next request into a connection about to close.
 */
export function sendHttpError(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
  const isClosing = error.headers.connection === 'close';
  if (isClosing) {
    // Stop reading the unread body; Node then closes the socket after the response.
    req.unpipe?.();
    res.shouldKeepAlive = false;
  }
  const kind = error.status === 503 || error.status === 429 ? 'busy' : 'user';
  sendJson(res, error.status, { error: { kind, message: error.message } }, error.headers);
  if (isClosing) res.on('finish', () => req.socket.end());
}
