import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openEnrolment, sealEnrolment } from './enrolment';
import { SiteStoreError } from './errors';

const enrolment = { siteId: '0b8f5a36-3c5e-4f7e-9a51-2f1f0c8d6e11', demo: true, key: new Uint8Array(randomBytes(32)) };

const failure = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof SiteStoreError ? error.code : `untyped: ${String(error)}`;
  }
  return 'no error';
};

describe('the site enrolment file', () => {
  it('opens with its passphrase and gives back the site id, the demo flag and the key', () => {
    const text = sealEnrolment(enrolment, 'mật khẩu bệnh viện');
    expect(text).not.toContain(Buffer.from(enrolment.key).toString('base64'));
    expect(JSON.parse(text)).toMatchObject({ format: 'tiepdon-site-enrolment', v: 1, siteId: enrolment.siteId, demo: true, kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 } });
    expect(openEnrolment(text, 'mật khẩu bệnh viện')).toEqual(enrolment);
  });

  it('refuses a wrong passphrase, and a file whose demo flag or site id was edited', () => {
    const text = sealEnrolment(enrolment, 'correct horse');
    expect(failure(() => openEnrolment(text, 'wrong horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(text.replace('"demo": true', '"demo": false'), 'correct horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(text.replace(enrolment.siteId, '1b8f5a36-3c5e-4f7e-9a51-2f1f0c8d6e11'), 'correct horse'))).toBe('enrolment-invalid');
  });

  it('refuses hostile files with a typed error: not JSON, scrypt costs beyond bounds, a truncated box', () => {
    const file = JSON.parse(sealEnrolment(enrolment, 'correct horse'));
    expect(failure(() => openEnrolment('{"format":', 'correct horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 30 } }), 'correct horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(JSON.stringify({ ...file, kdf: { ...file.kdf, N: 3 * 2 ** 14 } }), 'correct horse'))).toBe('enrolment-invalid');
    // Each within its own bound, together 256 times this build's cost: refused before deriving (deriving takes minutes).
    expect(failure(() => openEnrolment(JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 20, r: 16, p: 4 } }), 'correct horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 18, r: 8, p: 1 } }), 'correct horse'))).toBe('enrolment-invalid');
    expect(failure(() => openEnrolment(JSON.stringify({ ...file, box: file.box.slice(0, 20) }), 'correct horse'))).toBe('enrolment-invalid');
  });

  it('asks for a passphrase of at least 8 characters', () => {
    expect(failure(() => sealEnrolment(enrolment, 'short'))).toBe('invalid');
  });
});
