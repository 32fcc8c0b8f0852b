/** Downloading a platform-held file: trusted hosts only, type and size checked first, deadline, byte cap while streaming. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/chat/errors.ts';
import { createRemoteAttachment, isAllowedUrl, sizeText, type DownloadPolicy } from '../../src/platforms/remote-attachment.ts';

const CSV = Buffer.from('x1,x2,label\n1,2,1\n-1,-2,-1\n');
let server: Server;
let origin = '';
const requests: { path: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (req.url === '/data.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
    else if (req.url === '/endless.csv') {
      // no Content-Length, and far more bytes than it claimed: the cap must cut it off while streaming
      res.writeHead(200, { 'content-type': 'text/csv' });
      const line = Buffer.from('1,2,1\n'.repeat(1000));
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(line)) sent++;
        if (sent >= 200) res.end();
        else res.once('drain', pump);
      };
      pump();
    } else if (req.url === '/big-header.csv') res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(5_000_000) }).end();
    else if (req.url === '/stall.csv') res.writeHead(200, { 'content-type': 'text/csv' }).write('x1,'); // never ends
    else if (req.url === '/redirect.csv') res.writeHead(302, { location: 'http://example.invalid/data.csv' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const policy = (): DownloadPolicy => ({ allowedHosts: [origin], timeoutMs: 1500, platformLabel: 'Discord' });

function file(path: string, extra: { name?: string; contentType?: string; sizeBytes?: number; urls?: string[] } = {}) {
  return createRemoteAttachment(
    { name: extra.name ?? 'data.csv', contentType: 'contentType' in extra ? extra.contentType : 'text/csv; charset=utf-8', sizeBytes: extra.sizeBytes ?? CSV.length, urls: extra.urls ?? [`${origin}${path}`] },
    policy(),
  );
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe('isAllowedUrl', () => {
  it('a bare host allows https on that host only → http, other ports and look-alike hosts are refused', () => {
    const hosts = ['cdn.discordapp.com'];
    expect(isAllowedUrl('https://cdn.discordapp.com/attachments/1/2/a.csv?ex=1', hosts)).toBe(true);
    expect(isAllowedUrl('http://cdn.discordapp.com/a.csv', hosts)).toBe(false);
    expect(isAllowedUrl('https://cdn.discordapp.com:8443/a.csv', hosts)).toBe(false);
    expect(isAllowedUrl('https://cdn.discordapp.com.evil.example/a.csv', hosts)).toBe(false);
    expect(isAllowedUrl('https://evil.example/cdn.discordapp.com/a.csv', hosts)).toBe(false);
    expect(isAllowedUrl('https://user:pw@cdn.discordapp.com/a.csv', hosts)).toBe(false);
    expect(isAllowedUrl('not a url', hosts)).toBe(false);
  });

  it('an entry with a scheme allows exactly that origin → 127.0.0.1 on another port is refused', () => {
    expect(isAllowedUrl('http://127.0.0.1:4000/a.csv', ['http://127.0.0.1:4000'])).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1:4001/a.csv', ['http://127.0.0.1:4000'])).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:4000/a.csv', ['cdn.discordapp.com', 'media.discordapp.net'])).toBe(false);
  });
});

describe('createRemoteAttachment read', () => {
  it('a CSV on a trusted host → its bytes, with the headers given (e.g. a bearer token)', async () => {
    const attachment = createRemoteAttachment(
      { name: 'data.csv', contentType: 'text/csv', sizeBytes: CSV.length, urls: [`${origin}/data.csv`], headers: { authorization: 'Bearer xoxb-1' } },
      policy(),
    );
    expect(attachment).toMatchObject({ name: 'data.csv', contentType: 'text/csv', sizeBytes: CSV.length });
    expect((await attachment.read(1000)).equals(CSV)).toBe(true);
    expect(requests.at(-1)).toEqual({ path: '/data.csv', authorization: 'Bearer xoxb-1' });
  });

  it('the first URL on a foreign host and the second trusted → downloads from the trusted one', async () => {
    const data = await file('', { urls: ['https://evil.example/data.csv', `${origin}/data.csv`] }).read(1000);
    expect(data.toString()).toContain('x1,x2,label');
  });

  it('only foreign hosts → refused naming the host, nothing requested', async () => {
    const before = requests.length;
    const message = await refusal(file('', { urls: ['https://evil.example/data.csv'] }).read(1000));
    expect(message).toContain("not on Discord's own file servers");
    expect(message).toContain('evil.example');
    expect(requests.length).toBe(before);
  });

  it('declared size over the cap → refused before downloading, with both sizes', async () => {
    const before = requests.length;
    const message = await refusal(file('/data.csv', { sizeBytes: 2_500_000 }).read(1_000_000));
    expect(message).toContain('2.5 MB');
    expect(message).toContain('at most 1 MB');
    expect(requests.length).toBe(before);
  });

  it('an image or a zip → refused naming its type and what is accepted, nothing requested', async () => {
    const before = requests.length;
    expect(await refusal(file('/data.csv', { name: 'cat.png', contentType: 'image/png' }).read(1000))).toMatch(/`image\/png`.*CSV or JSON/);
    expect(await refusal(file('/data.csv', { name: 'data.zip', contentType: 'application/zip' }).read(1000))).toContain('`application/zip`');
    expect(await refusal(file('/data.csv', { name: 'data.exe', contentType: undefined }).read(1000))).toContain('not a text file');
    expect(requests.length).toBe(before);
  });

  it('no type but a .csv/.json name, or a Windows .csv type → accepted', async () => {
    expect((await file('/data.csv', { contentType: undefined }).read(1000)).length).toBe(CSV.length);
    expect((await file('/data.csv', { name: 'd.json', contentType: 'application/octet-stream' }).read(1000)).length).toBe(CSV.length);
    expect((await file('/data.csv', { contentType: 'application/vnd.ms-excel' }).read(1000)).length).toBe(CSV.length);
  });

  it('a server that sends more than it declared → cut off at the cap while streaming', async () => {
    const message = await refusal(file('/endless.csv', { sizeBytes: 100 }).read(50_000));
    expect(message).toContain('bigger than 50 kB');
  });

  it('a Content-Length over the cap → refused before the body is read', async () => {
    expect(await refusal(file('/big-header.csv', { sizeBytes: 10 }).read(1_000_000))).toContain('5 MB');
  });

  it('a download that never finishes → refused after the deadline with "took longer than"', async () => {
    const message = await refusal(file('/stall.csv').read(1000));
    expect(message).toContain('took longer than');
  });

  it('a redirect → not followed, refused', async () => {
    expect(await refusal(file('/redirect.csv').read(1000))).toContain('redirect I do not follow');
  });

  it('a missing file (404) → refused asking to upload again', async () => {
    expect(await refusal(file('/gone.csv').read(1000))).toContain('HTTP 404');
  });

  it('the run is cancelled → the cancellation reason, not a download message', async () => {
    const controller = new AbortController();
    const reading = file('/stall.csv').read(1000, controller.signal);
    setTimeout(() => controller.abort(new Error('cancelled by user')), 50);
    await expect(reading).rejects.toThrow('cancelled by user');
  });
});

describe('sizeText', () => {
  it('bytes, kB and MB as platforms show them', () => {
    expect(sizeText(1)).toBe('1 byte');
    expect(sizeText(830)).toBe('830 bytes');
    expect(sizeText(50_000)).toBe('50 kB');
    expect(sizeText(2_500_000)).toBe('2.5 MB');
    expect(sizeText(1_000_000)).toBe('1 MB');
  });
});
