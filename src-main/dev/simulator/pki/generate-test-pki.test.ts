import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPkiDir } from './fixtures-dir';
import { generateTestPki } from './generate-test-pki';

const asBuffer = (contents: string | Uint8Array) => (typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents));

describe('generateTestPki', () => {
  // RSA key generation in pure JS takes seconds: two builds in this test, none elsewhere.
  it('builds the same bytes twice, and the same bytes as the committed fixtures/pki', { timeout: 180_000 }, () => {
    const first = generateTestPki().files;
    const second = generateTestPki().files;
    // Only Document Signer keys are written; CSCA keys are derived again whenever the PKI is rebuilt.
    expect([...first.keys()].sort()).toEqual([
      'ds-ecdsa.key.pem',
      'ds-ecdsa.pem',
      'ds-revoked.key.pem',
      'ds-revoked.pem',
      'ds-rsa-pss.key.pem',
      'ds-rsa-pss.pem',
      'ds-rsa.key.pem',
      'ds-rsa.pem',
      'ds-untrusted.key.pem',
      'ds-untrusted.pem',
      'test-csca-rsa.pem',
      'test-csca.crl',
      'test-csca.pem',
      'test-master-list.ml',
      'untrusted-csca.pem',
    ]);
    for (const [name, contents] of first) {
      expect(asBuffer(second.get(name)!).equals(asBuffer(contents)), `${name} differs between two builds`).toBe(true);
      // The files on disk come from an earlier, separate process: determinism across runs, and proof the
      // committed fixtures are what the generator makes today.
      const onDisk = readFileSync(join(defaultPkiDir(), name));
      expect(onDisk.equals(asBuffer(contents)), `${name} differs from a fresh build: run npm run fixtures:pki`).toBe(true);
    }
  });
});
