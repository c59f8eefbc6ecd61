// Development, test and support host: the real core and the built renderer over HTTP + WebSocket on
// 127.0.0.1 only. A random per-run token guards every request: the printed URL carries it once, the
// server trades it for an HttpOnly SameSite=Strict cookie, and anything without it gets 401. The Host and
// Origin headers are checked too, so a web page elsewhere cannot reach the core by DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, ContractError, MAX_MESSAGE_BYTES, type ServerMessage } from '../../contract';
import type { ContractCore } from '../../core/core';
import type { Download } from '../../core/downloads';
import { handleUpload, type Upload } from './upload-route';
import type { Logger } from '../../log/logger';
import { securityHeaders } from '../csp';
import { resolveStaticFile } from '../static-files';

const COOKIE = 'tiepdon_token';

export interface WebHostOptions {
  core: ContractCore;
  /** Files the page uploads (certificate, master list, backup) go to the core this way. */
  upload?: Upload;
  /** Files the core hands out (a backup): `GET /download?id=…`, once, to the page holding the cookie. */
  download?: (id: string) => Download | null;
  rendererDir: string;
  logger: Logger;
  port?: number;
  /** Fixed only in tests; a fresh random token otherwise. */
  token?: string;
}

export interface WebHost {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { core, logger } = options;
  let origin = '';
  let allowedHost = '';

  const hostAllowed = (request: IncomingMessage) => request.headers.host === allowedHost;
  const refuse = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(text);
  };

  const server: Server = createServer((request, response) => {
    if (!hostAllowed(request)) return refuse(response, 421, 'wrong host');
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'POST' && url.pathname === '/upload' && options.upload) {
      // Our page only: its cookie and its Origin, before a byte of the body is read.
      if (!sameSecret(cookieToken(request), token) || request.headers.origin !== origin) return refuse(response, 403, 'forbidden');
      return void handleUpload(request, response, url, options.upload, securityHeaders);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method not allowed');
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (sameSecret(fromQuery, token)) {
      // Trade the token in the URL for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...securityHeaders,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search + url.hash,
        'Cache-Control': 'no-store',
      });
      return response.end();
    }
    if (!sameSecret(cookieToken(request), token)) return refuse(response, 401, 'token required');
    if (url.pathname === '/download' && options.download) {
      const file = request.method === 'GET' ? options.download(url.searchParams.get('id') ?? '') : null;
      if (!file) return refuse(response, 404, 'no such download (each is served once, within ten minutes)');
      response.writeHead(200, {
        ...securityHeaders,
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'Content-Length': String(file.bytes.length),
        'Cache-Control': 'no-store',
      });
      return response.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    }
    const file = resolveStaticFile(options.rendererDir, url.pathname) ?? resolveStaticFile(options.rendererDir, '/');
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, { ...securityHeaders, 'Content-Type': file.mimeType, 'Cache-Control': 'no-store' });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file.path).pipe(response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', origin);
    const trusted =
      url.pathname === '/ws' &&
      hostAllowed(request) &&
      request.headers.origin === origin &&
      sameSecret(cookieToken(request), token);
    if (!trusted) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const send = (message: ServerMessage) => ws.send(JSON.stringify(message));
    const unsubscribe = core.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data, isBinary) => {
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = ClientMessage.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1003, 'invalid message');
        return;
      }
      try {
        send({ type: 'response', id: message.id, ok: true, result: await core.dispatch(message.channel, message.payload) });
      } catch (error) {
        const contractError = error instanceof ContractError ? error : new ContractError('internal', 'request failed');
        send({ type: 'response', id: message.id, ok: false, error: contractError.toShape() });
      }
    });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHost = `127.0.0.1:${port}`;
  logger.info({ port }, 'web host listening on loopback');

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
