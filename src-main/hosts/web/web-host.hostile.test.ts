// Issue 17's acceptance at the web host's door: hostile bytes are refused for that request or socket
// only, and a second client is served throughout. Raw `net` so nothing tidies the bytes on the way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryLogger, tempDir, testCore } from '../../dev/testing/fakes';
import { clientFrame, rawExchange, rawWebSocket } from '../../dev/testing/raw-http';
import type { WebHostLimits } from './limits';
import { startWebHost, type WebHost } from './web-host';

let host: WebHost | undefined;
const open: WebSocket[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await host?.close();
  host = undefined;
});

async function start(limits: Partial<WebHostLimits> = {}) {
  const rendererDir = tempDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tiếp đón</title>');
  const { core } = await testCore();
  host = await startWebHost({ core, rendererDir, logger: (await memoryLogger()).logger, limits });
  const port = Number(new URL(host.origin).port);
  const cookie = await new Promise<string>((resolve, reject) => {
    httpRequest(host!.url, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie']).split(';')[0]!);
    })
      .on('error', reject)
      .end();
  });
  return { h: host, port, cookie, hostHeader: `127.0.0.1:${port}` };
}

async function servesUi(port: number, cookie: string): Promise<void> {
  const answer = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  expect(Buffer.from(answer, 'latin1').toString('utf8')).toContain('Tiếp đón');
}

/** A well-behaved client that pings the core 50 times a second and records every answer. */
async function pinger(h: WebHost, cookie: string) {
  const ws = new WebSocket(`${h.origin.replace('http', 'ws')}/ws`, { headers: { origin: h.origin, cookie } });
  open.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let answered = 0;
  let nextId = 1;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; ok?: boolean };
    if (message.type === 'response' && message.ok) answered += 1;
  });
  const timer = setInterval(() => ws.send(JSON.stringify({ type: 'request', id: nextId++, channel: 'demo.ping', payload: { message: 'p' } })), 20);
  return {
    ws,
    answered: () => answered,
    /** Stops pinging; resolves once one more answer arrives, proving the socket is still served. */
    async stillServed(): Promise<void> {
      clearInterval(timer);
      const before = answered;
      ws.send(JSON.stringify({ type: 'request', id: nextId++, channel: 'demo.ping', payload: { message: 'last' } }));
      await expect.poll(() => answered, { timeout: 3000 }).toBeGreaterThan(before);
    },
  };
}

describe('web host under hostile input', () => {
  it('answers GET //[ with 400 and keeps serving the UI', async () => {
    const { port, cookie, hostHeader } = await start();
    const answer = await rawExchange(port, `GET //[ HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await servesUi(port, cookie);
  });

  it('answers other targets that are not a path on this origin with 400', async () => {
    const { port, cookie, hostHeader } = await start();
    for (const target of ['http://evil.example/', '*', '//evil.example/x', '/%']) {
      const answer = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
      // `/%` is a path (static files refuse to decode it and fall back to the UI); the rest are not.
      expect(answer, target).toMatch(target === '/%' ? /^HTTP\/1\.1 200/ : /^HTTP\/1\.1 400/);
    }
    await servesUi(port, cookie);
  });

  it('answers a bad upgrade request with 400 and keeps serving', async () => {
    const { h, port, cookie, hostHeader } = await start();
    const upgrade = `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nHost: ${hostHeader}\r\nOrigin: ${h.origin}\r\nCookie: ${cookie}`;
    expect(await rawExchange(port, `GET //[ HTTP/1.1\r\n${upgrade}\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    // A trusted upgrade without its key: ws refuses the handshake.
    expect(await rawExchange(port, `GET /ws HTTP/1.1\r\n${upgrade}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    await servesUi(port, cookie);
  });

  it('closes an authenticated socket that sends a 2 MiB frame, while another client is served', async () => {
    const { h, port, cookie } = await start();
    const other = await pinger(h, cookie);
    const hostile = await rawWebSocket(port, { Host: `127.0.0.1:${port}`, Origin: h.origin, Cookie: cookie });
    hostile.socket.write(clientFrame(1, Buffer.alloc(2 * 1024 * 1024, 0x61)));
    expect(await hostile.closed).toBe(1009);
    await other.stillServed();
    await servesUi(port, cookie);
  });

  it('closes an authenticated socket that sends invalid UTF-8, while another client is served', async () => {
    const { h, port, cookie } = await start();
    const other = await pinger(h, cookie);
    const hostile = await rawWebSocket(port, { Host: `127.0.0.1:${port}`, Origin: h.origin, Cookie: cookie });
    hostile.socket.write(clientFrame(1, Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0xfe, 0x7d])));
    expect(await hostile.closed).toBe(1007);
    await other.stillServed();
    expect(other.answered()).toBeGreaterThan(0);
  });

  it('closes a socket that floods the core with messages, while another client is served', async () => {
    const { h, port, cookie } = await start();
    const other = await pinger(h, cookie);
    const hostile = await rawWebSocket(port, { Host: `127.0.0.1:${port}`, Origin: h.origin, Cookie: cookie });
    const ping = Buffer.from(JSON.stringify({ type: 'request', id: 1, channel: 'demo.ping', payload: { message: 'x' } }));
    hostile.socket.write(Buffer.concat(Array.from({ length: 500 }, () => clientFrame(1, ping))));
    expect(await hostile.closed).toBe(1008);
    await other.stillServed();
  });

  it('refuses oversized headers (431) and bodies on ordinary routes (413), then serves', async () => {
    const { port, cookie, hostHeader } = await start();
    const huge = `X-Filler: ${'a'.repeat(20 * 1024)}`;
    expect(await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\n${huge}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    const bigBody = `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n${'b'.repeat(64 * 1024)}`;
    expect(await rawExchange(port, bigBody)).toMatch(/^HTTP\/1\.1 413/);
    const chunked = `POST /upload HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n${'c'.repeat(0x10000)}\r\n`;
    expect(await rawExchange(port, chunked)).toMatch(/^HTTP\/1\.1 413/);
    await servesUi(port, cookie);
  });

  it('checks Host, Origin and token before anything else', async () => {
    const { h, port, cookie, hostHeader } = await start();
    expect(await rawExchange(port, `GET / HTTP/1.1\r\nHost: evil.example\r\nCookie: ${cookie}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 421/);
    expect(await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nOrigin: http://evil.example\r\nCookie: ${cookie}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    // Without the token a large body is not even looked at.
    expect(await rawExchange(port, `POST / HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Length: 99999999\r\n\r\n`)).toMatch(/^HTTP\/1\.1 401/);
    expect(await rawExchange(port, `POST / HTTP/1.1\r\nHost: ${hostHeader}\r\nCookie: ${cookie}\r\nContent-Length: 0\r\n\r\n`)).toMatch(/^HTTP\/1\.1 405/);
    await expect(rawWebSocket(port, { Host: hostHeader, Origin: h.origin })).rejects.toThrow(/401/);
  });

  it('refuses WebSockets beyond its limit with 503 and serves those it has', async () => {
    const { h, port, cookie } = await start({ sockets: 2 });
    const first = await pinger(h, cookie);
    await rawWebSocket(port, { Host: `127.0.0.1:${port}`, Origin: h.origin, Cookie: cookie });
    await expect(rawWebSocket(port, { Host: `127.0.0.1:${port}`, Origin: h.origin, Cookie: cookie })).rejects.toThrow(/503/);
    await first.stillServed();
  });

  it('survives connections reset in the middle of a request or an upgrade', async () => {
    const { h, port, cookie, hostHeader } = await start();
    const other = await pinger(h, cookie);
    const { connect } = await import('node:net');
    for (const partial of [`GET / HTTP/1.1\r\nHost: ${hostHeader}\r\n`, `GET /ws HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`]) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(partial);
      socket.resetAndDestroy();
    }
    await other.stillServed();
    await servesUi(port, cookie);
  });
});
