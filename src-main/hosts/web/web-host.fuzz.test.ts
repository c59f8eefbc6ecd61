// 10^4 hostile contract messages through the web host's WebSocket into a real production core (its
// store, settings, outbox; fake readers so no real card is touched): each gets a typed answer, a broken
// envelope closes only its socket, the core keeps serving, and no promise is left rejected unhandled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ClientMessage, ServerMessage } from '../../contract';
import { openAppSession, type AppSession } from '../../core/app-session';
import { fixedClock } from '../../util/clock';
import { expectedErrorCodes, fuzzRequests, FuzzTally } from '../../dev/testing/contract-fuzz';
import { FakeReaderPort, tempDir } from '../../dev/testing/fakes';
import { startWebHost, type WebHost } from './web-host';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SOCKETS = 10;
/** Each socket stays under the host's 100 messages per second, as the desk's UI does. */
const PER_SOCKET_PER_SECOND = 95;
/** Every 50th message is a cut-off envelope: the host must close that socket (1003), and only that one. */
const BROKEN_EVERY = 50;

let session: AppSession;
let host: WebHost;
let cookie: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  const root = tempDir();
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const readers = new FakeReaderPort({ service: 'ok', readers: [{ name: 'Fuzz Reader 0', cardPresent: true, atr: '3B80' }] });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  session = await openAppSession({ host: 'web', root: join(root, 'data'), readers, clock: fixedClock('2026-03-15T08:30:00+07:00'), log: { destination: quiet } });
  host = await startWebHost({ core: session, rendererDir, logger: session.logger });
  cookie = await new Promise<string>((resolve, reject) => {
    httpRequest(host.url, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie']).split(';')[0]!);
    })
      .on('error', reject)
      .end();
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await host?.close();
  await session?.close();
});

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws`, { headers: { origin: host.origin, cookie } });
    ws.once('open', () => resolve(ws)).once('error', reject);
  });
}

/** Sends one text frame; resolves with the response of that id, or with the close code if the socket closes. */
function exchange(ws: WebSocket, id: number, text: string): Promise<{ response: ServerMessage } | { closed: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to message ${id} within 10 s: ${text.slice(0, 200)}`)), 10_000);
    const onMessage = (data: WebSocket.RawData) => {
      const message = ServerMessage.parse(JSON.parse(String(data)));
      if (message.type === 'response' && message.id === id) finish({ response: message });
    };
    const onClose = (code: number) => finish({ closed: code });
    const finish = (outcome: { response: ServerMessage } | { closed: number }) => {
      clearTimeout(timer);
      ws.off('message', onMessage).off('close', onClose);
      resolve(outcome);
    };
    ws.on('message', onMessage).on('close', onClose);
    ws.send(text);
  });
}

describe('contract fuzzing through the web host', () => {
  it(`answers ${RUNS} random and mutated messages with typed results, closing only sockets that break the envelope`, { timeout: 180_000 }, async () => {
    const requests = fuzzRequests(17, RUNS);
    const tally = new FuzzTally();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SOCKETS }, async (_, worker) => {
        let ws = await connect();
        let lastSent = 0;
        for (let i = worker; i < requests.length; i += SOCKETS) {
          // Paced from the last send, never catching up after a slow answer (a restart, a backup's key
          // derivation): a burst would be the client breaking the rate limit, not the host failing.
          const wait = lastSent + 1000 / PER_SOCKET_PER_SECOND - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          lastSent = performance.now();
          const envelope = JSON.stringify({ type: 'request', id: i, ...requests[i] });
          const cut = i % BROKEN_EVERY === 0;
          // Without a payload (undefined is dropped by JSON) the envelope itself is not a contract message.
          const broken = cut || !ClientMessage.safeParse(JSON.parse(envelope)).success;
          const outcome = await exchange(ws, i, cut ? envelope.slice(0, 1 + (i % (envelope.length - 1))) : envelope);
          if ('closed' in outcome) {
            expect(broken, `socket closed (${outcome.closed}) on a well-formed envelope: ${envelope.slice(0, 300)}`).toBe(true);
            expect(outcome.closed).toBe(1003);
            tally.add('closed-1003');
            ws = await connect();
            continue;
          }
          expect(broken, 'a cut-off envelope was answered').toBe(false);
          const { response } = outcome;
          if (response.type !== 'response') throw new Error('not a response');
          if (response.ok) tally.add('ok');
          else {
            expect(expectedErrorCodes.has(response.error.code), `${response.error.code} for ${envelope.slice(0, 300)}`).toBe(true);
            tally.add(response.error.code);
          }
        }
        ws.close();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`web host fuzz: ${tally.total} messages over ${SOCKETS} sockets in ${seconds.toFixed(1)} s: ${tally}`);
    expect(tally.total).toBe(RUNS);
    expect(tally.byOutcome.get('ok') ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.byOutcome.get('bad-request') ?? 0).toBeGreaterThan(RUNS / 4);
    // Still serving, and nothing rejected unhandled anywhere in the process.
    const ws = await connect();
    expect(await exchange(ws, 1, JSON.stringify({ type: 'request', id: 1, channel: 'demo.ping', payload: { message: 'còn sống' } }))).toMatchObject({ response: { ok: true, result: { message: 'còn sống' } } });
    ws.close();
    expect(unhandled).toEqual([]);
  });
});
