import { describe, expect, it } from 'vitest';
import { bhytAllowed, givenName, maskId, problemOf } from './kiosk-flow';

const eligibility = (status: string) => ({ status, code: '000', message: '', card: null, newCard: null, correction: null }) as never;
const verification = (verdict: string) => ({ verdict }) as never;

describe('kiosk rules', () => {
  it('masks all but the last four digits and keeps only the given name', () => {
    expect(maskId('001090012345')).toBe('••••••••2345');
    expect(givenName('Nguyễn Văn An')).toBe('An');
    expect(givenName('Lữ Hoàng Phước Thảo Ngọc')).toBe('Ngọc');
  });

  it('sends a failed verification or an offline gateway to the desk', () => {
    expect(problemOf(verification('data-altered'), eligibility('eligible'))).toBe('verification');
    expect(problemOf(verification('clone-suspected'), null)).toBe('verification');
    expect(problemOf(verification('authentic'), eligibility('pending'))).toBe('offline');
    expect(problemOf(verification('authentic'), eligibility('eligible'))).toBeNull();
    expect(problemOf(verification('issuer-untrusted'), eligibility('not-eligible'))).toBeNull();
    expect(problemOf(verification('not-verifiable'), eligibility('eligible'))).toBe('photo-check');
  });

  it('offers the BHYT lane only to eligible cards', () => {
    expect(bhytAllowed(eligibility('eligible'))).toBe(true);
    expect(bhytAllowed(eligibility('eligible-new-card'))).toBe(true);
    expect(bhytAllowed(eligibility('not-eligible'))).toBe(false);
    expect(bhytAllowed(null)).toBe(false);
  });
});
