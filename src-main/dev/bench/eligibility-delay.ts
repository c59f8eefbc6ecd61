// How long after the identity event the eligibility request leaves for the gateway: the desk's own read
// path (DeskReads over the simulated reader) against the in-process gateway simulator. Node's diagnostics
// channels mark the moment the client creates the HTTP request and the moment the server receives it, so
// nothing in the measured code is patched or wrapped.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import pino from 'pino';
import { fixedClock } from '../../util/clock';
import type { ReadEvent } from '../../contract/reads';
import { DeskReads } from '../../desk/desk-reads';
import { DEMO_CREDENTIALS } from '../gateway-sim/accounts';
import { startGatewaySim } from '../gateway-sim/server';
import { DEFAULT_PATHS, GatewayClient } from '../../insurance';
import type { ChipImage } from '../simulator/chip-image';
import { SimReaderPort } from '../simulator/sim-reader-port';
import { readTrustPath } from '../../trust/trust-material';
import { TrustStore } from '../../trust/trust-store';
import { median, round } from './stats';

export interface EligibilityDelay {
  /** Median ms from the identity event to the card check arriving at the gateway, token already held. */
  eligibilityDelayMs: number;
  /** Same, to the client creating the request (it leaves on the next turn of the event loop). */
  toClientRequestMs: number;
  /** The first read of a session: the login goes first, so this is to the card check after it. */
  coldMs: number;
  /** With the card answering at once: the rest of the read (CA, AA, DG2) competes for the CPU. */
  noLinkDelayMs: number;
  runs: number;
  setup: string;
}

/** The fixture BHYT cards are valid in 2026 (fixtures/bhyt/README.md). */
const AT = '2026-03-15T01:30:00.000Z';
const CSCA = resolve(import.meta.dirname, '../../../fixtures/pki/test-csca.pem');

interface Marks {
  identity: number;
  client: number;
  server: number;
}

export async function measureEligibilityDelay(image: ChipImage, runs = 5, noDelayRuns = 20): Promise<EligibilityDelay> {
  if (!image.can) throw new Error(`${image.id}: the eligibility benchmark uses PACE with the CAN`);
  const clock = fixedClock(AT);
  const logger = pino({ level: 'silent' });
  const sim = await startGatewaySim({ clock });
  // The guard shares answers to a question repeated within 5 s; every run here asks the same one.
  const client = new GatewayClient({ baseUrl: sim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password }, clock, logger, lookupLimits: false });
  const trust = new TrustStore().with(readTrustPath(CSCA));
  let marks: Partial<Marks> = {};
  const onClient = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.path.includes(DEFAULT_PATHS.cardCheck) && marks.client === undefined) marks.client = performance.now();
  };
  const onServer = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if ((request.url ?? '').includes(DEFAULT_PATHS.cardCheck) && marks.server === undefined) marks.server = performance.now();
  };
  subscribe('http.client.request.start', onClient);
  subscribe('http.server.request.start', onServer);

  const readOnce = async (realDelays: boolean): Promise<Marks> => {
    const readers = new SimReaderPort({ realDelays });
    readers.insert(image);
    marks = {};
    let finish: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    const done = new Promise<void>((resolvePromise, reject) => {
      finish = resolvePromise;
      fail = reject;
    });
    const seen = new Set<ReadEvent['type']>();
    const emit = (event: ReadEvent) => {
      if (event.type === 'identity') marks.identity = performance.now();
      seen.add(event.type);
      if (event.type === 'failed') fail(new Error(`read failed: ${event.error.code}`));
      if (seen.has('verification') && seen.has('eligibility')) finish();
    };
    const desk = new DeskReads({ readers, trust: () => trust, gateway: () => ({ client, staff: DEMO_CREDENTIALS.staff }), clock, logger, emit });
    const readId = desk.start(readers.readerNames[0]!, { kind: 'can', can: image.can! });
    await done;
    if (desk.get(readId)?.eligibilityResult === 'pending') throw new Error('the gateway simulator did not answer the card check');
    if (marks.identity === undefined || marks.client === undefined || marks.server === undefined) throw new Error('a mark is missing');
    return marks as Marks;
  };

  try {
    const cold = await readOnce(true);
    const warm: Marks[] = [];
    for (let i = 0; i < runs; i += 1) warm.push(await readOnce(true));
    const busy: Marks[] = [];
    for (let i = 0; i < noDelayRuns; i += 1) busy.push(await readOnce(false));
    const delay = (list: Marks[], to: 'client' | 'server') => round(median(list.map((mark) => mark[to] - mark.identity)), 2);
    return {
      eligibilityDelayMs: delay(warm, 'server'),
      toClientRequestMs: delay(warm, 'client'),
      coldMs: round(cold.server - cold.identity, 2),
      noLinkDelayMs: delay(busy, 'server'),
      runs,
      setup: `persona ${image.id}, DeskReads over the simulated reader with link-model delays at ${image.behaviour.bitRate} kbit/s, GatewayClient → in-process gateway simulator (no injected latency), lookup guard off`,
    };
  } finally {
    unsubscribe('http.client.request.start', onClient);
    unsubscribe('http.server.request.start', onServer);
    client.close();
    await sim.close();
  }
}
