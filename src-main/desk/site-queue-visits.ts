// The visits port of a station that joined a site: check-ins, the day's list and the rest are the
// station's own (StoreVisits, with its site link); calling and the display are the site's. "Call next"
// takes the next patient of the counter's services from the whole site's queue; the station's one
// listening connection hears every counter's call and passes it to this station's displays. While the
// site store is away (the listener lost it, or a call did not get through) the desk calls its own
// station's waiting patients from SQLite and says so (`queue.site` = lost); those calls, kept in the
// audit log, are published when the site is back, each under a key derived from its audit row, so a
// second publication stores nothing twice.
import { createHash } from 'node:crypto';
import { ContractError, type DisplayBoard, type NowServing, type QueueSite } from '../contract';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { CallListener } from '../site-store/call-listener';
import type { CallAction, SiteCall, SiteCalls, SiteCounter, StationCall } from '../site-store/site-calls';
import { SiteStoreError } from '../site-store/errors';
import { isMirroredCounter, queueDayOf, type AuditEntry, type Store } from '../store';
import type { Staff } from '../insurance';
import type { Clock } from '../util/clock';
import type { VisitsEvent, VisitsPort } from './visits-port';

export interface SiteQueueDeps {
  /** The station alone: everything but calling, and calling while the site is away. */
  inner: VisitsPort;
  /** The station's SQLite store: its audit log holds the calls made alone. */
  store: Store;
  calls: SiteCalls;
  listener: CallListener;
  stationCode: string;
  settings: SettingsStore;
  clock: Clock;
  /** The operator signed in at the desk. */
  operator: () => Staff | null;
  /** Site clock minus station clock, as the site link last measured it. */
  clockOffsetMs: () => number | null;
  /** How long "call next" waits for the site before the desk calls its own patients. */
  callTimeoutMs?: number;
  /** The pause before publishing again calls the site could not take yet (their visit was not there). */
  publishRetryMs?: number;
  logger?: Logger;
}

const ACTION_OF: Record<string, CallAction> = { 'queue-call': 'call', 'queue-recall': 'recall', 'queue-skip': 'skip' };

/** A UUID-shaped key that is the same for the same audit row of the same station. */
function callKeyOf(stationCode: string, entry: AuditEntry): string {
  const hex = createHash('sha256').update(`${stationCode}|${entry.id}|${entry.at}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `work`'s answer, or a timeout after `ms`; then its signal is aborted, so a site call that goes on is not committed after the desk went on alone. */
function within<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>), ms: number): Promise<T> {
  const controller = new AbortController();
  const running = typeof work === 'function' ? work(controller.signal) : work;
  let timer: NodeJS.Timeout | undefined;
  running.catch(() => undefined);
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SiteStoreError('timeout', `no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}

export class SiteQueueVisits implements VisitsPort {
  private readonly listeners = new Set<(event: VisitsEvent) => void>();
  private readonly stops: (() => void)[] = [];
  private site: QueueSite['site'];
  /** Calls made alone that the site has not stored yet (their visit was still in the backlog). */
  private unpublished = true;
  private publishing: Promise<void> | null = null;
  private publishAgain: NodeJS.Timeout | null = null;
  /** Calls made alone so far: a publication that started before the latest one has not carried it. */
  private callsMadeAlone = 0;
  private closed = false;

  constructor(private readonly deps: SiteQueueDeps) {
    this.site = deps.listener.isConnected ? 'connected' : 'lost';
    this.stops.push(
      deps.inner.watch((event) => {
        // The station's own calls (made alone) are not what the site's displays show.
        if (event.type !== 'called') this.emit(event);
      }),
      deps.listener.subscribe((event) => {
        if (event.type === 'call') {
          const { call } = event;
          const mine = this.mirror(call);
          const followed = this.followed(call);
          if (followed && (call.action === 'call' || call.action === 'recall')) this.emit({ type: 'called', called: this.nowServingOf(call) });
          // Every desk and display of every station hears every call: they read again only what the call
          // changed for them — this station's day list or counters, or a number leaving a board it shows.
          if (mine || call.station === this.deps.stationCode || (followed && call.action !== 'call' && call.action !== 'recall')) this.emit({ type: 'visits-changed' });
        } else if (event.type === 'connected') {
          this.setSite('connected');
          this.unpublished = true;
          // What the station missed while away, after what it did alone is at the site.
          void this.publishCallsMadeAlone().then(() => this.mirrorMissed());
        } else this.setSite('lost');
      }),
    );
    deps.listener.start();
  }

  queueSite(): QueueSite {
    return { site: this.site };
  }

  async callNext(counter: string): Promise<NowServing | null> {
    const services = this.deps.settings
      .get()
      .services.filter((service) => service.counter === counter)
      .map((service) => service.code);
    const at = this.deskCounter(counter);
    const result = await this.atSite((signal) => this.deps.calls.callNext(at, services, this.queueDay(), signal));
    if (result === undefined) return this.alone(() => this.deps.inner.callNext(counter));
    return result.called && this.nowServingOf(result.called);
  }

  async skip(counter: string): Promise<Awaited<ReturnType<VisitsPort['skip']>>> {
    const at = this.deskCounter(counter);
    const skipped = await this.atSite((signal) => this.deps.calls.skip(at, this.deps.settings.get().queueSkipPlaces, this.queueDay(), signal));
    if (skipped === undefined) return this.alone(() => this.deps.inner.skip(counter));
    if (!skipped) return null;
    // The desk shows the visit row; one from another station is not in this station's list.
    const own = (await this.deps.inner.today('')).find((row) => row.visitId === skipped.visitId);
    return own ?? null;
  }

  async recall(counter: string, visitId?: string): Promise<NowServing | null> {
    const at = this.deskCounter(counter);
    const called = await this.atSite((signal) => this.deps.calls.recall(at, this.queueDay(), visitId, signal));
    if (called === undefined) return this.alone(() => this.deps.inner.recall(counter, visitId));
    return called && this.nowServingOf(called);
  }

  /**
   * Whom this station's counters are calling (the desk's "now calling"), whatever its display follows: at
   * the site, or from SQLite while it is away (without the other stations' calls mirrored there).
   */
  async nowServing(): Promise<NowServing[]> {
    const board = await this.atSite(() => this.deps.calls.nowServing(this.queueDay(), {}, 0));
    if (board === undefined) return (await this.deps.inner.nowServing()).filter((entry) => !isMirroredCounter(entry.counter));
    return board.current.filter((call) => call.station === this.deps.stationCode).map((call) => this.nowServingOf(call));
  }

  /** Rebuilt from the site store; while it is away, nothing (the display says "connection lost"). */
  async display(): Promise<DisplayBoard> {
    const { counters, services, recent } = this.deps.settings.get().display;
    const board = await this.atSite(() => this.deps.calls.nowServing(this.queueDay(), { counters, services }, recent));
    if (board === undefined) return { site: 'lost', current: [], recent: [] };
    return { site: 'connected', current: board.current.map((call) => this.nowServingOf(call)), recent: board.recent.map((call) => this.nowServingOf(call)) };
  }

  watch(listener: (event: VisitsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.publishAgain) clearTimeout(this.publishAgain);
    this.stops.forEach((stop) => stop());
    await this.publishing?.catch(() => undefined);
    await this.deps.listener.close();
    await this.deps.inner.close();
  }

  // Everything else is the station's own.
  checkIn: VisitsPort['checkIn'] = (request, read) => this.deps.inner.checkIn(request, read);
  today: VisitsPort['today'] = (search) => this.deps.inner.today(search);
  retry: VisitsPort['retry'] = (visitId) => this.deps.inner.retry(visitId);
  ticket: VisitsPort['ticket'] = (visitId) => this.deps.inner.ticket(visitId);
  cancel: VisitsPort['cancel'] = (visitId, reason) => this.deps.inner.cancel(visitId, reason);
  correct: VisitsPort['correct'] = (request) => this.deps.inner.correct(request);
  syncState: VisitsPort['syncState'] = () => this.deps.inner.syncState();
  flush: VisitsPort['flush'] = () => this.deps.inner.flush();
  audit: VisitsPort['audit'] = (limit) => this.deps.inner.audit(limit);
  lastPurge: VisitsPort['lastPurge'] = () => this.deps.inner.lastPurge();
  hisState: VisitsPort['hisState'] = () => this.deps.inner.hisState();
  hisRetryDead: VisitsPort['hisRetryDead'] = () => this.deps.inner.hisRetryDead();

  /**
   * The site's answer, or undefined when the site is away (then the caller works alone). Calls made
   * alone go first, so the site's queue knows whom this station already called.
   */
  private async atSite<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    // Lost and not heard back from: alone at once. A listener still connected is worth one more try.
    if (this.site === 'lost' && !this.deps.listener.isConnected) return undefined;
    try {
      // Calls made alone go first, within the same limit: a site that cannot take them soon is away.
      if (this.unpublished) await within(this.publishCallsMadeAlone(), this.deps.callTimeoutMs ?? 2_000);
      const result = await within(work, this.deps.callTimeoutMs ?? 2_000);
      this.setSite('connected');
      return result;
    } catch (error) {
      if (error instanceof SiteStoreError && !error.transient) throw error;
      this.deps.logger?.warn({ event: 'site-call-failed', code: error instanceof SiteStoreError ? error.code : 'unknown' }, 'the site store did not answer: calling this station’s own patients');
      this.setSite('lost');
      return undefined;
    }
  }

  /**
   * A call made alone is published as soon as the site may take it: a call that failed while the listener
   * stayed connected brings no reconnection, and until then another desk could call the same patient.
   */
  private async alone<T>(work: () => Promise<T>): Promise<T> {
    const result = await work();
    this.callsMadeAlone += 1;
    this.unpublished = true;
    if (this.deps.listener.isConnected) void this.publishCallsMadeAlone();
    return result;
  }

  /** The calls, skips and recalls made here today while the site was away (all of today's: the site drops repeats). */
  private publishCallsMadeAlone(): Promise<void> {
    this.publishing ??= (async () => {
      const { store, stationCode, clock } = this.deps;
      const madeAlone = this.callsMadeAlone;
      const since = new Date(`${this.queueDay()}T00:00:00+07:00`).toISOString();
      const offset = this.deps.clockOffsetMs() ?? 0;
      const calls: StationCall[] = store.audit.queueActionsSince(since).flatMap((entry) => {
        const action = ACTION_OF[entry.action];
        const counter = entry.outcome?.split(' ')[0];
        if (!action || !counter || !entry.visitId) return [];
        const operator = entry.staffId === null ? null : store.staff.get(entry.staffId).idNumber;
        return [{ key: callKeyOf(stationCode, entry), visitId: entry.visitId, action, counter: this.counterOf(counter, operator), at: new Date(entry.at), clockOffsetMs: offset }];
      });
      const { stored, missing } = await within(this.deps.calls.publishStationCalls(calls), 10_000);
      // A call of a visit still in the site backlog, or one made alone since this publication read the audit: again later.
      this.unpublished = missing > 0 || this.callsMadeAlone !== madeAlone;
      if (this.unpublished) this.retryPublishing();
      if (stored > 0) this.deps.logger?.info({ event: 'site-calls-published', stored, missing, at: clock.now().toISOString() }, 'calls made while the site was away published');
    })()
      .catch((error: unknown) => {
        this.retryPublishing();
        this.deps.logger?.warn({ event: 'site-calls-unpublished', code: error instanceof SiteStoreError ? error.code : 'unknown' }, 'calls made while the site was away: not published yet');
      })
      .finally(() => {
        this.publishing = null;
      });
    return this.publishing;
  }

  /** A call of one of this station's visits, kept in SQLite too: calling alone later must not call it again. */
  /** True when it changed one of this station's visits. */
  private mirror(call: SiteCall): boolean {
    // A withdrawal follows this station's own cancellation or move: its row has it already.
    if (call.action === 'withdraw') return false;
    const state = call.action === 'serve' ? 'served' : call.action === 'skip' ? 'skipped' : 'called';
    try {
      return this.deps.store.mirrorSiteCall({ visitId: call.visitId, state, station: call.station, counter: call.counter, ownStation: this.deps.stationCode, at: call.at });
    } catch (error) {
      this.deps.logger?.error({ err: error, event: 'site-call-mirror-failed' }, 'a site call could not be kept in the station store');
      return false;
    }
  }

  private async mirrorMissed(): Promise<void> {
    try {
      const calls = await within(this.deps.calls.lastCallsOfStation(this.deps.stationCode, this.queueDay()), 10_000);
      calls.forEach((call) => this.mirror(call));
      if (calls.length > 0) this.emit({ type: 'visits-changed' });
    } catch (error) {
      this.deps.logger?.warn({ event: 'site-calls-unmirrored', code: error instanceof SiteStoreError ? error.code : 'unknown' }, 'the calls made while away could not be read from the site');
    }
  }

  private retryPublishing(): void {
    if (this.closed || this.publishAgain) return;
    this.publishAgain = setTimeout(() => {
      this.publishAgain = null;
      if (this.deps.listener.isConnected) void this.publishCallsMadeAlone();
    }, this.deps.publishRetryMs ?? 5_000);
  }

  /** The desk's counter with the operator signed in: every call at the site names its operator, as a call alone does in the audit log. */
  private deskCounter(code: string): SiteCounter {
    const operator = this.deps.operator();
    if (!operator) throw new ContractError('bad-request', 'nobody is signed in at this desk', 'operator');
    return this.counterOf(code, operator.idNumber);
  }

  private counterOf(code: string, operatorIdNumber: string | null): SiteCounter {
    const named = this.deps.settings.get().counters.find((candidate) => candidate.code === code);
    return { station: this.deps.stationCode, counter: code, name: named?.name ?? { vi: code, en: code }, operatorIdNumber };
  }

  /** The call as the display shows it, when the display's Settings follow its counter and service. */
  /** Whether the display's Settings follow the call's counter and service (today's calls only). */
  private followed(call: SiteCall): boolean {
    if (call.queueDay !== this.queueDay()) return false;
    const { counters, services } = this.deps.settings.get().display;
    return (counters.length === 0 || counters.includes(call.counter)) && (services.length === 0 || services.includes(call.service));
  }

  private nowServingOf(call: SiteCall): NowServing {
    return { station: call.station, counter: call.counter, counterName: call.counterName, queueNumber: call.queueNumber, serviceCode: call.service, calledAt: call.at.toISOString(), callCount: Math.max(1, call.callCount) };
  }

  private queueDay(): string {
    return queueDayOf(this.deps.clock.now());
  }

  private setSite(site: QueueSite['site']): void {
    if (this.site === site) return;
    this.site = site;
    this.emit({ type: 'site', state: { site } });
  }

  private emit(event: VisitsEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
