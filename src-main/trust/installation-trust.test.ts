// The desk's trust list: the shipped defaults (pinned), imports vouched for by a signature or by the
// administrator, and CRLs past their nextUpdate.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrustEntry } from '../contract';
import { fixedClock } from '../util/clock';
import { buildTestMasterList } from '../dev/simulator/pki/generate-test-pki';
import { defaultPkiDir } from '../dev/simulator/pki/fixtures-dir';
import { tempDir } from '../dev/testing/fakes';
import { parseCertificate } from './certificates';
import { defaultTrustDir } from './default-trust';
import { InstallationTrust, type TrustImportRequest } from './installation-trust';
import { readTrustMaterial } from './trust-material';

const pki = defaultPkiDir();
const fixture = (name: string) => new Uint8Array(readFileSync(join(pki, name)));
const signedList = fixture('test-master-list.ml');
const testCsca = parseCertificate(readTrustMaterial(fixture('test-csca.pem')).anchors[0]!.der);
const testCscaRsa = readTrustMaterial(fixture('test-csca-rsa.pem')).anchors[0]!;
const VN_CSCA = '6B5FA6FE45CC4E855A73760413E08B7A9AC50A27722C702F3909A90FACC991BD';
const NOW = '2026-03-15T01:30:00.000Z';

const open = (now = NOW, dataDir = tempDir()) => new InstallationTrust({ dataDir, clock: fixedClock(now) });
const asked: TrustImportRequest = { fileName: 'list.ml', via: 'settings', acceptUnsigned: false };
const confirmed: TrustImportRequest = { ...asked, acceptUnsigned: true };

describe('the default trust list', () => {
  it("holds the Vietnam CSCA and the German list's 581 CSCAs, all `default`, and no test CSCA", () => {
    const list = open().list();
    expect(list.every((entry) => TrustEntry.safeParse(entry).success)).toBe(true);
    // The Vietnamese certificate is also in the German list: one entry.
    expect(list).toHaveLength(581);
    expect(new Set(list.map((entry) => entry.source))).toEqual(new Set(['default']));
    expect(list.find((entry) => entry.fingerprint === VN_CSCA)).toMatchObject({
      kind: 'csca',
      subject: 'C=VN, O=Vietnam Government Information Security Commission, CN=CSCA ePassport Vietnam',
      notBefore: '2022-06-29T01:37:07.000Z',
      notAfter: '2037-10-01T01:37:06.000Z',
    });
    expect(list.some((entry) => entry.fingerprint === testCsca.fingerprint || entry.subject.includes('TEST'))).toBe(false);
    expect(list.some((entry) => 'importedAt' in entry)).toBe(false);
  });

  it('refuses to open when a default file has one byte changed, naming the file and what to do', () => {
    const dir = tempDir();
    cpSync(defaultTrustDir(), dir, { recursive: true });
    const bytes = readFileSync(join(dir, 'de-masterlist-2026-02.ml'));
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(join(dir, 'de-masterlist-2026-02.ml'), bytes);
    expect(() => new InstallationTrust({ dataDir: tempDir(), clock: fixedClock(NOW), defaultDir: dir })).toThrow(
      expect.objectContaining({ code: 'tampered-resource', message: expect.stringMatching(/de-masterlist-2026-02\.ml has SHA-256 [0-9A-F]{64}, expected 746443F7.*reinstall/) }),
    );
  });

  it('refuses to open when a default file is missing', () => {
    const dir = tempDir();
    cpSync(defaultTrustDir(), dir, { recursive: true });
    rmSync(join(dir, 'vn-csca-epassport-2022.pem'));
    expect(() => new InstallationTrust({ dataDir: tempDir(), clock: fixedClock(NOW), defaultDir: dir })).toThrow(
      expect.objectContaining({ code: 'tampered-resource', message: expect.stringContaining('vn-csca-epassport-2022.pem is missing') }),
    );
  });

  it('lists demo CSCAs as `demo` when the host gives them, and trusts them for reads', () => {
    const trust = new InstallationTrust({ dataDir: tempDir(), clock: fixedClock(NOW), demo: { anchors: [testCsca], crls: [] } });
    expect(trust.list().find((entry) => entry.fingerprint === testCsca.fingerprint)?.source).toBe('demo');
    expect(trust.store().sourceOf(testCsca.fingerprint)).toBe('demo');
  });
});

describe('importing a CMS-signed master list', () => {
  it('imports the test PKI list, says who signed it and that the signer chains to a CSCA of the list', () => {
    const dataDir = tempDir();
    const trust = open(NOW, dataDir);
    expect(trust.import(signedList, asked)).toEqual({
      status: 'imported',
      added: 2,
      alreadyPresent: 0,
      anchors: 2,
      crls: 0,
      signedBy: {
        subject: 'C=VN, O=Tiep Don TEST PKI, CN=ML SIGNER TEST Tiep Don',
        fingerprint: expect.stringMatching(/^[0-9A-F]{64}$/),
        chainsTo: { subject: 'C=VN, O=Tiep Don TEST PKI, CN=CSCA TEST Tiep Don', fingerprint: testCsca.fingerprint, foundIn: 'list' },
      },
    });
    const imported = trust.list().filter((entry) => entry.source === 'imported');
    expect(imported.map((entry) => [entry.fingerprint, entry.importedAt]).sort()).toEqual([testCsca.fingerprint, testCscaRsa.fingerprint].sort().map((fp) => [fp, NOW]));
    expect(trust.imports()).toEqual([
      { at: NOW, fileName: 'list.ml', via: 'settings', signedBy: expect.objectContaining({ subject: expect.stringContaining('ML SIGNER') }), unsignedConfirmed: false, added: expect.any(Array) }],
    );
    // A second desk process reads the same folder.
    expect(open(NOW, dataDir).store().sourceOf(testCscaRsa.fingerprint)).toBe('imported');
    expect(open(NOW, dataDir).import(signedList, asked)).toMatchObject({ status: 'imported', added: 0, alreadyPresent: 2 });
  });

  it('refuses the same list with one byte of the CscaMasterList changed, and stores nothing', () => {
    const tampered = signedList.slice();
    // A byte inside the second certificate's signature: the list still parses, only the CMS signature catches it.
    const offset = Buffer.from(tampered).indexOf(Buffer.from(testCscaRsa.der.subarray(testCscaRsa.der.length - 40)));
    expect(offset).toBeGreaterThan(0);
    tampered[offset + 5]! ^= 0x01;
    const dataDir = tempDir();
    expect(() => open(NOW, dataDir).import(tampered, confirmed)).toThrow(expect.objectContaining({ code: 'bad-signature', message: expect.stringContaining('messageDigest') }));
    expect(open(NOW, dataDir).list().filter((entry) => entry.source === 'imported')).toEqual([]);
    expect(open(NOW, dataDir).imports()).toEqual([]);
  });

  it('refuses a list whose signature bytes were changed', () => {
    const tampered = signedList.slice();
    tampered[tampered.length - 1]! ^= 0x01;
    expect(() => open().import(tampered, confirmed)).toThrow(expect.objectContaining({ code: 'bad-signature' }));
  });

  it('never stores a certificate that the signature did not cover, whatever single byte is changed', () => {
    const signedFingerprints = [testCsca.fingerprint, testCscaRsa.fingerprint].sort();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: signedList.length - 1 }), fc.integer({ min: 1, max: 255 }), (offset, xor) => {
        const changed = signedList.slice();
        changed[offset]! ^= xor;
        const trust = open();
        try {
          trust.import(changed, asked);
        } catch (error) {
          expect(error).toMatchObject({ name: 'TrustError' });
          return;
        }
        // Bytes outside the signed content and signature (the unsigned digestAlgorithms set, say) may change.
        expect(trust.list().filter((entry) => entry.source === 'imported').map((entry) => entry.fingerprint).sort()).toEqual(signedFingerprints);
      }),
      { seed: 19, numRuns: 150 },
    );
  });

  it('refuses a list whose signer chains to no CSCA in the list or the store', () => {
    const list = buildTestMasterList({ issuer: 'untrustedCsca', certificates: [testCsca.der] });
    expect(() => open().import(list, confirmed)).toThrow(
      expect.objectContaining({ code: 'signer-untrusted', message: expect.stringContaining('ML SIGNER TEST Tiep Don') }),
    );
  });

  it('accepts a signer that chains to a CSCA already in the trust store rather than in the list', () => {
    const dataDir = tempDir();
    expect(open(NOW, dataDir).import(fixture('test-csca.pem'), confirmed)).toMatchObject({ status: 'imported', added: 1 });
    const list = buildTestMasterList({ issuer: 'csca', certificates: [testCscaRsa.der] });
    expect(open(NOW, dataDir).import(list, asked)).toMatchObject({ status: 'imported', added: 1, signedBy: { chainsTo: { foundIn: 'trust-store', fingerprint: testCsca.fingerprint } } });
  });
});

describe('importing unsigned material', () => {
  it('asks for confirmation first and stores nothing; with it, imports and records the confirmation', () => {
    const dataDir = tempDir();
    const trust = open(NOW, dataDir);
    expect(trust.import(fixture('test-csca.pem'), asked)).toEqual({ status: 'needs-confirmation', reason: 'unsigned', anchors: 1, crls: 0 });
    expect(trust.list().filter((entry) => entry.source === 'imported')).toEqual([]);
    expect(trust.import(fixture('test-csca.pem'), confirmed)).toMatchObject({ status: 'imported', added: 1, signedBy: null });
    expect(trust.imports()[0]).toMatchObject({ unsignedConfirmed: true, signedBy: null, added: [testCsca.fingerprint] });
  });

  it('counts a default certificate imported again as already present, leaving it `default`', () => {
    const trust = open();
    expect(trust.import(readFileSync(join(defaultTrustDir(), 'vn-csca-epassport-2022.pem')), confirmed)).toMatchObject({ added: 0, alreadyPresent: 1 });
    expect(trust.list().find((entry) => entry.fingerprint === VN_CSCA)?.source).toBe('default');
  });

  it('refuses what is not trust material with a typed error', () => {
    expect(() => open().import(new TextEncoder().encode('not a certificate'), confirmed)).toThrow(expect.objectContaining({ name: 'TrustError' }));
    expect(() => open().import(new Uint8Array(0), confirmed)).toThrow(expect.objectContaining({ name: 'TrustError' }));
  });
});

describe('CRLs', () => {
  it('lists a CRL with its nextUpdate, `stale` once that has passed', () => {
    const dataDir = tempDir();
    open(NOW, dataDir).import(fixture('test-csca.crl'), confirmed);
    const crl = (now: string) => open(now, dataDir).list().find((entry) => entry.kind === 'crl');
    expect(crl(NOW)).toMatchObject({
      subject: 'C=VN, O=Tiep Don TEST PKI, CN=CSCA TEST Tiep Don',
      notBefore: '2026-01-01T00:00:00.000Z',
      nextUpdate: '2036-01-01T00:00:00.000Z',
      source: 'imported',
      stale: false,
    });
    expect(crl('2036-01-01T00:00:01.000Z')).toMatchObject({ stale: true });
  });
});
