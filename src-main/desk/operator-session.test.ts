import { describe, expect, it } from 'vitest';
import type { Clock } from '../util/clock';
import { tempDir, testSettings } from '../dev/testing/fakes';
import { OperatorSession } from './operator-session';

const hoa = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };
const tuan = { fullName: 'Lê Minh Tuấn', idNumber: '079088000002' };

function world() {
  let now = Date.parse('2026-12-01T01:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const settings = testSettings(tempDir());
  settings.update({ operators: [hoa, tuan], operatorLockMinutes: 15 });
  const session = new OperatorSession(settings, clock);
  const seen: (string | null)[] = [];
  session.watch((operator) => seen.push(operator?.idNumber ?? null));
  return { session, settings, seen, advance: (minutes: number) => (now += minutes * 60_000) };
}

describe('who works at the desk', () => {
  it('nobody until someone on the roster signs in; a CCCD not on it is refused', () => {
    const { session, seen } = world();
    expect(session.current()).toBeNull();
    expect(session.signIn('001190000009')).toBeNull();
    expect(session.signIn(hoa.idNumber)).toEqual(hoa);
    expect(session.current()).toEqual(hoa);
    expect(seen).toEqual([hoa.idNumber]);
  });

  it('locks after the idle time; work at the desk keeps the operator signed in', () => {
    const { session, seen, advance } = world();
    session.signIn(hoa.idNumber);
    advance(14);
    session.touch();
    advance(14);
    expect(session.current()).toEqual(hoa);
    advance(2);
    expect(session.current()).toBeNull();
    expect(seen).toEqual([hoa.idNumber, null]);
  });

  it('anyone on the roster takes over at once; an operator taken off the roster is signed out', () => {
    const { session, settings } = world();
    session.signIn(hoa.idNumber);
    expect(session.signIn(tuan.idNumber)).toEqual(tuan);
    settings.update({ operators: [hoa] });
    expect(session.current()).toBeNull();
    session.close();
  });
});
