import { describe, expect, it } from 'vitest';
import { vnDate, vnDateTime } from './when';

describe('Settings dates', () => {
  it('are Vietnam time (UTC+7), dd/MM/yyyy HH:mm, across the date line of UTC', () => {
    expect(vnDateTime('2026-12-01T19:52:00.000Z')).toBe('02/12/2026 02:52');
    expect(vnDateTime('2026-03-15T01:05:00.000Z')).toBe('15/03/2026 08:05');
    expect(vnDate('2039-12-31T23:59:59.000Z')).toBe('01/01/2040');
  });
});
