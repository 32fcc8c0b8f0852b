/** The fake's HTTP entry point: records each request, serves attachments, routes /api/v10 and turns refusals into Discord error JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeApiError } from './checks.ts';
import { fail, HttpError } from './http-error.ts';
import { readBody } from './request-body.ts';
import { routeRest } from './rest-routes.ts';
import type { FakeDiscordState } from './state.ts';

/** Handles one HTTP request; every refusal is recorded in `violations`, and listeners hear 'change' afterwards. */
export async function handleHttpRequest(fake: FakeDiscordState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = req.method ?? 'GET';
  const authorized = req.headers.authorization === `Bot ${fake.token}`;
  fake.requests.push({ method, path: url.pathname, at: Date.now(), authorized });
  if (fake.isStalled && url.pathname.startsWith('/api/')) return; // no answer, ever
  try {
    if (url.pathname.startsWith('/attachments/')) return serveAttachment(fake, url.pathname, res);
    if (!url.pathname.startsWith('/api/v10/')) fail(404, 0, '404: Not Found');
    const route = decodeURIComponent(url.pathname.slice('/api/v10'.length));
    const body = await readBody(req);
    const result = await routeRest(fake, method, route, url, body, authorized);
    if (result === undefined) {
      res.writeHead(204).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    }
  } catch (error) {
    const apiError: FakeApiError =
      error instanceof HttpError ? error.apiError : { status: 500, code: 0, message: `fake Discord crashed: ${(error as Error).stack}` };
    fake.violations.push({ at: Date.now(), method, path: url.pathname, status: apiError.status, code: apiError.code, message: apiError.message });
    const { status, ...rest } = apiError;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(rest));
  } finally {
    fake.emit('change');
  }
}

/** GET /attachments/:channel/:id/:name — the bytes of an uploaded attachment (the CDN stand-in). */
export function serveAttachment(fake: FakeDiscordState, path: string, res: ServerResponse): void {
  const [, , channelId, attachmentId] = path.split('/');
  for (const message of fake.messages.values()) {
    if (message.channelId !== channelId) continue;
    const attachment = message.attachments.find((a) => a.id === attachmentId);
    if (attachment) {
      res.writeHead(200, { 'content-type': attachment.contentType }).end(attachment.data);
      return;
    }
  }
  fail(404, 0, '404: Not Found');
}
