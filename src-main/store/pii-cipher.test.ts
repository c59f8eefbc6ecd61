import { describe, expect, it } from 'vitest';
import { PiiCipher } from './pii-cipher';

const cipher = new PiiCipher(new Uint8Array(32).fill(1));

describe('sealed columns (AES-256-GCM)', () => {
  it('opens what it sealed, and seals the same value differently each time (random nonce)', () => {
    const a = cipher.seal('patients.full_name', 'Nguyễn Văn An');
    const b = cipher.seal('patients.full_name', 'Nguyễn Văn An');
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(1 + 12 + Buffer.byteLength('Nguyễn Văn An') + 16);
    expect(cipher.open('patients.full_name', a)).toBe('Nguyễn Văn An');
  });

  it('refuses a box moved to another column (the column is the AAD)', () => {
    const box = cipher.seal('patients.address', 'Hà Nội');
    expect(() => cipher.open('patients.full_name', box)).toThrow(expect.objectContaining({ code: 'decrypt-failed' }));
  });

  it('refuses a changed byte, and another key', () => {
    const box = cipher.seal('patients.id_number', '001090012345');
    const changed = Buffer.from(box);
    changed[20]! ^= 1;
    expect(() => cipher.open('patients.id_number', changed)).toThrow(/decrypt-failed/);
    expect(() => new PiiCipher(new Uint8Array(32).fill(2)).open('patients.id_number', box)).toThrow(/decrypt-failed/);
    expect(() => cipher.open('patients.id_number', Buffer.from([1, 2, 3]))).toThrow(/not a sealed value/);
  });

  it('blind indexes are stable, ignore spacing and case, differ by kind and by key', () => {
    const index = cipher.blindIndex('patient-id-number', '001090012345');
    expect(index).toHaveLength(32);
    expect(cipher.blindIndex('patient-id-number', ' 0010 9001 2345').equals(index)).toBe(true);
    expect(cipher.blindIndex('staff-id-number', '001090012345').equals(index)).toBe(false);
    expect(new PiiCipher(new Uint8Array(32).fill(2)).blindIndex('patient-id-number', '001090012345').equals(index)).toBe(false);
    expect(cipher.blindIndex('patient-id-number', 'c1234567').equals(cipher.blindIndex('patient-id-number', 'C1234567'))).toBe(true);
  });

  it('takes only a 32-byte master key', () => {
    expect(() => new PiiCipher(new Uint8Array(16))).toThrow(/key-unavailable/);
  });
});
