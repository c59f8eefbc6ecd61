import { describe, expect, it } from 'vitest';
import { isExpired } from './IdentityPanel';

describe('isExpired', () => {
  const today = new Date(2026, 10, 22, 9, 0);
  it('is false through the last day of validity and true the day after', () => {
    expect(isExpired('22/11/2026', today)).toBe(false);
    expect(isExpired('21/11/2026', today)).toBe(true);
  });
  it('never expires a card "Không thời hạn" or an unreadable date', () => {
    expect(isExpired('Không thời hạn', today)).toBe(false);
    expect(isExpired(null, today)).toBe(false);
  });
});
