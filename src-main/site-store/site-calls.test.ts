import { describe, expect, it } from 'vitest';
import { callOfPayload } from './site-calls';

const call = {
  id: 7,
  action: 'call',
  visitId: '00000000-0000-4000-8000-00000000000c',
  counter: 'P101',
  counterName: { vi: 'Phòng 101', en: 'Room 101' },
  station: 'K1',
  at: '2026-03-15T08:30:00.123+07:00',
  queueNumber: 'NOI-003',
  service: 'NOI',
  queueDay: '2026-03-15',
  callCount: 1,
};

describe('a call as NOTIFY carries it', () => {
  it('is read with its time as a date', () => {
    expect(callOfPayload(JSON.stringify(call))).toMatchObject({ id: 7, queueNumber: 'NOI-003', at: new Date('2026-03-15T01:30:00.123Z') });
  });

  it('is dropped, never trusted, when damaged or hostile', () => {
    for (const payload of [undefined, '', 'not json', '[]', JSON.stringify({ ...call, action: 'shout' }), JSON.stringify({ ...call, queueNumber: 'x'.repeat(10_000) }), JSON.stringify({ ...call, visitId: "'; DROP TABLE calls; --" })]) {
      expect(callOfPayload(payload)).toBeNull();
    }
  });
});
