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

describe("a site's calls of this station's visits", () => {
  const mirror = (store: Store, visitId: string, state: 'called' | 'served' | 'skipped', station: string, minute: number) =>
    store.mirrorSiteCall({ visitId, state, station, counter: 'P101', ownStation: 'A', at: at(minute) });

  it('are kept here, so calling alone skips the patients another station called; they only move a visit forward', () => {
    const { store } = queueOfFive();
    const [first, second] = store.visitsOfDay('2026-03-15').sort((a, b) => a.queueNumber.localeCompare(b.queueNumber));
    // Another station's counter P101 called A-001: named K2/P101 here, so this station's P101 is free.
    expect(mirror(store, first!.visitId, 'called', 'K2', 10)).toBe(true);
    expect(store.visit(first!.visitId)).toMatchObject({ status: 'called', call: { counter: 'K2/P101' } });
    expect(call(store, 11).called?.queueNumber).toBe('A-003');
    expect(call(store, 12).called?.queueNumber).toBe('A-002');
    // This station's own P101, called at the site: the one it called before is served, as a call would.
    expect(mirror(store, first!.visitId, 'served', 'K2', 13)).toBe(true);
    const fourth = store.visitsOfDay('2026-03-15').find((visit) => visit.queueNumber === 'A-004')!;
    expect(mirror(store, fourth.visitId, 'called', 'A', 14)).toBe(true);
    expect(store.visit(second!.visitId)).toMatchObject({ status: 'served' });
    expect(store.nowServing().map((visit) => [visit.queueNumber, visit.call?.counter])).toEqual([['A-004', 'P101']]);
    // Never backwards: a served visit is not called again, a cancelled one stays cancelled; unknown visits are ignored.
    expect(mirror(store, first!.visitId, 'called', 'K2', 15)).toBe(false);
    expect(mirror(store, first!.visitId, 'skipped', 'K2', 15)).toBe(false);
    store.cancelVisit({ visitId: fourth.visitId, staff: HOA, reason: 'về', at: at(16) });
    expect(mirror(store, fourth.visitId, 'served', 'A', 17)).toBe(false);
    expect(mirror(store, '00000000-0000-4000-8000-000000000000', 'called', 'K2', 17)).toBe(false);
    // Mirrored calls are the site's record, not this station's: nothing to publish back as a call made alone.
    expect(store.audit.queueActionsSince('2026-03-15T00:00:00.000Z').map((entry) => entry.action)).toEqual(['queue-call', 'queue-call']);
    store.close();
  });

  it('a call replayed after the station called alone at that counter frees nobody: the patient called here since stays called', () => {
    const { store } = queueOfFive();
    const byNumber = (number: string) => store.visitsOfDay('2026-03-15').find((visit) => visit.queueNumber === number)!;
    // The site called A-003 at this station's P101; then the site was away and the desk called A-001 alone.
    expect(mirror(store, byNumber('A-003').visitId, 'called', 'A', 10)).toBe(true);
    expect(call(store, 11).called?.queueNumber).toBe('A-001');
    // Back: the site's latest call of each visit is replayed, the older first.
    expect(mirror(store, byNumber('A-003').visitId, 'called', 'A', 10)).toBe(false);
    expect(mirror(store, byNumber('A-001').visitId, 'called', 'A', 11)).toBe(true);
    expect(store.nowServing().map((visit) => [visit.queueNumber, visit.call?.counter])).toEqual([['A-001', 'P101']]);
    expect(byNumber('A-003').status).toBe('served');
    store.close();
  });
});
