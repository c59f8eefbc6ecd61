// One HTTP exchange with the gateway over node:http(s), with the two limits production clients use
// (docs/bhxh-gateway.md "Card check": 15 s connect, 60 s total). node:http rather than fetch because it shows when the
// socket is connected: the connect limit runs from the request until the TCP (or, for https, the TLS)
// handshake completes, and is skipped for a kept-alive socket; the total limit runs from the request to
// the last byte of the body. Both fire through one AbortController, so the request and its socket are
// torn down the same way as when the caller aborts.
import http from 'node:http';
import https from 'node:https';
import { GatewayError } from './errors';

export interface HttpTimeouts {
  connectMs: number;
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 15_000, totalMs: 60_000 };

export interface HttpExchange {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  body: string;
  /** The Retry-After header, when the server sent one (429, 503). */
  retryAfter?: string;
}

export interface HttpOptions {
  timeouts: HttpTimeouts;
  /** A reply larger than this is refused (hostile or broken gateway). */
  maxResponseBytes: number;
  agents: { http: http.Agent; https: https.Agent };
  /**
   * Source address to connect from. BHXH admits only the facility's registered addresses (since
   * 2024-07-27) and binds tokens to the caller's address, so a multi-homed desk must pick one.
   */
  localAddress?: string;
  signal?: AbortSignal;
}

type AbortReason = { kind: 'timeout'; phase: 'connect' | 'total' } | { kind: 'aborted' } | { kind: 'too-large' };

/** Everything that is not a limit or a cancel is the network's: refused, reset, DNS, TLS, cut short. */
function toGatewayError(error: unknown, reason: AbortReason | undefined): GatewayError {
  if (reason?.kind === 'timeout') return new GatewayError('timeout', `${reason.phase} limit`, { phase: reason.phase });
  if (reason?.kind === 'aborted') return new GatewayError('aborted');
  if (reason?.kind === 'too-large') return new GatewayError('bad-response', 'reply too large');
  const code = (error as { code?: unknown } | null)?.code;
  return new GatewayError('network', typeof code === 'string' ? code : 'connection failed');
}

export function httpExchange(exchange: HttpExchange, options: HttpOptions): Promise<HttpReply> {
  const { url } = exchange;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new GatewayError('bad-input', `unsupported protocol ${url.protocol}`));
  }
  if (options.signal?.aborted) return Promise.reject(new GatewayError('aborted'));
  const secure = url.protocol === 'https:';
  const controller = new AbortController();
  const abort = (reason: AbortReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const reasonOf = (): AbortReason | undefined => (controller.signal.aborted ? (controller.signal.reason as AbortReason) : undefined);

  return new Promise<HttpReply>((resolve, reject) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const totalTimer = setTimeout(() => abort({ kind: 'timeout', phase: 'total' }), options.timeouts.totalMs);
    const onCallerAbort = () => abort({ kind: 'aborted' });
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const finish = (outcome: { reply: HttpReply } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      options.signal?.removeEventListener('abort', onCallerAbort);
      if ('reply' in outcome) resolve(outcome.reply);
      else reject(toGatewayError(outcome.error, reasonOf()));
    };

    const body = exchange.body === undefined ? undefined : Buffer.from(exchange.body, 'utf8');
    const request = (secure ? https : http).request(
      url,
      {
        method: exchange.method,
        headers: { ...exchange.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        agent: secure ? options.agents.https : options.agents.http,
        signal: controller.signal,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) {
            abort({ kind: 'too-large' });
            finish({ error: new Error('too large') });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (reasonOf()) finish({ error: new Error('aborted') });
          else {
            const retryAfter = response.headers['retry-after'];
            finish({ reply: { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(retryAfter ? { retryAfter } : {}) } });
          }
        });
        response.on('error', (error) => finish({ error }));
        response.on('close', () => {
          if (!response.complete) finish({ error: reasonOf() ? new Error('aborted') : Object.assign(new Error('reply cut short'), { code: 'ECONNRESET' }) });
        });
      },
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => abort({ kind: 'timeout', phase: 'connect' }), options.timeouts.connectMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (error) => finish({ error }));
    request.end(body);
  });
}
