import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; Discord gives the raw 32-byte key as hex. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** Requests older than this are refused (replay protection; Discord signs the timestamp). */
const MAX_TIMESTAMP_AGE_S = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;

/** The application's public key (Developer Portal → General Information → Public Key) as a KeyObject. */
export function parseDiscordPublicKey(publicKeyHex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(publicKeyHex.trim()))
    throw new Error('DISCORD_PUBLIC_KEY must be the 64 hex characters shown under Developer Portal → General Information → Public Key');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex.trim(), 'hex')]), format: 'der', type: 'spki' });
}

/**
 * Discord's request signature: Ed25519 over `timestamp + raw body`, sent as hex in
 * X-Signature-Ed25519 with the timestamp in X-Signature-Timestamp. False for anything malformed.
 */
export function isValidDiscordSignature(publicKey: KeyObject, signatureHex: string | undefined, timestamp: string | undefined, rawBody: Buffer, nowS = Date.now() / 1000): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > MAX_TIMESTAMP_AGE_S) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** Where the interactions endpoint listens. */
export interface InteractionsEndpointOptions {
  publicKeyHex: string;
  host: string;
  port: number;
  path: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The HTTP endpoint Discord POSTs interactions to (Developer Portal → Interactions Endpoint URL):
 * refuses unsigned or badly signed requests with 401 (Discord tests this when the URL is saved),
 * answers PING with PONG, and for every other interaction answers 202 and hands the payload on;
 * the adapter then responds through the interaction callback endpoint, as over the gateway.
 */
export async function startInteractionsEndpoint(
  options: InteractionsEndpointOptions,
  onInteraction: (payload: Record<string, unknown>) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const publicKey = parseDiscordPublicKey(options.publicKeyHex);
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method !== 'POST' || path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    if (!body) {
      res.writeHead(413).end();
      return;
    }
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (!isValidDiscordSignature(publicKey, String(signature ?? ''), String(timestamp ?? ''), body)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
      return;
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (payload.type === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 1 }));
      return;
    }
    res.writeHead(202).end();
    setImmediate(() => onInteraction(payload));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}${options.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
