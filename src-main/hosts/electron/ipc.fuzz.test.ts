// 10^4 hostile calls through the Electron IPC door (the fake electron's ipcMain) into a real production
// core: values structured clone can carry (not only JSON), senders of every kind. Each call resolves to a
// typed reply; untrusted senders are refused before the core sees anything; no rejection goes unhandled.
import fc from 'fast-check';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRequestChannel, requestChannels } from '../../contract';
import { openAppSession, type AppSession } from '../../core/app-session';
import { fixedClock } from '../../util/clock';
import { expectedErrorCodes, fuzzRequest, FuzzTally } from '../../dev/testing/contract-fuzz';
import { FakeReaderPort, tempDir } from '../../dev/testing/fakes';
import { FakeFrame, FakeWebContents, ipcMain, recorded, resetFake } from '../../dev/testing/fake-electron';

vi.mock('electron', () => import('../../dev/testing/fake-electron'));
const { registerContract } = await import('./ipc');

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

let session: AppSession;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  resetFake();
  const readers = new FakeReaderPort({ service: 'ok', readers: [{ name: 'Fuzz Reader 0', cardPresent: true, atr: '3B80' }] });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  session = await openAppSession({ host: 'electron', root: join(tempDir(), 'data'), readers, clock: fixedClock('2026-03-15T08:30:00+07:00'), log: { destination: quiet } });
  registerContract(ipcMain as never, session, session.logger);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await session?.close();
});

/** What structured clone carries beyond JSON: the renderer (if compromised) can send any of these. */
const cloneOnly = fc.oneof(
  fc.constantFrom(undefined, Number.NaN, Infinity, -Infinity, -0, 10n ** 30n, new Date(Number.NaN), new Date(0), /x+/g, new Map([['message', 'a']]), new Set([1]), new Uint8Array(4), new ArrayBuffer(8), new Error('boom')),
  fc.anything().map((item) => {
    const sparse: unknown[] = [];
    sparse[5] = item;
    return sparse;
  }),
);

const sender = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ url: 'app://tiepdon/index.html', subframe: false }) },
  { weight: 1, arbitrary: fc.record({ url: fc.constantFrom('https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'app://tiepdon.evil/x', 'about:blank', ''), subframe: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ url: 'app://tiepdon/index.html', subframe: true }) },
);

const call = fc.record({
  request: fc.oneof({ weight: 4, arbitrary: fuzzRequest }, { weight: 1, arbitrary: fc.record({ channel: fc.constantFrom(...requestChannels), payload: cloneOnly }) }),
  sender,
});

function invokeEvent(url: string, subframe: boolean) {
  const contents = new FakeWebContents(url);
  let senderFrame: FakeFrame = contents.mainFrame;
  if (subframe) {
    senderFrame = new FakeFrame(url);
    senderFrame.parent = contents.mainFrame;
  }
  return { sender: contents, senderFrame };
}

describe('contract fuzzing through the Electron IPC door', () => {
  it(`answers ${RUNS} random and mutated calls with typed replies and refuses untrusted senders first`, { timeout: 180_000 }, async () => {
    const calls = fc.sample(call, { seed: 17, numRuns: RUNS });
    const tally = new FuzzTally();
    const started = performance.now();
    for (const { request, sender: from } of calls) {
      // IPC invokes a channel by name: only registered ones exist, so unknown channels never reach the door.
      const channel = isRequestChannel(request.channel) ? request.channel : 'demo.ping';
      const handler = recorded.ipcHandlers.get(`tiepdon:${channel}`)!;
      const reply = (await handler(invokeEvent(from.url, from.subframe) as never, request.payload as never)) as { ok: boolean; error?: { code: string } };
      const trusted = from.url === 'app://tiepdon/index.html' && !from.subframe;
      if (!trusted) {
        expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
        tally.add('forbidden');
      } else if (reply.ok) tally.add('ok');
      else {
        expect(expectedErrorCodes.has(reply.error!.code), `${reply.error!.code} on ${channel}`).toBe(true);
        tally.add(reply.error!.code);
      }
    }
    // Electron gives a null frame for one that navigated away or was destroyed before the call arrived.
    const gone = await recorded.ipcHandlers.get('tiepdon:demo.ping')!({ sender: new FakeWebContents(), senderFrame: null } as never, { message: 'x' } as never);
    expect(gone).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const seconds = (performance.now() - started) / 1000;
    console.log(`IPC fuzz: ${tally.total} calls in ${seconds.toFixed(1)} s: ${tally}`);
    expect(tally.total).toBe(RUNS);
    expect(tally.byOutcome.get('ok') ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.byOutcome.get('forbidden') ?? 0).toBeGreaterThan(RUNS / 20);
    const alive = await recorded.ipcHandlers.get('tiepdon:demo.ping')!(invokeEvent('app://tiepdon/index.html', false) as never, { message: 'còn sống' } as never);
    expect(alive).toMatchObject({ ok: true, result: { message: 'còn sống' } });
    expect(unhandled).toEqual([]);
  });
});
