import { describe, expect, it } from 'vitest';
import type { PatientIdentity } from './records';
import { AN, HOA, newCheckIn, openTestStore, TestClock, TEST_KEY } from '../dev/testing/check-ins';
import { Store } from './store';

const person = (n: number): PatientIdentity => ({ ...AN, idNumber: `00109001${String(n).padStart(4, '0')}` });
const at = (minute: number) => new Date(Date.UTC(2026, 2, 15, 1, minute));

/** Five patients of K01 arriving a minute apart (A-001 … A-005); the third is elderly. */
function queueOfFive() {
  const opened = openTestStore(new TestClock('2026-03-15T01:30:00.000Z'));
  for (let n = 1; n <= 5; n += 1) opened.store.recordCheckIn(newCheckIn({ patient: person(n), priority: n === 3 ? ['elderly'] : [] }, at(n)));
  return opened;
}

const call = (store: Store, minute: number) => store.callNext({ counter: 'P101', services: ['K01'], staff: HOA, at: at(minute) });

describe('calling the queue', () => {
  it('calls priority first, then by arrival, serving the previous patient at each call', () => {
    const { store } = queueOfFive();
    expect(call(store, 10).called?.queueNumber).toBe('A-003');
    const second = call(store, 11);
    expect(second.called?.queueNumber).toBe('A-001');
    expect(second.served).toMatchObject({ queueNumber: 'A-003', status: 'served' });
    expect(store.nowServing().map((visit) => [visit.queueNumber, visit.call?.counter])).toEqual([['A-001', 'P101']]);
    expect(store.audit.latestOf('queue-call')).toMatchObject({ outcome: 'P101', staffId: expect.any(Number) });
    store.close();
  });

  it('skip moves the called patient back by the given places; recall calls the same number again, or a skipped patient back', () => {
    const { store } = queueOfFive();
    call(store, 10); // A-003 (priority)
    call(store, 11);
    const skipped = store.skipCurrent({ counter: 'P101', places: 2, staff: HOA, at: at(12) });
    expect(skipped).toMatchObject({ queueNumber: 'A-001', status: 'skipped', skipCount: 1 });
    expect(store.nowServing()).toEqual([]);
    expect(call(store, 13).called?.queueNumber).toBe('A-002');
    expect(call(store, 14).called?.queueNumber).toBe('A-004');
    expect(call(store, 15).called?.queueNumber).toBe('A-001');
    const again = store.recall({ counter: 'P101', staff: HOA, at: at(16) });
    expect(again).toMatchObject({ served: null, called: { queueNumber: 'A-001', call: { count: 3, at: at(16).toISOString() } } });
    store.skipCurrent({ counter: 'P101', places: 5, staff: HOA, at: at(17) });
    expect(call(store, 18).called?.queueNumber).toBe('A-005');
    const back = store.recall({ counter: 'P101', visitId: skipped!.visitId, staff: HOA, at: at(19) });
    expect(back).toMatchObject({ called: { queueNumber: 'A-001', status: 'called' }, served: { queueNumber: 'A-005', status: 'served' } });
    expect(call(store, 20)).toMatchObject({ called: null, served: { queueNumber: 'A-001' } });
    store.close();
  });

  it('the state is in the file: a new store on it (a restart) sees the same call', () => {
    const { store, file } = queueOfFive();
    call(store, 10);
    store.close();
    const reopened = new Store({ file, key: TEST_KEY, clock: new TestClock('2026-03-15T01:40:00.000Z') });
    expect(reopened.nowServing().map((visit) => visit.queueNumber)).toEqual(['A-003']);
    expect(call(reopened, 11).served?.queueNumber).toBe('A-003');
    reopened.close();
  });

  it('a service the counter does not call, or an empty queue, calls nobody; recalling with nobody called does nothing', () => {
    const { store } = queueOfFive();
    expect(store.callNext({ counter: 'P102', services: ['K02'], staff: HOA, at: at(10) }).called).toBeNull();
    expect(store.recall({ counter: 'P102', staff: HOA, at: at(10) })).toEqual({ called: null, served: null });
    expect(store.skipCurrent({ counter: 'P102', places: 3, staff: HOA, at: at(10) })).toBeNull();
    store.close();
  });
});
