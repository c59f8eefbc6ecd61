// The outbox worker: takes due items one at a time, in each patient's order, hands each to the handler
// for its kind, and records the outcome. Delivery is at least once: an item is marked in flight (and
// committed) before it is sent, and done (with its effect, in one transaction) after the gateway
// answered; a crash in between leaves it in flight, and start-up puts it back in the queue. The gateway
// may then see it twice, with the same MA_LK, so the duplicate is recognisable there; locally it is
// done exactly once.
//
// Failures:
//   - a GatewayError that will not pass by waiting (205, 054/055, auth, bad input, signing), or a
//     StoreError → dead at once: staff see it and can put it back (retryDead), nothing is dropped;
//   - the gateway unreachable (network, timeout) → the pass ends (the next item would fail the same way),
//     the whole queue pauses with its own backoff, and the item keeps its place. These never use up an
//     item's attempts: a day without internet must not kill a day of check-ins;
//   - anything else (500, broken answers, throttling, a bug) → retried with exponential backoff and
//     jitter, dead after `maxAttempts`.
// Lookups are never retried in a loop (docs/bhxh-gateway.md "Card check"): one item at a time, each failure backs off.
import type { Clock } from '../util/clock';
import { HisError } from '../his/errors';
import { GatewayError } from '../insurance';
import type { Logger } from '../log/logger';
import { scrubText } from '../log/redact';
import { StoreError, type ItemError, type OutboxItem, type OutboxKind, type OutboxLane, type Store, type StaffMember } from '../store';
import { backoffDelay, ITEM_BACKOFF, UNREACHABLE_BACKOFF, type BackoffPolicy } from './backoff';
import { ConnectivityMonitor, observationOfError, type Connectivity } from './connectivity';

export interface ItemContext {
  /** Aborted when the worker stops. */
  signal: AbortSignal;
}

export interface ItemSuccess {
  /** Kept with the done item (the check-in's maGiaoDich: the gateway keeps results only 60 days). */
  receipt?: string | null;
  /** The item's effect on the store, run in the transaction that marks it done. */
  apply?: () => void;
  /** Passed on to listeners (the desk shows a visit's new eligibility). */
  detail?: unknown;
}

/** Sends one item. Resolves when the gateway took it; throws (a GatewayError, ideally) when not. */
export type OutboxHandler = (item: OutboxItem, context: ItemContext) => Promise<ItemSuccess>;

export interface SyncState {
  connectivity: Connectivity;
  /** Items still to send (pending and in flight). */
  pending: number;
  /** Items waiting for staff. */
  dead: number;
  /** When the gateway last answered, ISO; null if not since start. */
  lastAnswerAt: string | null;
}

export type OutboxEvent =
  | { type: 'item-done'; item: OutboxItem; detail: unknown }
  | { type: 'item-retry'; item: OutboxItem; code: string; nextAttemptAt: number }
  | { type: 'item-dead'; item: OutboxItem; code: string };

export type ItemOutcome = 'done' | 'retry' | 'dead' | 'superseded';

export interface DrainReport {
  attempted: number;
  done: number;
  retried: number;
  dead: number;
  /** Why the pass ended: nothing more to send now, the gateway unreachable, or the worker stopped. */
  stoppedBy: 'empty' | 'unreachable' | 'paused' | 'stopped';
  /** `detail` is what the handler reported for a done item (e.g. the eligibility a lookup found). */
  items: { id: number; kind: OutboxKind; visitId: string; outcome: ItemOutcome; code: string | null; detail?: unknown }[];
}

export interface OutboxWorkerOptions {
  /** Attempts the gateway answered badly (not network failures) before an item is dead. */
  maxAttempts: number;
  itemBackoff: BackoffPolicy;
  unreachableBackoff: BackoffPolicy;
  /** Look at the table at least this often even without a nudge (another process may have queued). */
  pollMs: number;
}

export const DEFAULT_WORKER_OPTIONS: OutboxWorkerOptions = {
  maxAttempts: 20,
  itemBackoff: ITEM_BACKOFF,
  unreachableBackoff: UNREACHABLE_BACKOFF,
  pollMs: 30_000,
};

export interface OutboxWorkerDeps {
  store: Store;
  /** Kinds without a handler stay queued (e.g. reports when no signing certificate is configured). */
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  /** The lane this worker serves (its state, dead items and retries); default the BHXH gateway's. */
  lane?: OutboxLane;
  clock: Clock;
  /** Share it with the check-in service, so the desk's own lookups count too. */
  connectivity?: ConnectivityMonitor;
  random?: () => number;
  logger?: Logger;
  options?: Partial<OutboxWorkerOptions>;
}

interface Failure {
  error: ItemError;
  retryable: boolean;
  unreachable: boolean;
  /** Counts towards maxAttempts. */
  counted: boolean;
  /** Minimum wait the gateway (or the lookup guard) asked for. */
  waitMs: number;
}

function failureOf(error: unknown): Failure {
  if (error instanceof HisError) {
    const code = error.details.httpStatus ? `${error.code}:${error.details.httpStatus}` : error.code;
    return {
      error: { code, message: scrubText(error.message).slice(0, 500) },
      retryable: error.retryable,
      unreachable: error.unreachable,
      counted: !error.unreachable,
      waitMs: error.details.retryAfterMs ?? 0,
    };
  }
  if (error instanceof GatewayError) {
    const unreachable = error.code === 'network' || error.code === 'timeout';
    const code = error.details.maKetQua ? `${error.code}:${error.details.maKetQua}` : error.code;
    return {
      error: { code, message: scrubText(error.message).slice(0, 500) },
      retryable: error.retryable,
      unreachable,
      counted: !unreachable && error.code !== 'throttled',
      waitMs: error.details.retryAfterMs ?? 0,
    };
  }
  if (error instanceof StoreError) {
    return { error: { code: `store:${error.code}`, message: scrubText(error.message).slice(0, 500) }, retryable: false, unreachable: false, counted: true, waitMs: 0 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: 'internal', message: scrubText(message).slice(0, 500) }, retryable: true, unreachable: false, counted: true, waitMs: 0 };
}

export class OutboxWorker {
  private readonly options: OutboxWorkerOptions;
  private readonly connectivity: ConnectivityMonitor;
  private readonly random: () => number;
  private readonly kinds: OutboxKind[];
  private readonly lane: OutboxLane;
  private readonly stateListeners = new Set<(state: SyncState) => void>();
  private readonly eventListeners = new Set<(event: OutboxEvent) => void>();
  private readonly log: Logger | undefined;
  private pausedUntil = 0;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private started = false;
  private stopping = false;
  private nudged = false;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private lastState: SyncState | null = null;
  private readonly stopWatchingConnectivity: () => void;

  constructor(private readonly deps: OutboxWorkerDeps) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...deps.options };
    this.connectivity = deps.connectivity ?? new ConnectivityMonitor();
    this.random = deps.random ?? Math.random;
    this.kinds = (Object.keys(deps.handlers) as OutboxKind[]).filter((kind) => deps.handlers[kind]);
    this.lane = deps.lane ?? 'bhxh';
    this.log = deps.logger?.child({ component: 'outbox', lane: this.lane });
    this.stopWatchingConnectivity = this.connectivity.subscribe(() => this.publishState());
  }

  /** Recovers what a crash left in flight, then sends in the background until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.recover();
    this.schedule(0);
  }

  /** Stops the loop, cancels the request in flight (its item goes back to pending) and waits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running.catch(() => undefined);
    this.started = false;
    this.abort = new AbortController();
  }

  /** New items were queued: look now rather than at the next poll. */
  nudge(): void {
    this.publishState();
    if (!this.started || this.stopping) return;
    if (this.busy) this.nudged = true;
    else this.schedule(0);
  }

  /** At start-up, without start(): puts items left in flight by a crash back in the queue. */
  recover(): number {
    const recovered = this.deps.store.outbox.recoverInFlight(this.deps.clock.now(), this.lane);
    if (recovered > 0) this.log?.warn({ event: 'outbox-recovered', items: recovered }, 'in-flight items returned to the queue');
    this.publishState();
    return recovered;
  }

  /**
   * One pass over the queue, waiting for a pass already running. `ignoreSchedule` sends items whose
   * back-off has not run out (support staff running `sync --once`); each item is tried once per pass.
   */
  drain(options: { ignoreSchedule?: boolean } = {}): Promise<DrainReport> {
    const pass = this.running.catch(() => undefined).then(() => this.pass(options.ignoreSchedule ?? false));
    this.running = pass;
    return pass;
  }

  /** Staff put dead items back in the queue (all, or those named); the audit log records who. */
  retryDead(staff: StaffMember | null, ids?: readonly number[]): OutboxItem[] {
    const revived = this.deps.store.retryDead(staff, ids, this.lane);
    if (revived.length > 0) this.log?.info({ event: 'outbox-retry-dead', items: revived.length }, 'dead items put back by staff');
    this.nudge();
    return revived;
  }

  /** Items waiting for staff, oldest first. */
  deadItems(): OutboxItem[] {
    return this.deps.store.outbox.list(['dead'], 1_000, this.lane);
  }

  get state(): SyncState {
    const counts = this.deps.store.outbox.openCounts(this.lane);
    return {
      connectivity: this.connectivity.state,
      pending: counts.pending + counts.inflight,
      dead: counts.dead,
      lastAnswerAt: this.connectivity.lastAnswer?.toISOString() ?? null,
    };
  }

  /** Called with the state now and on every change (connectivity, queue length, dead items). */
  subscribeState(listener: (state: SyncState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Stops and forgets listeners. */
  async close(): Promise<void> {
    await this.stop();
    this.stopWatchingConnectivity();
    this.stateListeners.clear();
    this.eventListeners.clear();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, Math.min(delayMs, this.options.pollMs)));
  }

  private async tick(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      this.log?.error({ err: error }, 'outbox pass failed');
    }
    if (this.stopping) return;
    if (this.nudged) {
      this.nudged = false;
      this.schedule(0);
      return;
    }
    const now = this.deps.clock.now().getTime();
    const due = this.deps.store.outbox.nextDueAt(this.kinds);
    const wake = due === null ? now + this.options.pollMs : Math.max(due, this.pausedUntil);
    this.schedule(wake - now);
  }

  private async pass(ignoreSchedule: boolean): Promise<DrainReport> {
    const report: DrainReport = { attempted: 0, done: 0, retried: 0, dead: 0, stoppedBy: 'empty', items: [] };
    const tried = new Set<number>();
    this.busy = true;
    try {
      while (true) {
        if (this.stopping) {
          report.stoppedBy = 'stopped';
          break;
        }
        if (!ignoreSchedule && this.deps.clock.now().getTime() < this.pausedUntil) {
          report.stoppedBy = 'paused';
          break;
        }
        const item = this.deps.store.outbox.claimNext(this.deps.clock.now(), { ignoreSchedule, exclude: tried, kinds: this.kinds });
        if (!item) break;
        tried.add(item.id);
        report.attempted += 1;
        const { outcome, code, unreachable, detail } = await this.send(item);
        report.items.push({ id: item.id, kind: item.kind, visitId: item.visitId, outcome, code, ...(detail === undefined ? {} : { detail }) });
        if (outcome === 'done') report.done += 1;
        else if (outcome === 'retry') report.retried += 1;
        else if (outcome === 'dead') report.dead += 1;
        this.publishState();
        if (unreachable) {
          report.stoppedBy = 'unreachable';
          break;
        }
      }
    } finally {
      this.busy = false;
    }
    return report;
  }

  private async send(item: OutboxItem): Promise<{ outcome: ItemOutcome; code: string | null; unreachable: boolean; detail?: unknown }> {
    const handler = this.deps.handlers[item.kind]!;
    const started = performance.now();
    let success: ItemSuccess;
    try {
      success = await handler(item, { signal: this.abort.signal });
    } catch (error) {
      return this.failed(item, error);
    }
    const now = this.deps.clock.now();
    this.connectivity.observe({ kind: 'answered', elapsedMs: performance.now() - started }, now);
    this.pausedUntil = 0;
    let completed: boolean;
    try {
      completed = this.deps.store.completeItem(item, now, success.receipt ?? null, success.apply);
    } catch (error) {
      // The gateway has it but we could not record that (the file locked by another process too long,
      // a bug in the effect): it goes back in the queue and is sent again, with the same MA_LK.
      return this.failed(item, error);
    }
    if (!completed) {
      // Put back by another process's start-up while we were sending; it will be sent again there.
      this.log?.warn({ event: 'outbox-superseded', item: item.id, kind: item.kind }, 'item was no longer in flight');
      return { outcome: 'superseded', code: null, unreachable: false };
    }
    this.log?.info({ event: 'outbox-done', item: item.id, kind: item.kind, attempts: item.attempts }, 'outbox item sent');
    this.emit({ type: 'item-done', item: { ...item, state: 'done' }, detail: success.detail ?? null });
    return { outcome: 'done', code: null, unreachable: false, ...(success.detail === undefined ? {} : { detail: success.detail }) };
  }

  private failed(item: OutboxItem, error: unknown): { outcome: ItemOutcome; code: string | null; unreachable: boolean } {
    const now = this.deps.clock.now();
    const failure = failureOf(error);
    const { store } = this.deps;
    if (this.stopping) {
      // Cancelled by stop(): back in the queue as it was, nothing learned about the gateway.
      store.outbox.retryLater(item.id, now, now.getTime(), { code: 'aborted', message: 'worker stopped' });
      return { outcome: 'retry', code: 'aborted', unreachable: false };
    }
    if (observationOfError(error)) this.connectivity.observeError(error, now);
    const exhausted = failure.counted && item.attempts >= this.options.maxAttempts;
    if (!failure.retryable || exhausted) {
      const reason = exhausted && failure.retryable ? { code: failure.error.code, message: `gave up after ${item.attempts} attempts: ${failure.error.message}` } : failure.error;
      store.markItemDead(item, now, reason);
      this.log?.warn({ event: 'outbox-dead', item: item.id, kind: item.kind, code: failure.error.code, attempts: item.attempts }, 'outbox item needs staff');
      this.emit({ type: 'item-dead', item: { ...item, state: 'dead' }, code: failure.error.code });
      return { outcome: 'dead', code: failure.error.code, unreachable: false };
    }
    let nextAttemptAt: number;
    if (failure.unreachable) {
      // The queue waits as a whole; the item keeps its place and its budget.
      this.pausedUntil = now.getTime() + backoffDelay(this.connectivity.consecutiveUnreachable, this.options.unreachableBackoff, this.random);
      nextAttemptAt = this.pausedUntil;
    } else {
      nextAttemptAt = now.getTime() + Math.max(failure.waitMs, backoffDelay(item.attempts, this.options.itemBackoff, this.random));
    }
    store.outbox.retryLater(item.id, now, nextAttemptAt, failure.error);
    this.log?.info({ event: 'outbox-retry', item: item.id, kind: item.kind, code: failure.error.code, inMs: nextAttemptAt - now.getTime() }, 'outbox item to retry');
    this.emit({ type: 'item-retry', item: { ...item, state: 'pending' }, code: failure.error.code, nextAttemptAt });
    return { outcome: 'retry', code: failure.error.code, unreachable: failure.unreachable };
  }

  private emit(event: OutboxEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (error) {
        this.log?.error({ err: error }, 'outbox listener failed');
      }
    }
  }

  private publishState(): void {
    if (this.stateListeners.size === 0) return;
    const state = this.state;
    const last = this.lastState;
    if (last && last.connectivity === state.connectivity && last.pending === state.pending && last.dead === state.dead) return;
    this.lastState = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
