// A station's link to its hospital's site store, local first. For a check-in it asks the site for the
// service's next number but waits at most `reserveTimeoutMs` (300 ms): no answer, and the station numbers
// the visit itself (K2-NOI-004). The visit is committed locally with its site backlog row either way;
// publishing is idempotent by visit id and goes in commit order whenever the site answers. Each contact
// measures the station's clock offset to the site store (round-trip midpoint), which corrects arrival
// times into one queue order. Reservations this station made but never committed (it died in between)
// are voided by the station itself once it is back, after a grace period, never reused.
import type { Clock } from '../util/clock';
import type { Logger } from '../log/logger';
import type { CallListener } from '../site-store/call-listener';
import { SiteStoreError } from '../site-store/errors';
import type { SiteCalls } from '../site-store/site-calls';
import type { PublishedVisit, SiteNumber, SiteStore, SiteVisitOfPerson } from '../site-store/site-store';
import type { PiiCipher, Store } from '../store';

export type SiteReachability = 'unknown' | 'connected' | 'unreachable' | 'refused';

export interface SiteLinkState {
  reachability: SiteReachability;
  /** Visits committed here and not yet at the site store. */
  backlog: number;
  /** The last error's code while the site is not connected. */
  lastError: string | null;
}

export interface SiteLinkOptions {
  /** How long a check-in waits for the site's number before numbering it itself. */
  reserveTimeoutMs: number;
  /** How long a publication pass may take before it stops (the rest waits for the next). */
  publishTimeoutMs: number;
  /** A reservation older than this without a local visit is void (the station died before committing). */
  voidGraceSeconds: number;
  /** Background pass interval while there is a backlog, and the heartbeat otherwise. */
  retryMs: number;
  heartbeatMs: number;
}

export const DEFAULT_SITE_LINK: SiteLinkOptions = { reserveTimeoutMs: 300, publishTimeoutMs: 10_000, voidGraceSeconds: 120, retryMs: 5_000, heartbeatMs: 30_000 };

export interface SiteLinkDeps {
  site: SiteStore;
  /** Opens and seals with the site key. */
  cipher: PiiCipher;
  /** The site this station enrolled in, checked before anything is published. */
  siteId: string;
  demo: boolean;
  store: Store;
  clock: Clock;
  stationCode: string;
  logger?: Logger;
  options?: Partial<SiteLinkOptions>;
}

export interface PublishReport {
  published: number;
  voided: number;
  backlog: number;
  error: string | null;
}

class Timeout extends SiteStoreError {
  constructor(what: string, ms: number) {
    super('timeout', `${what}: no answer within ${ms} ms`);
  }
}

/** The answer if it comes within `ms`; the late one is dropped (and its error swallowed). */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(what, ms)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

export class SiteLink {
  private readonly options: SiteLinkOptions;
  private current: SiteLinkState;
  private readonly listeners = new Set<(state: SiteLinkState) => void>();
  private verified = false;
  private pass: Promise<PublishReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: Logger | undefined;

  constructor(private readonly deps: SiteLinkDeps) {
    this.options = { ...DEFAULT_SITE_LINK, ...deps.options };
    this.log = deps.logger?.child({ component: 'site-link' });
    this.current = { reachability: 'unknown', backlog: deps.store.siteBacklog.size(), lastError: null };
    // While the card is read, the login to the site store is done: the reservation is then one round trip.
    deps.site.warm();
  }

  get state(): SiteLinkState {
    return { ...this.current };
  }

  subscribe(listener: (state: SiteLinkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calling across the site's stations (desk/site-queue-visits): the same site store and key; the listener is not started. */
  calling(): { calls: SiteCalls; listener: CallListener } {
    return { calls: this.deps.site.calls(this.deps.cipher), listener: this.deps.site.listener() };
  }

  /** The offset last measured (site minus station, ms), null before the first contact. */
  clockOffsetMs(): number | null {
    return this.deps.store.siteBacklog.clockOffsetMs();
  }

  /** (a) of a check-in: the site's number for this visit, or null after `reserveTimeoutMs` or any failure. */
  async reserve(visitId: string, serviceCode: string, queueDay: string): Promise<SiteNumber | null> {
    if (this.current.reachability === 'refused') return null;
    const started = this.deps.clock.now();
    try {
      const number = await within(this.deps.site.reserve({ visitId, stationCode: this.deps.stationCode, serviceCode, queueDay }), this.options.reserveTimeoutMs, 'reserve');
      if (number) this.measured(started, number.siteNow);
      this.set({ reachability: 'connected', lastError: null });
      return number;
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  /** "Already checked in today?" across the site; null when the site does not answer in time. */
  async visitsOfPersonOnDay(idNumber: string, queueDay: string): Promise<SiteVisitOfPerson[] | null> {
    if (this.current.reachability === 'refused') return null;
    try {
      return await within(this.deps.site.visitsOfPersonOnDay(idNumber, queueDay, this.deps.cipher), this.options.reserveTimeoutMs * 2, 'visits of a person');
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  /**
   * (c), and the backlog after an outage: contact (clock offset, backlog), void what this station
   * reserved and never committed, then publish in commit order until done, the time is up, or the site
   * fails. One pass at a time; a call during a pass joins it.
   */
  publishBacklog(timeoutMs = this.options.publishTimeoutMs): Promise<PublishReport> {
    this.pass ??= this.runPass(timeoutMs).finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Publishes soon, in the background (after a commit, which the backlog counts at once). */
  nudge(): void {
    this.set({ backlog: this.deps.store.siteBacklog.size() });
    this.schedule(0);
  }

  /** Background passes for a long-running host: the backlog retried, a heartbeat otherwise. */
  start(): void {
    this.schedule(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
    await this.deps.site.close();
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.publishBacklog().then((report) => this.schedule(report.backlog > 0 || report.error ? this.options.retryMs : this.options.heartbeatMs));
    }, ms);
    this.timer.unref();
  }

  private async runPass(timeoutMs: number): Promise<PublishReport> {
    const { site, store, clock, stationCode } = this.deps;
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    const report: PublishReport = { published: 0, voided: 0, backlog: store.siteBacklog.size(), error: null };
    try {
      if (!this.verified) await within(this.verify(), left(), 'site identity');
      const started = clock.now();
      const siteNow = await within(site.contact(stationCode, report.backlog, this.clockOffsetMs()), left(), 'contact');
      this.measured(started, siteNow);
      this.set({ reachability: 'connected', lastError: null });
      const unsettled = await within(site.unsettledReservations(stationCode, this.options.voidGraceSeconds), left(), 'reservations');
      report.voided = await within(
        site.voidReservations(
          stationCode,
          unsettled.filter((visitId) => !store.siteBacklog.committed(visitId)),
        ),
        left(),
        'void',
      );
      for (const item of store.siteBacklog.unpublished()) {
        if (Date.now() >= deadline) break;
        const visit = this.publicationOf(item.visitId, item.numberSource, item.clockOffsetMs);
        if (visit) await within(site.publish(visit, this.deps.cipher), left(), 'publish');
        store.siteBacklog.markPublished(item.visitId, clock.now().toISOString());
        report.published += 1;
      }
      report.backlog = store.siteBacklog.size();
      if (report.published > 0 || report.voided > 0) await within(site.contact(stationCode, report.backlog, null), left(), 'contact');
    } catch (error) {
      report.error = this.failed(error);
      report.backlog = store.siteBacklog.size();
    }
    this.set({ backlog: report.backlog });
    if (report.published || report.voided) this.log?.info({ event: 'site-published', published: report.published, voided: report.voided, backlog: report.backlog }, 'site backlog published');
    return report;
  }

  /** The site is the one this station enrolled in, its key is ours, and demo stays demo. */
  private async verify(): Promise<void> {
    const identity = await this.deps.site.identity();
    if (identity.siteId !== this.deps.siteId) throw new SiteStoreError('refused', 'this is not the site this station enrolled in');
    if (identity.demo !== this.deps.demo) throw new SiteStoreError('refused', identity.demo ? 'a demo site: production stations never publish to it' : 'a production site: demo stations never publish to it');
    if (!this.deps.cipher.matchesKeyCheck(identity.keyCheck)) throw new SiteStoreError('wrong-key', 'the site has a new key: enrol this station again');
    this.verified = true;
  }

  private publicationOf(visitId: string, numberSource: 'site' | 'station', clockOffsetMs: number | null): PublishedVisit | null {
    const { store } = this.deps;
    const row = store.visits.row(visitId);
    const summary = store.visit(visitId);
    const patient = row && store.patients.identityOf(row.patient_id);
    // Purged by retention before the site ever saw it (months offline): nothing personal left to publish.
    if (!row || !summary || !patient) return null;
    return {
      visitId,
      stationCode: row.station_code,
      patient: { idNumber: patient.idNumber, fullName: patient.fullName, dateOfBirth: patient.dateOfBirth },
      service: summary.service,
      queueDay: summary.queueDay,
      queueNumber: summary.queueNumber,
      numberSource,
      status: summary.status,
      priority: summary.priority,
      channel: summary.channel,
      operatorIdNumber: store.staff.get(row.staff_id).idNumber,
      arrivedAt: new Date(row.arrived_at),
      clockOffsetMs: clockOffsetMs ?? this.clockOffsetMs() ?? 0,
    };
  }

  private measured(started: Date, siteNow: Date): void {
    const finished = this.deps.clock.now();
    const midpoint = (started.getTime() + finished.getTime()) / 2;
    this.deps.store.siteBacklog.setClockOffset(siteNow.getTime() - midpoint, finished.toISOString());
  }

  private failed(error: unknown): string {
    const typed = error instanceof SiteStoreError ? error : new SiteStoreError('unreachable', error instanceof Error ? error.message : String(error));
    // A refusal (a new site key, not this site, demo against production) stands until the station enrols
    // again; anything else is the site being away or broken for now, and is retried.
    const refused = typed.code === 'refused' || typed.code === 'wrong-key';
    this.set({ reachability: refused ? 'refused' : 'unreachable', lastError: typed.code });
    if (!typed.transient) this.log?.error({ event: 'site-error', code: typed.code }, typed.message);
    return typed.code;
  }

  private set(change: Partial<SiteLinkState>): void {
    const next = { ...this.current, ...change };
    if (next.reachability === this.current.reachability && next.backlog === this.current.backlog && next.lastError === this.current.lastError) return;
    this.current = next;
    for (const listener of this.listeners) {
      try {
        listener(this.state);
      } catch (error) {
        this.log?.error({ err: error }, 'site listener failed');
      }
    }
  }
}
