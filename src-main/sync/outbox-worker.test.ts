import { describe, expect, it } from 'vitest';
import { GatewayError } from '../insurance';
import { StoreError, type OutboxItem } from '../store';
import { BINH, eligibleResult, newCheckIn, openTestStore, TestClock } from '../dev/testing/check-ins';
import { ConnectivityMonitor } from './connectivity';
import { OutboxWorker, type OutboxEvent, type OutboxHandler, type SyncState } from './outbox-worker';

const T0 = '2026-03-15T01:30:00.000Z';

function setup(handlers: { lookup?: OutboxHandler; report?: OutboxHandler } = {}, options = {}) {
  const clock = new TestClock(T0);
  const { store } = openTestStore(clock);
  const sent: string[] = [];
  const ok: OutboxHandler = async (item) => {
    sent.push(`${item.kind}:${item.visitId}`);
    return { receipt: `receipt-${item.id}` };
  };
  const connectivity = new ConnectivityMonitor();
  const worker = new OutboxWorker({
    store,
    clock,
    connectivity,
    random: () => 0.5,
    handlers: { 'eligibility-lookup': handlers.lookup ?? ok, 'checkin-report': handlers.report ?? ok },
    options: { itemBackoff: { baseMs: 1_000, maxMs: 60_000 }, unreachableBackoff: { baseMs: 2_000, maxMs: 30_000 }, maxAttempts: 3, ...options },
  });
  const events: OutboxEvent[] = [];
  worker.subscribe((event) => events.push(event));
  return { clock, store, worker, sent, events, connectivity };
}

describe('the outbox worker', () => {
  it('sends everything due, lookup before report, and marks each item done once', async () => {
    const { store, clock, worker, sent } = setup();
    const an = store.recordCheckIn(newCheckIn({}, clock.now()));
    const binh = store.recordCheckIn(newCheckIn({ patient: BINH, eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const report = await worker.drain();
    expect(report).toMatchObject({ attempted: 3, done: 3, retried: 0, dead: 0, stoppedBy: 'empty' });
    // Lowest id first: once an's lookup is done, his report is next in line.
    expect(sent).toEqual([`eligibility-lookup:${an.visitId}`, `checkin-report:${an.visitId}`, `checkin-report:${binh.visitId}`]);
    expect(store.outbox.counts()).toEqual({ pending: 0, inflight: 0, done: 3, dead: 0, withdrawn: 0 });
    expect(store.outbox.ofVisit(an.visitId).map((item) => item.receipt)).toEqual(['receipt-1', 'receipt-2']);
    expect((await worker.drain()).attempted).toBe(0);
  });

  it('applies the handler’s effect in the transaction that marks the item done', async () => {
    const { store, clock, worker, events } = setup({
      report: async (item) => ({ apply: () => store.visits.markReported(item.visitId, clock.now().toISOString()), detail: { reported: item.visitId } }),
    });
    const visit = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    await worker.drain();
    expect(store.visits.row(visit.visitId)?.reported_at).toBe(T0);
    expect(events).toMatchObject([{ type: 'item-done', item: { kind: 'checkin-report', state: 'done' }, detail: { reported: visit.visitId } }]);
  });

  it('when the gateway cannot be reached: ends the pass, pauses the queue, keeps the item’s place and budget', async () => {
    const { store, clock, worker, connectivity } = setup({
      lookup: async () => {
        throw new GatewayError('network', 'ECONNREFUSED');
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    store.recordCheckIn(newCheckIn({ patient: BINH }, clock.now()));
    const first = await worker.drain();
    expect(first).toMatchObject({ attempted: 1, retried: 1, stoppedBy: 'unreachable' });
    expect(first.items[0]).toMatchObject({ outcome: 'retry', code: 'network' });
    expect(connectivity.state).toBe('degraded');
    // Paused for 2 s × ¾ (jitter at 0.5): nothing is tried before.
    expect(await worker.drain()).toMatchObject({ attempted: 0, stoppedBy: 'paused' });
    for (let i = 0; i < 5; i += 1) {
      clock.advance(60_000);
      await worker.drain();
    }
    expect(connectivity.state).toBe('offline');
    // Network failures never use up attempts: nothing dies of a long outage.
    expect(store.outbox.counts()).toMatchObject({ pending: 4, dead: 0 });
    const lookups = store.outbox.list(['pending']).filter((item) => item.kind === 'eligibility-lookup');
    expect(lookups.map((item) => item.lastErrorCode)).toEqual(['network', 'network']);
  });

  it('a refusal that waiting will not change (205) is dead at once, visible and retryable by staff', async () => {
    let refuse = true;
    const { store, clock, worker, events } = setup({
      report: async () => {
        if (refuse) throw new GatewayError('gateway', 'check-in refused: 205', { maKetQua: '205' });
        return { receipt: 'ok' };
      },
    });
    const visit = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(await worker.drain()).toMatchObject({ dead: 1, items: [{ outcome: 'dead', code: 'gateway:205' }] });
    expect(worker.deadItems()).toMatchObject([{ visitId: visit.visitId, lastErrorCode: 'gateway:205', lastError: expect.stringContaining('205') }]);
    expect(events.map((event) => event.type)).toEqual(['item-dead']);
    refuse = false;
    expect(worker.retryDead({ fullName: 'Phạm Thị Hoa', idNumber: '001190000001' })).toHaveLength(1);
    expect(await worker.drain()).toMatchObject({ done: 1 });
    expect(store.visit(visit.visitId)?.sync).toBe('sent');
  });

  it('retries a failure that may pass (500) with growing, jittered delays, dead after maxAttempts', async () => {
    const { store, clock, worker } = setup({
      lookup: async () => {
        throw new GatewayError('gateway', 'HTTP 500', { httpStatus: 500 });
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    await worker.drain();
    const [item] = store.outbox.list(['pending']);
    // attempt 1 failed: 1 s ceiling, ¾ of it with random 0.5.
    expect(item!.nextAttemptAt - clock.now().getTime()).toBe(750);
    clock.advance(750);
    await worker.drain();
    expect(store.outbox.get(item!.id)!.nextAttemptAt - clock.now().getTime()).toBe(1_500);
    clock.advance(1_500);
    expect(await worker.drain()).toMatchObject({ dead: 1 });
    expect(store.outbox.get(item!.id)).toMatchObject({ state: 'dead', attempts: 3, lastError: expect.stringMatching(/^gave up after 3 attempts/) });
  });

  it('waits at least as long as a throttled lookup was told to', async () => {
    const { store, clock, worker } = setup({
      lookup: async () => {
        throw new GatewayError('throttled', 'more than 30 lookups a minute', { retryAfterMs: 42_000 });
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    await worker.drain();
    expect(store.outbox.list(['pending'])[0]!.nextAttemptAt - clock.now().getTime()).toBe(42_000);
  });

  it('a store error (data purged, damaged box) is dead at once', async () => {
    const { store, clock, worker } = setup({
      lookup: async () => {
        throw new StoreError('decrypt-failed', 'patients.full_name: authentication failed');
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    expect(await worker.drain()).toMatchObject({ dead: 1, items: [{ code: 'store:decrypt-failed' }] });
  });

  it('a manual pass (sync --once) ignores back-off times', async () => {
    let fail = true;
    const { store, clock, worker } = setup({
      lookup: async () => {
        if (fail) throw new GatewayError('gateway', 'HTTP 500', { httpStatus: 500 });
        return {};
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    await worker.drain();
    fail = false;
    expect(await worker.drain()).toMatchObject({ attempted: 0 });
    expect(await worker.drain({ ignoreSchedule: true })).toMatchObject({ attempted: 2, done: 2 });
  });

  it('stop() cancels the request in flight and puts its item back, neither dead nor done', async () => {
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const { store, clock, worker } = setup({
      lookup: (_item: OutboxItem, { signal }) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(new GatewayError('aborted')));
        }),
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    const pass = worker.drain();
    await inFlight;
    await worker.stop();
    expect(await pass).toMatchObject({ stoppedBy: 'stopped', items: [{ outcome: 'retry', code: 'aborted' }] });
    expect(store.outbox.counts()).toMatchObject({ pending: 2, inflight: 0, dead: 0 });
  });

  it('an effect that fails to record leaves the item to be sent again, not stuck in flight', async () => {
    let calls = 0;
    const { store, clock, worker } = setup({
      report: async () => ({
        apply: () => {
          calls += 1;
          if (calls === 1) throw new Error('SQLITE_BUSY: database is locked');
        },
      }),
    });
    store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    expect(await worker.drain()).toMatchObject({ items: [{ outcome: 'retry', code: 'internal' }] });
    expect(store.outbox.counts()).toMatchObject({ pending: 1, inflight: 0, done: 0 });
    expect(await worker.drain({ ignoreSchedule: true })).toMatchObject({ done: 1 });
  });

  it('an item put back by another process while in flight is not marked done here', async () => {
    const { store, clock, worker } = setup({
      lookup: async () => {
        store.outbox.recoverInFlight(clock.now());
        return {};
      },
    });
    store.recordCheckIn(newCheckIn({}, clock.now()));
    const report = await worker.drain();
    expect(report.items[0]).toMatchObject({ outcome: 'superseded' });
    expect(store.outbox.counts()).toMatchObject({ pending: 2, done: 0 });
  });

  it('runs in the background after start(): recovers what a crash left in flight, sends, publishes the state', async () => {
    const { store, clock, worker } = setup();
    store.recordCheckIn(newCheckIn({}, clock.now()));
    store.outbox.claimNext(clock.now());
    const states: SyncState[] = [];
    worker.subscribeState((state) => states.push(state));
    const drained = new Promise<void>((resolve) => worker.subscribeState((state) => state.pending === 0 && resolve()));
    worker.start();
    await drained;
    await worker.close();
    expect(states[0]).toEqual({ connectivity: 'online', pending: 2, dead: 0, lastAnswerAt: null });
    expect(states.at(-1)).toMatchObject({ connectivity: 'online', pending: 0, dead: 0, lastAnswerAt: T0 });
    expect(store.outbox.counts()).toEqual({ pending: 0, inflight: 0, done: 2, dead: 0, withdrawn: 0 });
  });

  it('a nudge after a new check-in sends it without waiting for the poll', async () => {
    const { store, clock, worker, sent } = setup({}, { pollMs: 60_000 });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const visit = store.recordCheckIn(newCheckIn({ eligibility: { kind: 'result', result: eligibleResult() } }, clock.now()));
    const done = new Promise<void>((resolve) => worker.subscribe((event) => event.type === 'item-done' && resolve()));
    worker.nudge();
    await done;
    await worker.close();
    expect(sent).toEqual([`checkin-report:${visit.visitId}`]);
  });
});
