// Development, test and support host: the real core and the built renderer over HTTP + WebSocket on
// 127.0.0.1 only. A random per-run token guards every request: the printed URL carries it once, the
// server trades it for an HttpOnly SameSite=Strict cookie, and anything without it gets 401. The Host and
// Origin headers are checked too, so a web page elsewhere cannot reach the core by DNS rebinding.
// Whatever arrives — a bad target, a huge header or body, a bad frame, a flood — is refused for that one
// request or socket; the host itself keeps serving (issue 17).
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
import { defaultWebHostLimits, MessageBudget, type WebHostLimits } from './limits';
import { parseRequestTarget } from './request-target';

const COOKIE = 'tiepdon_token';
/** Events queued for a socket that does not read them; past this the socket is dropped, not the host. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** How long a socket we close may take to answer the close frame before it is cut. */
const CLOSE_GRACE_MS = 1000;

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
  limits?: Partial<WebHostLimits>;
  /** A hash route the browser lands on after the token is traded (the recovery screen when the core failed). */
  landing?: string;
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

/** A body the ordinary (GET/HEAD) routes would have to read: declared too large, or of unknown size. */
function bodyRefused(request: IncomingMessage, limit: number): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(request.headers['content-length'] ?? 0);
  return !Number.isSafeInteger(length) || length > limit;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 421: 'Misdirected Request', 503: 'Service Unavailable' };

/** Answers an upgrade that will not become a WebSocket, on the raw socket, and closes it. */
function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits: WebHostLimits = { ...defaultWebHostLimits, ...options.limits };
  const { core, logger } = options;
  let origin = '';
  let allowedHost = '';

  const hostAllowed = (request: IncomingMessage) => request.headers.host === allowedHost;
  /** Browsers send Origin on cross-origin and non-GET requests; when present it must be ours. */
  const originAllowed = (request: IncomingMessage) => request.headers.origin === undefined || request.headers.origin === origin;
  const refuse = (response: ServerResponse, status: number, text: string, close = false) => {
    response.writeHead(status, {
      ...securityHeaders,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(close ? { Connection: 'close' } : {}),
    });
    response.end(text);
  };

  const server: Server = createServer({ maxHeaderSize: limits.headerBytes }, (request, response) => {
    const url = parseRequestTarget(request.url, origin);
    if (!url) return refuse(response, 400, 'bad request target', true);
    if (!hostAllowed(request)) return refuse(response, 421, 'wrong host');
    if (!originAllowed(request)) return refuse(response, 403, 'wrong origin');
    const read = request.method === 'GET' || request.method === 'HEAD';
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (read && sameSecret(fromQuery, token)) {
      // Trade the token in the URL for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...securityHeaders,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search + (options.landing ?? ''),
        'Cache-Control': 'no-store',
      });
      return response.end();
    }
    if (!sameSecret(cookieToken(request), token)) return refuse(response, 401, 'token required', true);
    // Authenticated routes that stream a body (uploads) go here, before the ordinary body limit.
    if (request.method === 'POST' && url.pathname === '/upload' && options.upload) {
      // Our page only: its Origin, present and ours, before a byte of the body is read.
      if (request.headers.origin !== origin) return refuse(response, 403, 'forbidden', true);
      return void handleUpload(request, response, url, options.upload, securityHeaders);
    }
    if (bodyRefused(request, limits.bodyBytes)) return refuse(response, 413, 'request body too large', true);
    if (!read) return refuse(response, 405, 'method not allowed');
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
    createReadStream(file.path)
      .on('error', (error) => {
        logger.warn({ err: error }, 'static file could not be read');
        response.destroy();
      })
      .pipe(response);
  });
  server.maxConnections = limits.connections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Malformed request line or headers, oversized headers, timeouts, resets: answer if we still can.
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable && error.code !== 'ECONNRESET') socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('error', (error) => logger.warn({ err: error }, 'websocket server error'));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without its own error listener: a reset would otherwise be uncaught.
    socket.on('error', () => socket.destroy());
    const url = parseRequestTarget(request.url, origin);
    if (!url) return refuseUpgrade(socket, 400);
    const trusted = url.pathname === '/ws' && hostAllowed(request) && request.headers.origin === origin && sameSecret(cookieToken(request), token);
    if (!trusted) return refuseUpgrade(socket, 401);
    if (sockets.clients.size >= limits.sockets) return refuseUpgrade(socket, 503);
    // ws answers 400 itself to a handshake it cannot complete (no key, wrong version).
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  /** Closes a misbehaving socket; one that does not answer the close frame is cut, not waited for. */
  function closeSocket(ws: WebSocket, code: number, reason: string): void {
    ws.close(code, reason);
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  function serveSocket(ws: WebSocket): void {
    const budget = new MessageBudget(limits.messagesPerSecond, limits.messageBurst);
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        logger.warn('websocket dropped: it does not read what it is sent');
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const unsubscribe = core.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
    ws.on('close', unsubscribe);
    // Protocol errors (a frame over maxPayload, invalid UTF-8, a bad opcode): ws closes this socket with
    // the matching code; without a listener the error would take the whole process down.
    ws.on('error', (error) => logger.warn({ code: (error as NodeJS.ErrnoException).code ?? 'unknown' }, 'websocket closed on a protocol error'));
    ws.on('message', async (data, isBinary) => {
      if (!budget.take()) {
        if (ws.readyState === ws.OPEN) logger.warn('websocket closed: too many messages');
        closeSocket(ws, 1008, 'too many messages');
        return;
      }
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = ClientMessage.parse(JSON.parse(String(data)));
      } catch {
        closeSocket(ws, 1003, 'invalid message');
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
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'web host server error'));
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
