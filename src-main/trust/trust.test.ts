import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { tempDir } from '../dev/testing/fakes';
import { parseCertificate } from './certificates';
import { readTrustMaterial, readTrustPath } from './trust-material';
import { ImportedTrustFiles, removeTrustEntry, saveTrustMaterial } from './trust-store-files';

const resources = new URL('../../resources/trust/', import.meta.url);
const vnPem = readFileSync(new URL('vn-csca-epassport-2022.pem', resources));
const vnSki = '88918F5A';

describe('trust anchors from real CSCA data (resources/trust)', () => {
  it("verifies the Vietnam CSCA's self-signature (ecdsa-with-SHA512, brainpoolP512r1, explicit parameters)", () => {
    const [csca] = readTrustMaterial(new Uint8Array(vnPem)).anchors;
    expect(csca!.x509.subject).toContain('CN=CSCA ePassport Vietnam');
    expect(csca!.x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP512r1');
    expect(csca!.x509.verify(csca!.x509.publicKey)).toBe(true);
    expect(csca!.fingerprint.startsWith('6B5FA6FE')).toBe(true);
  });

  it('imports the German master list: 581 certificates, the Vietnamese one found by subject key identifier', () => {
    const material = readTrustPath(new URL('de-masterlist-2026-02.ml', resources).pathname);
    expect(material.anchors).toHaveLength(581);
    const vn = material.anchors.filter((anchor) => anchor.subjectKeyId?.startsWith(vnSki));
    expect(vn).toHaveLength(1);
    expect(vn[0]!.x509.subject).toContain('C=VN');
  });

  it("reads every default certificate's key identifiers from the DER as pkijs does", () => {
    const { anchors } = readTrustPath(new URL('de-masterlist-2026-02.ml', resources).pathname);
    const fromPkijs = (certificate: (typeof anchors)[number], oid: string) => certificate.parsed.extensions?.find((extension) => extension.extnID === oid)?.parsedValue;
    let withAki = 0;
    for (const anchor of anchors) {
      const ski = fromPkijs(anchor, '2.5.29.14') as asn1js.OctetString | undefined;
      const aki = fromPkijs(anchor, '2.5.29.35') as pkijs.AuthorityKeyIdentifier | undefined;
      expect(anchor.subjectKeyId).toBe(ski ? toHex(new Uint8Array(ski.valueBlock.valueHexView)) : null);
      expect(anchor.authorityKeyId).toBe(aki?.keyIdentifier ? toHex(new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView)) : null);
      if (anchor.authorityKeyId) withAki += 1;
    }
    expect(withAki).toBeGreaterThan(400);
  });

  it('persists imports idempotently, lists and removes them', () => {
    const dataDir = tempDir();
    const material = readTrustMaterial(new Uint8Array(vnPem));
    expect(saveTrustMaterial(dataDir, material)).toEqual({ added: [material.anchors[0]!.fingerprint], alreadyPresent: 0 });
    expect(saveTrustMaterial(dataDir, material)).toEqual({ added: [], alreadyPresent: 1 });
    const files = new ImportedTrustFiles(dataDir);
    expect(files.read().material.anchors.map((anchor) => anchor.fingerprint)).toEqual([material.anchors[0]!.fingerprint]);
    expect(removeTrustEntry(dataDir, material.anchors[0]!.fingerprint.slice(0, 12))).toBe(true);
    expect(files.read().material.anchors).toHaveLength(0);
  });

  it('skips a damaged file in the data folder instead of failing every read', () => {
    const dataDir = tempDir();
    const material = readTrustMaterial(new Uint8Array(vnPem));
    saveTrustMaterial(dataDir, material);
    writeFileSync(join(dataDir, 'trust', 'anchors', `${'0'.repeat(64)}.der`), 'not DER');
    expect(new ImportedTrustFiles(dataDir).read().material.anchors.map((anchor) => anchor.fingerprint)).toEqual([material.anchors[0]!.fingerprint]);
  });

  it('refuses files that are not trust material with a typed error', () => {
    expect(() => readTrustMaterial(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]))).toThrow(expect.objectContaining({ name: 'TrustError' }));
    expect(() => readTrustMaterial(new TextEncoder().encode('hello'))).toThrow(expect.objectContaining({ name: 'TrustError' }));
    expect(() => parseCertificate(new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'not-a-certificate' }));
  });
});
