// The core behind the contract: one dispatcher that validates every request and response with the
// contract's schemas, so hosts (Electron IPC, web host, tests) only carry bytes and check senders.
import {
  ContractError,
  events,
  isRequestChannel,
  requests,
  type AppInfo,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type ResponseOf,
} from '../contract';
import type { z } from 'zod';
import { parseCccdQr } from '../card/keys/qr';
import { DeskReads } from '../desk/desk-reads';
import type { GatewayClient, Staff } from '../insurance';
import type { Logger } from '../log/logger';
import type { ReaderPort } from '../reader/port';
import type { SettingsStore } from '../settings/settings-store';
import type { TrustStore } from '../trust/trust-store';
import type { VisitsPort } from '../desk/visits-port';
import type { Clock } from './clock';
import type { DemoCards } from './demo-kit';
import type { InstallationMode } from './installation';

export interface CoreDeps {
  /** Asked each time: a first-run setup changes `setupRequired`. */
  info: () => AppInfo;
  readers: ReaderPort;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  trust: () => TrustStore;
  gateway: () => { client: GatewayClient; staff: Staff } | null;
  /** The simulated cards of a demo installation; null in production. */
  demo: DemoCards | null;
  /** Switches the installation between production and demo (the host boots the core again). */
  setMode: (mode: InstallationMode) => void;
  visits: VisitsPort;
  /** Prints a ticket silently where the host can (Electron); absent elsewhere. */
  printTicket?: (visitId: string, printerName: string | null) => Promise<boolean>;
  /** Adds an administrator's trust file to the desk's store. */
  importTrust: (bytes: Uint8Array) => { added: number; alreadyPresent: number; anchors: number; crls: number };
}

type Handlers = {
  [C in RequestChannel]: (request: z.output<(typeof requests)[C]['request']>) => Promise<ResponseOf<C>>;
};

/** What a host needs of the core: requests in, events out. */
export type ContractCore = Pick<Core, 'dispatch' | 'subscribe'>;

export type EventListener = <C extends EventChannel>(channel: C, payload: EventOf<C>) => void;

export class Core {
  private readonly handlers: Handlers;
  private readonly listeners = new Set<EventListener>();
  private readonly stopWatching: () => void;
  private readonly desk: DeskReads;

  constructor(private readonly deps: CoreDeps) {
    this.desk = new DeskReads({ ...deps, emit: (event) => this.emit('read.event', event) });
    this.handlers = {
      'app.info': async () => deps.info(),
      'readers.list': () => deps.readers.list(),
      'settings.get': async () => deps.settings.get(),
      'settings.set': async (patch) => {
        const next = deps.settings.update(patch);
        deps.logger.info({ keys: Object.keys(patch) }, 'settings changed');
        return next;
      },
      'demo.ping': async ({ message }) => ({ message, receivedAt: deps.clock.now().toISOString() }),
      'desk.read': async ({ reader, key }) => ({ readId: this.desk.start(reader ?? (await this.chooseReader()), key) }),
      'desk.parseQr': async ({ text }) => {
        try {
          return parseCccdQr(text);
        } catch {
          return null;
        }
      },
      'services.list': async () => deps.settings.get().services,
      'checkin.create': async (request) => {
        const read = request.readId ? this.desk.get(request.readId) : null;
        if (request.readId && !read) throw new ContractError('bad-request', 'that card read is no longer available; read the card again');
        if (read && !read.done) throw new ContractError('bad-request', 'the card is still being read');
        return deps.visits.checkIn(request, read ?? null);
      },
      'visits.today': ({ search }) => deps.visits.today(search),
      'visits.retry': async ({ visitId }) => {
        await deps.visits.retry(visitId);
        return {};
      },
      'ticket.get': ({ visitId }) => deps.visits.ticket(visitId),
      // Silent printing is the Electron host's; elsewhere the ticket is shown and printed from the page.
      'ticket.print': async ({ visitId }) => ({ printed: deps.printTicket ? await deps.printTicket(visitId, deps.settings.get().printerName) : false }),
      'queue.callNext': async ({ counter }) => ({ called: await deps.visits.callNext(counter) }),
      'queue.nowServing': () => deps.visits.nowServing(),
      'sync.state': async () => deps.visits.syncState(),
      'sync.flush': () => deps.visits.flush(),
      'trust.import': async ({ base64 }) => {
        try {
          return deps.importTrust(new Uint8Array(Buffer.from(base64, 'base64')));
        } catch (error) {
          throw new ContractError('bad-request', error instanceof Error ? error.message.slice(0, 200) : 'not a trust file');
        }
      },
      'trust.list': async () =>
        deps.trust().anchorList.map((anchor) => ({
          fingerprint: anchor.fingerprint,
          subject: anchor.x509.subject.replace(/\n/g, ', '),
          validTo: new Date(anchor.x509.validTo).toISOString(),
        })),
      'kiosk.exit': async ({ pin }) => {
        const ok = deps.settings.verifyKioskPin(pin);
        if (ok) this.emit('kiosk.exited', {});
        deps.logger.info({ ok }, 'kiosk exit attempted');
        return { ok };
      },
      'app.setMode': async ({ mode }) => {
        const from = deps.info().mode;
        deps.logger.info({ from, to: mode }, 'installation mode change asked');
        if (mode !== from) deps.setMode(mode);
        return {};
      },
      'sim.personas': async () => deps.demo?.personas() ?? [],
      'sim.tap': async ({ personaId }) => {
        const { reader, key } = this.demoOnly().tap(personaId);
        return { readId: this.desk.start(reader, key) };
      },
      'sim.remove': async () => {
        this.demoOnly().remove();
        return {};
      },
    };
    const stopReaders = deps.readers.watch((event) => this.emit('readers.changed', event));
    const stopVisits = deps.visits.watch((event) => {
      if (event.type === 'visits-changed') this.emit('visits.changed', {});
      else if (event.type === 'called') this.emit('queue.called', event.called);
      else this.emit('sync.changed', event.state);
    });
    this.stopWatching = () => {
      stopReaders();
      stopVisits();
    };
  }

  /** Validates, runs and re-validates one request. Throws ContractError only. */
  async dispatch(channel: unknown, payload: unknown): Promise<unknown> {
    if (!isRequestChannel(channel)) throw new ContractError('unknown-channel', `unknown channel ${String(channel).slice(0, 64)}`);
    const spec = requests[channel];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) throw new ContractError('bad-request', `${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    let result: unknown;
    try {
      result = await (this.handlers[channel] as (request: unknown) => Promise<unknown>)(parsed.data);
    } catch (error) {
      if (error instanceof ContractError) throw error;
      this.deps.logger.error({ err: error, channel }, 'request failed');
      throw new ContractError('internal', `${channel} failed`);
    }
    const checked = spec.response.safeParse(result);
    if (!checked.success) {
      this.deps.logger.error({ channel, issues: checked.error.issues.length }, 'handler returned an invalid response');
      throw new ContractError('bad-response', `${channel} returned an invalid response`);
    }
    return checked.data;
  }

  private demoOnly(): DemoCards {
    if (!this.deps.demo) throw new ContractError('unavailable', 'simulated cards exist in demo mode only');
    return this.deps.demo;
  }

  /** The preferred reader when it is there, else the first with a card, else the first. */
  private async chooseReader(): Promise<string> {
    const { readers } = await this.deps.readers.list();
    const preferred = this.deps.settings.get().preferredReader;
    const chosen = readers.find((r) => r.name === preferred) ?? readers.find((r) => r.cardPresent) ?? readers[0];
    if (!chosen) throw new ContractError('unavailable', 'no card reader');
    return chosen.name;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.stopWatching();
    this.listeners.clear();
    await this.desk.close();
  }

  private emit<C extends EventChannel>(channel: C, payload: EventOf<C>): void {
    const checked = events[channel].safeParse(payload);
    if (!checked.success) {
      this.deps.logger.error({ channel }, 'dropped an invalid event');
      return;
    }
    for (const listener of this.listeners) listener(channel, checked.data as EventOf<C>);
  }
}
