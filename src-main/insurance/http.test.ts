import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from './errors';
import { httpExchange, type HttpOptions } from './http';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<URL> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

function options(overrides: Partial<HttpOptions> = {}): HttpOptions {
  return {
    timeouts: { connectMs: 1_000, totalMs: 2_000 },
    maxResponseBytes: 1024,
    agents: { http: new http.Agent(), https: new https.Agent() },
    ...overrides,
  };
}

async function errorOf(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('one HTTP exchange with the gateway', () => {
  it('returns status and body', async () => {
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => response.end(`echo ${request.headers['content-type']} ${body}`));
    });
    const reply = await httpExchange({ method: 'POST', url, headers: { 'Content-Type': 'text/plain' }, body: 'xin chào' }, options());
    expect(reply).toEqual({ status: 200, body: 'echo text/plain xin chào' });
  });

  it('a handshake that never completes hits the connect limit, not the total one', async () => {
    // A socket that stays "connecting" for ever stands in for a SYN that is never answered.
    class StuckAgent extends http.Agent {
      override createConnection(): net.Socket {
        const socket = new net.Socket();
        (socket as { connecting: boolean }).connecting = true;
        return socket;
      }
    }
    const error = await errorOf(
      httpExchange({ method: 'GET', url: new URL('http://127.0.0.1:9/') }, options({ timeouts: { connectMs: 50, totalMs: 5_000 }, agents: { http: new StuckAgent(), https: new https.Agent() } })),
    );
    expect(error).toMatchObject({ code: 'timeout', details: { phase: 'connect' } });
  });

  it('a server that accepts but never answers hits the total limit', async () => {
    const url = await serve(() => undefined);
    const error = await errorOf(httpExchange({ method: 'GET', url }, options({ timeouts: { connectMs: 1_000, totalMs: 100 } })));
    expect(error).toMatchObject({ code: 'timeout', details: { phase: 'total' } });
  });

  it('refuses a reply larger than the limit', async () => {
    const url = await serve((_request, response) => response.end('x'.repeat(10_000)));
    expect((await errorOf(httpExchange({ method: 'GET', url }, options()))).code).toBe('bad-response');
  });

  it('a reply cut short is a network error', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('{"maKetQua":');
      setTimeout(() => response.destroy(), 10);
    });
    expect((await errorOf(httpExchange({ method: 'GET', url }, options()))).code).toBe('network');
  });

  it('a closed port is a network error', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await errorOf(httpExchange({ method: 'GET', url }, options()))).toMatchObject({ code: 'network', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('only speaks http and https', async () => {
    expect((await errorOf(httpExchange({ method: 'GET', url: new URL('file:///etc/passwd') }, options()))).code).toBe('bad-input');
  });
});
