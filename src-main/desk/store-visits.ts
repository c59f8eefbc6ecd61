// The visits port over the SQLite store, the check-in use case and the outbox worker: what the desk, the
// kiosk and the waiting-room display see of visits, tickets, the queue and the sync state.
import type { CheckInStation } from '../checkin/checkin-station';
import type { CheckInService } from '../checkin/checkin-service';
import { identityFromChip, typedIdentity, type IdentityInput } from '../checkin/identity';
import type { AuditRow, CheckInFormResult, Connectivity, CorrectVisitRequest, DisplayBoard, NowServing, QueueSite, PurgeReport, ReadChannel, ServiceInfo, Ticket, VisitRow } from '../contract';
import { ContractError } from '../contract';
import type { Clock } from '../util/clock';
import type { Staff } from '../insurance';
import type { SettingsStore } from '../settings/settings-store';
import { StoreError, type VisitCorrection, type VisitSummary } from '../store';
import { CheckInError } from '../checkin/errors';
import type { z } from 'zod';
import type { OutboxWorker } from '../sync';
import type { DeskRead } from './desk-reads';
import type { VisitsEvent, VisitsPort } from './visits-port';

export interface StoreVisitsDeps {
  /** The check-in side of this desk, composed in one place (checkin/checkin-station.ts). */
  desk: CheckInStation;
  clock: Clock;
  settings: SettingsStore;
  /** Whom lookups and the audit log name: the desk's operator, or the kiosk's. */
  staff: (channel: ReadChannel) => Staff | null;
}

const PRIORITY_KEYS = ['elderly', 'childUnder6', 'disability', 'pregnancy'] as const;

function givenName(fullName: string | null | undefined): string {
  return fullName?.trim().split(/\s+/).pop() ?? '';
}

export class StoreVisits implements VisitsPort {
  private readonly service: CheckInService;
  private readonly worker: OutboxWorker;
  private readonly listeners = new Set<(event: VisitsEvent) => void>();
  private readonly stops: (() => void)[] = [];

  constructor(private readonly deps: StoreVisitsDeps) {
    this.service = deps.desk.service;
    this.worker = deps.desk.worker;
    this.stops.push(
      this.service.subscribe((event) => {
        if (event.type === 'visit-called') this.emit({ type: 'called', called: this.nowServingOf(event.visit) });
        this.emit({ type: 'visits-changed' });
      }),
      this.worker.subscribeState(() => this.emit({ type: 'sync', state: this.syncState() })),
      ...(deps.desk.site ? [deps.desk.site.subscribe(() => this.emit({ type: 'sync', state: this.syncState() }))] : []),
    );
    this.worker.start();
    // A station of a site publishes its backlog in the background and keeps in touch.
    deps.desk.site?.start();
    deps.desk.his?.worker.start();
  }

  audit(limit: number): AuditRow[] {
    const { store } = this.deps.desk;
    const names = new Map<number, string>();
    const nameOf = (staffId: number) => names.get(staffId) ?? names.set(staffId, store.staff.get(staffId).fullName).get(staffId)!;
    return store.audit.latest(limit).map((entry) => ({
      at: entry.at,
      operator: entry.staffId === null ? null : nameOf(entry.staffId),
      action: entry.action,
      patientRef: entry.patientId,
      visitId: entry.visitId,
      outcome: entry.outcome,
    }));
  }

  async checkIn(request: Parameters<VisitsPort['checkIn']>[0], read: DeskRead | null): Promise<CheckInFormResult> {
    const now = this.deps.clock.now();
    const staff = this.deps.staff(request.channel);
    if (!staff) throw new ContractError('bad-request', request.channel === 'kiosk' ? 'no operator is set for the kiosk (settings)' : 'nobody is signed in at this desk', 'operator');
    const service = this.deps.settings.get().services.find((candidate) => candidate.code === request.serviceCode);
    if (!service) throw new ContractError('bad-request', `no service ${request.serviceCode}`);

    let identity: IdentityInput;
    if (read) {
      if (!read.mrz || !read.verification) throw new ContractError('bad-request', 'the card read did not finish');
      // At the kiosk only a proven card goes through alone: no one there can compare the photo or stop a fake.
      if (request.channel === 'kiosk' && (read.verification.verdict === 'data-altered' || read.verification.verdict === 'clone-suspected' || read.verification.verdict === 'not-verifiable')) {
        return { outcome: 'see-staff', reason: read.verification.reason };
      }
      identity = identityFromChip({ holder: read.holder, mrz: read.mrz }, read.verification, now);
    } else if (request.manual) {
      identity = typedIdentity(request.manual, request.manual.provenance);
    } else {
      throw new ContractError('bad-request', 'a check-in needs a card read or a manual identity');
    }

    if (!request.allowSecondVisit) {
      // A cancelled visit does not count: the patient is checked in again, not twice.
      const earlier = this.service.visitsTodayOf(identity.idNumber).filter((visit) => visit.status !== 'cancelled');
      if (earlier.length > 0) return { outcome: 'already-checked-in', visits: earlier.map(rowOf) };
    }

    const priority = PRIORITY_KEYS.filter((key) => request.priority[key]);
    const outcome = await this.service
      .checkIn({
        identity,
        staff,
        service: { code: service.code, name: service.name.vi },
        visitKind: request.visitType,
        insurance: request.lane === 'bhyt' ? 'bhyt' : 'none',
        ...(read && request.lane === 'bhyt' && read.eligibilityResult ? { eligibility: read.eligibilityResult } : {}),
        ...(request.reason ? { reasonForVisit: request.reason } : {}),
        ...(request.heightCm !== null ? { heightCm: request.heightCm } : {}),
        ...(request.bloodGroup !== null ? { bloodGroup: request.bloodGroup } : {}),
        ...(read?.photo ? { photo: { mimeType: read.photo.mimeType, bytes: read.photo.bytes } } : {}),
        priority,
        channel: request.channel,
      })
      .catch((error: unknown) => {
        // Refused before any ticket: the transaction rolled back, so the patient simply is not checked in.
        if (error instanceof StoreError && error.code === 'disk-full') throw new ContractError('unavailable', 'the disk is full: the check-in was not saved; free some space and try again');
        throw error;
      });
    return { outcome: 'created', ticket: this.ticketOf(outcome.visitId, service, priority.length > 0, identity.fullName, now) };
  }

  async today(search: string): Promise<VisitRow[]> {
    const needle = search.trim().toLocaleLowerCase('vi');
    const rows = this.service.todaysVisits().map(rowOf);
    if (!needle) return rows;
    return rows.filter((row) => [row.queueNumber, row.serviceCode, row.holder?.fullName ?? '', row.holder?.idNumber ?? ''].some((field) => field.toLocaleLowerCase('vi').includes(needle)));
  }

  async retry(visitId: string): Promise<void> {
    const ids = this.worker.deadItems().filter((item) => item.visitId === visitId).map((item) => item.id);
    if (ids.length > 0) this.worker.retryDead(this.deps.staff('desk'), ids);
    this.worker.nudge();
    this.emit({ type: 'visits-changed' });
  }

  async ticket(visitId: string): Promise<Ticket> {
    const visit = this.deps.desk.store.visit(visitId);
    if (!visit) throw new ContractError('bad-request', 'no such visit');
    const service = this.serviceInfo(visit.service.code);
    return this.ticketOf(visitId, service, visit.priority.length > 0, visit.holder?.fullName ?? null, new Date(visit.arrivedAt), visit.queueNumber);
  }

  async cancel(visitId: string, reason: string): Promise<{ visit: VisitRow; reportSent: boolean }> {
    const cancelled = this.staffAction(() => this.service.cancelVisit(visitId, this.operator(), reason));
    return { visit: rowOf(cancelled.visit), reportSent: cancelled.reportSent };
  }

  async correct(request: z.output<typeof CorrectVisitRequest>): Promise<{ visit: VisitRow; renumbered: boolean; reportSent: boolean }> {
    const service = request.serviceCode === undefined ? undefined : this.deps.settings.get().services.find((candidate) => candidate.code === request.serviceCode);
    if (request.serviceCode !== undefined && !service) throw new ContractError('bad-request', `no service ${request.serviceCode}`, 'serviceCode');
    const correction: VisitCorrection = {
      ...(service ? { service: { code: service.code, name: service.name.vi } } : {}),
      ...(request.visitType ? { visitKind: request.visitType } : {}),
      ...(request.reasonForVisit !== undefined ? { reasonForVisit: request.reasonForVisit.trim() || null } : {}),
      ...(request.priority ? { priority: PRIORITY_KEYS.filter((key) => request.priority![key]) } : {}),
    };
    const corrected = this.staffAction(() => this.service.correctVisit(request.visitId, this.operator(), request.reason, correction));
    return { visit: rowOf(corrected.visit), renumbered: corrected.renumbered, reportSent: corrected.reportSent };
  }

  /** The counter's patient is served and the next of its services' queue called: priority first, then arrival. */
  async callNext(counter: string): Promise<NowServing | null> {
    const services = this.deps.settings.get().services.filter((service) => service.counter === counter).map((service) => service.code);
    const called = this.service.callNext(counter, services, this.operator());
    return called ? this.nowServingOf(called) : null;
  }

  async skip(counter: string): Promise<VisitRow | null> {
    const skipped = this.service.skip(counter, this.deps.settings.get().queueSkipPlaces, this.operator());
    return skipped ? rowOf(skipped) : null;
  }

  async recall(counter: string, visitId?: string): Promise<NowServing | null> {
    const called = this.staffAction(() => this.service.recall(counter, this.operator(), visitId));
    return called ? this.nowServingOf(called) : null;
  }

  /** Rebuilt from the visit rows, so a restart or a new display window shows the same numbers. */
  async nowServing(): Promise<NowServing[]> {
    return this.service.nowServing().map((visit) => this.nowServingOf(visit));
  }

  /** A lone station's board: its counters' numbers now and its last calls, from the visit rows. */
  async display(): Promise<DisplayBoard> {
    const { counters, services, recent } = this.deps.settings.get().display;
    const shown = (visit: VisitSummary) => (counters.length === 0 || counters.includes(visit.call?.counter ?? '')) && (services.length === 0 || services.includes(visit.service.code));
    const called = this.service
      .todaysVisits()
      .filter((visit) => visit.call !== null && shown(visit))
      .sort((a, b) => b.call!.at.localeCompare(a.call!.at));
    return { site: 'none', current: this.service.nowServing().filter(shown).map((visit) => this.nowServingOf(visit)), recent: called.slice(0, recent).map((visit) => this.nowServingOf(visit)) };
  }

  queueSite(): QueueSite {
    return { site: 'none' };
  }

  syncState(): Connectivity {
    const state = this.worker.state;
    const site = this.deps.desk.site?.state;
    return { connectivity: state.connectivity, pending: state.pending, dead: state.dead, ...(site ? { site: { reachability: site.reachability, backlog: site.backlog } } : {}) };
  }

  async flush() {
    await this.worker.drain({ ignoreSchedule: true });
    return this.syncState();
  }

  hisState() {
    const his = this.deps.desk.his?.worker;
    if (!his) return { configured: false, connectivity: 'online' as const, pending: 0, dead: 0 };
    const state = his.state;
    return { configured: true, connectivity: state.connectivity, pending: state.pending, dead: state.dead };
  }

  async hisRetryDead() {
    const his = this.deps.desk.his?.worker;
    if (his && his.retryDead(this.deps.staff('desk')).length > 0) await his.drain({ ignoreSchedule: true });
    return this.hisState();
  }

  watch(listener: (event: VisitsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lastPurge(): Promise<PurgeReport | null> {
    return this.deps.desk.store.lastPurge();
  }

  async close(): Promise<void> {
    this.stops.forEach((stop) => stop());
    await this.deps.desk.close();
  }

  /** Whom staff actions name: the operator signed in at the desk. */
  private operator(): Staff {
    const staff = this.deps.staff('desk');
    if (!staff) throw new ContractError('bad-request', 'nobody is signed in at this desk', 'operator');
    return staff;
  }

  private staffAction<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof CheckInError) throw new ContractError('bad-request', `${error.code}: ${error.message}`, error.fields[0]);
      throw error;
    }
  }

  private nowServingOf(visit: VisitSummary): NowServing {
    const counter = visit.call?.counter ?? '';
    const named = this.deps.settings.get().counters.find((candidate) => candidate.code === counter);
    return {
      station: this.deps.settings.get().stationCode,
      counter,
      counterName: named?.name ?? { vi: counter, en: counter },
      queueNumber: visit.queueNumber,
      serviceCode: visit.service.code,
      calledAt: visit.call?.at ?? visit.arrivedAt,
      callCount: Math.max(1, visit.call?.count ?? 1),
    };
  }

  private serviceInfo(code: string): ServiceInfo {
    return this.deps.settings.get().services.find((service) => service.code === code) ?? { code, name: { vi: code, en: code }, counter: '—', lanes: ['bhyt', 'fee'] };
  }

  private ticketOf(visitId: string, service: ServiceInfo, priority: boolean, fullName: string | null, issuedAt: Date, queueNumber?: string): Ticket {
    const number = queueNumber ?? this.deps.desk.store.visit(visitId)?.queueNumber ?? '';
    return { visitId, queueNumber: number, service, counter: service.counter, issuedAt: issuedAt.toISOString(), priority, givenName: givenName(fullName) };
  }

  private emit(event: VisitsEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function rowOf(visit: VisitSummary): VisitRow {
  return {
    visitId: visit.visitId,
    queueNumber: visit.queueNumber,
    serviceCode: visit.service.code,
    serviceName: visit.service.name,
    visitType: visit.visitKind,
    status: visit.status,
    arrivedAt: visit.arrivedAt,
    priority: visit.priority.filter((group): group is VisitRow['priority'][number] => (PRIORITY_KEYS as readonly string[]).includes(group)),
    call: visit.call,
    skipCount: visit.skipCount,
    cancelledAt: visit.cancelledAt,
    provenance: visit.provenance,
    verdict: (visit.verificationVerdict as VisitRow['verdict']) ?? null,
    eligibility: { status: visit.eligibility.status as VisitRow['eligibility']['status'], code: visit.eligibility.code },
    flags: visit.flags,
    sync: visit.sync,
    holder: visit.holder,
  };
}
