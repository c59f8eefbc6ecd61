import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fixedClock } from '../../util/clock';
import { Downloads } from '../../core/downloads';
import { memoryLogger, tempDir, testCore } from '../../dev/testing/fakes';
import { startWebHost, type WebHost } from './web-host';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start() {
  const rendererDir = tempDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tiếp đón</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const { core, readers } = await testCore();
  host = await startWebHost({ core, rendererDir, logger: (await memoryLogger()).logger });
  return { host, readers };
}

/** Raw HTTP so the test controls every header, Host included. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function login(h: WebHost): Promise<string> {
  const response = await get(h.url);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return cookie;
}

function openSocket(h: WebHost, headers: Record<string, string>) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${h.origin.replace('http', 'ws')}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, message: unknown) {
  return new Promise<unknown>((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify(message));
  });
}

describe('web host', () => {
  it('serves a download once, as an attachment, only to the page holding the session cookie', async () => {
    const rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tiếp đón</title>');
    const downloads = new Downloads(fixedClock('2026-03-15T08:30:00.000Z'));
    const { core } = await testCore();
    host = await startWebHost({ core, download: (id) => downloads.take(id), rendererDir, logger: (await memoryLogger()).logger });
    const id = downloads.put('tiepdon-01001-K1-20260315-1530.tiepdon-backup', new Uint8Array(Buffer.from('sealed bytes')));
    const hostHeader = { Host: new URL(host.origin).host };
    expect((await get(`${host.origin}/download?id=${id}`, hostHeader)).status).toBe(401);
    const cookie = await login(host);
    const served = await get(`${host.origin}/download?id=${id}`, { ...hostHeader, Cookie: cookie });
    expect(served).toMatchObject({ status: 200, body: 'sealed bytes' });
    expect(served.headers).toMatchObject({ 'content-disposition': 'attachment; filename="tiepdon-01001-K1-20260315-1530.tiepdon-backup"', 'cache-control': 'no-store', 'content-type': 'application/octet-stream' });
    expect((await get(`${host.origin}/download?id=${id}`, { ...hostHeader, Cookie: cookie })).status).toBe(404);
  });

  it('listens on loopback only and prints a URL carrying the token', async () => {
    const { host: h } = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses every request without the token', async () => {
    const { host: h } = await start();
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong']) {
      const response = await get(`${h.origin}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.body).not.toContain('Tiếp đón');
    }
  });

  it('trades the token for an HttpOnly SameSite cookie, then serves the UI with the CSP', async () => {
    const { host: h } = await start();
    const first = await get(h.url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get(`${h.origin}/`, { cookie: await login(h) });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Tiếp đón');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding) even with the cookie', async () => {
    const { host: h } = await start();
    const cookie = await login(h);
    const port = new URL(h.origin).port;
    expect((await get(`${h.origin}/`, { cookie, host: `evil.example:${port}` })).status).toBe(421);
  });

  it('refuses sockets without the cookie or from another origin', async () => {
    const { host: h } = await start();
    const cookie = await login(h);
    await expect(openSocket(h, { origin: h.origin })).rejects.toThrow(/401/);
    await expect(openSocket(h, { origin: 'http://evil.example', cookie })).rejects.toThrow(/401/);
  });

  it('carries validated requests, typed errors and events over the socket', async () => {
    const { host: h, readers } = await start();
    const ws = await openSocket(h, { origin: h.origin, cookie: await login(h) });
    expect(await call(ws, { type: 'request', id: 1, channel: 'demo.ping', payload: { message: 'a' } })).toEqual({
      type: 'response',
      id: 1,
      ok: true,
      result: { message: 'a', receivedAt: '2026-03-15T08:30:00.000Z' },
    });
    expect(await call(ws, { type: 'request', id: 2, channel: 'demo.ping', payload: { message: 7 } })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'bad-request' },
    });
    const event = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    readers.emit({ type: 'reader-added', reader: 'Virtual PCD 00 01' });
    expect(await event).toEqual({ type: 'event', channel: 'readers.changed', payload: { type: 'reader-added', reader: 'Virtual PCD 00 01' } });
    ws.close();
  });

  it('closes a socket that sends something that is not a contract message', async () => {
    const { host: h } = await start();
    const ws = await openSocket(h, { origin: h.origin, cookie: await login(h) });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
  });
});
