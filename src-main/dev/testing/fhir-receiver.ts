// A small FHIR server for tests, on 127.0.0.1: it records every transaction Bundle POSTed to its base,
// answers a transaction-response (201 for each entry), and can misbehave on request — go down and come
// back on the same port, answer huge, malformed, slowly, with an HTTP error (whose diagnostics echo the
// patient's name, as some servers' do), with a redirect elsewhere, or a 200 that is an OperationOutcome.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Bundle } from '@medplum/fhirtypes';

export type ReceiverBehaviour = 'ok' | 'huge' | 'malformed' | 'slow' | 'hang' | 'server-error' | 'rejected' | 'unauthorized' | 'redirect' | 'ok-outcome';

export interface Received {
  bundle: Bundle;
  authorization: string | null;
  contentType: string | null;
}

export class FhirReceiver {
  behaviour: ReceiverBehaviour = 'ok';
  /** Where `redirect` sends the client. */
  redirectTo = 'http://127.0.0.1:9/fhir';
  readonly received: Received[] = [];
  private server: http.Server | https.Server | null = null;
  private port = 0;
  private readonly sockets = new Set<Socket>();

  /** With `tls`, an https server with that certificate (PEM). */
  constructor(private readonly tls: { key: string; cert: string } | null = null) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}/fhir`;
  }

  async start(): Promise<this> {
    const handle = (request: http.IncomingMessage, response: http.ServerResponse) => this.handle(request, response);
    const server = this.tls ? https.createServer(this.tls, handle) : http.createServer(handle);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Down: the port refuses connections until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/fhir') {
        response.writeHead(404).end();
        return;
      }
      const bundle = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Bundle;
      const json = { 'Content-Type': 'application/fhir+json' };
      switch (this.behaviour) {
        case 'unauthorized':
          response.writeHead(401, json).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }));
          return;
        case 'rejected': {
          const patient = bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as { name?: { text?: string }[] } | undefined;
          const diagnostics = `Encounter.class required (patient ${patient?.name?.[0]?.text ?? '?'})`;
          response.writeHead(422, json).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics, expression: ['Encounter.class'] }] }));
          return;
        }
        case 'redirect':
          response.writeHead(307, { Location: this.redirectTo }).end();
          return;
        case 'ok-outcome':
          response.writeHead(200, json).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'not stored' }] }));
          return;
        case 'server-error':
          response.writeHead(503, { ...json, 'Retry-After': '30' }).end('{}');
          return;
        case 'malformed':
          response.writeHead(200, json).end('{"resourceType":"Bundle","type":"transaction-response","entry":[{"respo');
          return;
        case 'huge':
          response.writeHead(200, json);
          response.end(`{"resourceType":"Bundle","type":"transaction-response","entry":[],"padding":"${'x'.repeat(8 * 1024 * 1024)}"}`);
          return;
        case 'slow': {
          // One byte every 200 ms: connected, answering, never finishing in time.
          response.writeHead(200, json);
          const timer = setInterval(() => response.write(' '), 200);
          response.on('close', () => clearInterval(timer));
          return;
        }
        case 'hang':
          return;
        case 'ok':
          this.received.push({ bundle, authorization: request.headers.authorization ?? null, contentType: request.headers['content-type'] ?? null });
          response.writeHead(200, json).end(
            JSON.stringify({
              resourceType: 'Bundle',
              type: 'transaction-response',
              entry: (bundle.entry ?? []).map((entry) => ({ response: { status: '201 Created', location: `${entry.request?.url ?? ''}/_history/1`, etag: 'W/"1"' } })),
            }),
          );
      }
    });
  }
}
